# Evaluation under the Da-TACOS protocol (Yesiler et al. 2019), as `refrain eval` does it: each
# performance queries all the others, relevant = same work, queries without versions left out;
# the chance level (the expected MAP of a random ranking of the same set); and the calibrated
# verdict threshold: the equal-error-rate distance of the version / non-version distributions.
import numpy as np
import torch


def embed_all(model, items, batch_limit=1):
    """Full-length embeddings, one performance at a time (lengths differ; no padding to leak in)."""
    model.eval()
    out = []
    with torch.no_grad():
        for item in items:
            out.append(model(torch.from_numpy(item.chroma[None]))[0].numpy())
    return np.stack(out) if out else np.zeros((0, model.config['dim']), dtype=np.float32)


def distance_matrix(emb):
    sq = np.maximum(2 - 2 * emb.astype(np.float64) @ emb.astype(np.float64).T, 0)
    return np.sqrt(sq)


def mean_average_precision(dist, works):
    works = np.asarray(works)
    aps = []
    for q in range(len(works)):
        others = np.arange(len(works)) != q
        relevant = (works == works[q]) & others
        if not relevant.any():
            continue
        # Stable sort on distance, ties broken by index: the same order the TypeScript evaluation uses.
        order = [i for i in np.argsort(dist[q], kind='stable') if others[i]]
        hits, precisions = 0, []
        for rank, i in enumerate(order, start=1):
            if relevant[i]:
                hits += 1
                precisions.append(hits / rank)
        aps.append(np.mean(precisions))
    return float(np.mean(aps)) if aps else float('nan')


def chance_map(works):
    """Expected MAP of a uniformly random ranking. For a query with R relevant among n others:
    E[AP] = (1/n) * sum_k [1/k + (R-1)/(n-1) * (k-1)/k] (each rank is relevant with chance R/n,
    and given that, the expected precision there is (1 + (R-1)(k-1)/(n-1))/k)."""
    works = list(works)
    n = len(works) - 1
    aps = []
    for q, work in enumerate(works):
        r = sum(1 for i, w in enumerate(works) if w == work and i != q)
        if r == 0:
            continue
        k = np.arange(1, n + 1, dtype=np.float64)
        extra = (r - 1) / (n - 1) * (k - 1) / k if n > 1 else 0
        aps.append(float(np.sum(1 / k + extra) / n))
    return float(np.mean(aps)) if aps else float('nan')


def eer_threshold(dist, works):
    """Each unordered pair once; the distance where the false-accept and false-reject rates meet."""
    works = np.asarray(works)
    iu = np.triu_indices(len(works), 1)
    d = dist[iu]
    same = (works[:, None] == works[None, :])[iu]
    pos, neg = np.sort(d[same]), np.sort(d[~same])
    if len(pos) == 0 or len(neg) == 0:
        return None
    best = None
    for t in np.unique(np.concatenate([pos, neg])):
        frr = 1 - np.searchsorted(pos, t, side='right') / len(pos)
        far = np.searchsorted(neg, t, side='right') / len(neg)
        gap = abs(frr - far)
        if best is None or gap < best[0]:
            best = (gap, float(t), float(frr), float(far))
    _, threshold, frr, far = best
    return {'threshold': threshold, 'falseRejectRate': frr, 'falseAcceptRate': far,
            'versionPairs': int(len(pos)), 'nonVersionPairs': int(len(neg))}


def evaluate(model, items):
    if not items:
        return {'map': float('nan'), 'chance': float('nan'), 'queries': 0}
    emb = embed_all(model, items)
    works = [it.work for it in items]
    dist = distance_matrix(emb)
    queries = sum(1 for q, w in enumerate(works) if any(w == v for i, v in enumerate(works) if i != q))
    return {'map': mean_average_precision(dist, works), 'chance': chance_map(works), 'queries': queries,
            'items': len(items), 'calibration': eer_threshold(dist, works)}


def main(argv=None):
    """Evaluate a checkpoint on a dataset (all of it, or one part of its splits file): the numbers
    a model card reports, for data the model was not trained on."""
    import argparse
    import json
    import os
    import sys
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from data import load_dataset, split_from_file
    from export import load_checkpoint
    parser = argparse.ArgumentParser(description='MAP of a trained embedder under the Da-TACOS protocol.')
    parser.add_argument('--checkpoint', required=True)
    parser.add_argument('--dataset', required=True)
    parser.add_argument('--part', choices=['all', 'train', 'val', 'test'], default='all', help='a part of the dataset\'s splits.json')
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    model, _ = load_checkpoint(args.checkpoint)
    items = load_dataset(args.dataset)
    if args.part != 'all':
        items = split_from_file(items, os.path.join(args.dataset, 'splits.json'))[['train', 'val', 'test'].index(args.part)]
    result = evaluate(model, items)
    print(json.dumps({'type': 'evaluation', 'dataset': args.dataset, 'part': args.part, **result}), flush=True)


if __name__ == '__main__':
    main()
