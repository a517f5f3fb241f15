# The two training objectives over a batch of L2-normalised embeddings with work labels:
# the Siamese contrastive loss (Hadsell, Chopra & LeCun 2006) over every pair in the batch, and
# the triplet loss with online hard mining (the "batch hard" variant of Hermans, Beyer & Leibe
# 2017: each anchor's farthest version and nearest non-version in the batch).
import torch


def pairwise_distances(emb):
    # From the Gram matrix: unit vectors give |a-b|^2 = 2 - 2 a.b; clamped before the sqrt so
    # identical rows have a zero distance and a finite gradient.
    sq = (2 - 2 * emb @ emb.t()).clamp(min=1e-12)
    return sq.sqrt()


def _masks(labels):
    labels = torch.as_tensor(labels)
    same = labels[:, None] == labels[None, :]
    eye = torch.eye(len(labels), dtype=torch.bool)
    return same & ~eye, ~same


def contrastive_loss(emb, labels, margin=1.0):
    """Versions pulled together (d^2), non-versions pushed past the margin ((m - d)^2). The two
    means are added, so the many more negative pairs of a batch do not drown the positives."""
    d = pairwise_distances(emb)
    pos, neg = _masks(labels)
    return (d[pos] ** 2).mean() + (torch.relu(margin - d[neg]) ** 2).mean()


def triplet_hard_loss(emb, labels, margin=0.3):
    """For each anchor: its hardest positive and hardest negative in the batch."""
    d = pairwise_distances(emb)
    pos, neg = _masks(labels)
    hardest_pos = (d * pos).max(dim=1).values
    hardest_neg = d.masked_fill(~neg, float('inf')).min(dim=1).values
    has = pos.any(dim=1) & neg.any(dim=1)
    return torch.relu(hardest_pos - hardest_neg + margin)[has].mean()


LOSSES = {'contrastive': contrastive_loss, 'triplet': triplet_hard_loss}
