#!/usr/bin/python3
# Reference fixtures for the evaluation metrics (src-main/eval/), in mir_eval's manner: each value
# is computed once here by an independent implementation (scikit-learn and numpy, not our code),
# stored in test/fixtures/eval/reference.json, and test/eval/reference.test.ts asserts that our
# functions reproduce it within 1e-12.
#
# Regenerate (Debian's python3-sklearn and python3-numpy; NOT the python3 first on PATH):
#
#     /usr/bin/python3 scripts/eval-fixtures.py
#
# Fixed seed (SEED below), so the output is the same on every run with the same library versions,
# which are recorded in the file. Only regenerate when a case is added: the stored numbers are the
# reference, and a test that fails against them means our code changed, not the fixture.
#
# What is computed, and how the protocol's choices are mirrored:
# - Rank order (the tie rule of src-main/eval/rankings.ts, stated there and repeated here):
#   candidates sorted by (distance, candidate index) ascending, the query itself left out;
#   +Infinity sorts after every finite distance. Here that order is numpy's lexsort on
#   (index, distance), which does not share any code with ours.
# - MAP: sklearn.metrics.average_precision_score per query, mean over the queries with at least
#   one relevant candidate. sklearn groups equal scores into one threshold (a tied block is
#   retrieved at once), which is NOT our rule; so the score given to sklearn is minus the position
#   in the rank order above: all scores distinct, and sklearn's AP on them is the textbook
#   non-interpolated AP of that order (Manning, Raghavan & Schütze, IIR, ch. 8). What sklearn
#   would give with the distances themselves as scores is stored too ("map_ties_grouped"), to
#   show how much the tie rule moves MAP on each case; it is not what we compute.
# - MRR, MR1, P@10, Top-1, Top-10: numpy on the same rank order. P@10 always divides by 10.
# - Queries with no relevant candidate (single-performance works) are left out of every mean
#   and counted as "excluded", as the Da-TACOS / acoss protocol (Yesiler et al., ISMIR 2019) does
#   for MAP.
# - AUC: sklearn.metrics.roc_auc_score, positive class "versions", score = minus the pair
#   distance. Square matrices: each unordered pair {i, j} once, its distance the mean of d(i, j)
#   and d(j, i). Queries x candidates: every cell is one pair. sklearn refuses infinite scores,
#   so AFTER the pair means are taken (a mean with an infinite side is infinite) every +Infinity
#   pair distance is replaced by one value above every finite pair distance: ties among them
#   stay ties and their order against finite distances is unchanged, and AUC depends on nothing
#   else. sklearn's tie handling (equal scores share one threshold, the trapezoid credits a tied
#   version / non-version pair one half) is the rule of src-main/eval/roc.ts.
#
# Distances are written as JSON numbers (shortest round-trip repr, so JavaScript reads the same
# doubles), with +Infinity as the string "Infinity" (JSON has no infinity). The diagonal of a
# square matrix is never read by the protocol and is written as 0.
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.metrics import average_precision_score, roc_auc_score

SEED = 20261125
CUTOFF = 10
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'eval', 'reference.json')


def rank_order(row, skip):
    """Candidate indices by (distance, index), without `skip`."""
    idx = np.array([j for j in range(len(row)) if j != skip], dtype=np.int64)
    d = np.asarray(row, dtype=np.float64)[idx]
    return idx[np.lexsort((idx, d))]


def ranking_reference(d, qlabels, clabels, self_index):
    ap, ap_grouped, first, per_query = [], [], [], []
    for q, ql in enumerate(qlabels):
        skip = self_index[q]
        order = rank_order(d[q], skip)
        rel = np.array([clabels[c] == ql for c in order])
        if not rel.any():
            per_query.append(None)
            continue
        # Distinct scores, decreasing along the rank order: sklearn sees exactly our order.
        a = float(average_precision_score(rel, -np.arange(len(order), dtype=np.float64)))
        cands = [c for c in range(len(clabels)) if c != skip]
        grouped = float(average_precision_score([clabels[c] == ql for c in cands], [-d[q][c] if np.isfinite(d[q][c]) else -1e300 for c in cands]))
        hits = np.flatnonzero(rel)
        f = int(hits[0]) + 1
        p10 = float(np.count_nonzero(hits < CUTOFF)) / CUTOFF
        ap.append(a)
        ap_grouped.append(grouped)
        first.append(f)
        per_query.append({'ap': a, 'firstRank': f, 'pAt10': p10})
        # An independent check of the check: AP as the mean of precision at each relevant rank.
        assert abs(a - float(np.mean((np.arange(len(hits)) + 1) / (hits + 1)))) < 1e-12
    first_a = np.array(first, dtype=np.float64)
    p10s = [p['pAt10'] for p in per_query if p is not None]
    return {
        'queries': len(ap),
        'excluded': len(qlabels) - len(ap),
        'map': float(np.mean(ap)),
        'mrr': float(np.mean(1.0 / first_a)),
        'mr1': float(np.mean(first_a)),
        'pAt10': float(np.mean(p10s)),
        'top1': int(np.count_nonzero(first_a == 1)),
        'top10': int(np.count_nonzero(first_a <= CUTOFF)),
        'map_ties_grouped': float(np.mean(ap_grouped)),
        'perQuery': per_query,
    }


def auc_reference(pair_d, is_version):
    pair_d = np.asarray(pair_d, dtype=np.float64)
    finite = pair_d[np.isfinite(pair_d)]
    big = (finite.max() + 1.0) if finite.size else 1.0
    scores = -np.where(np.isinf(pair_d), big, pair_d)
    return float(roc_auc_score(np.asarray(is_version), scores))


def square_pairs(d, labels):
    n = len(labels)
    pd, v = [], []
    for i in range(n):
        for j in range(i + 1, n):
            pd.append((d[i][j] + d[j][i]) / 2)
            v.append(labels[i] == labels[j])
    return pd, v


def cell_pairs(d, qlabels, clabels):
    pd, v = [], []
    for q, ql in enumerate(qlabels):
        for c, cl in enumerate(clabels):
            pd.append(d[q][c])
            v.append(ql == cl)
    return pd, v


def encode(d):
    return [[('Infinity' if x == np.inf else float(x)) for x in row] for row in d]


def square_case(name, note, d, labels):
    d = np.asarray(d, dtype=np.float64)
    assert not np.isnan(d).any() and not (d == -np.inf).any()
    np.fill_diagonal(d, 0.0)
    pd, v = square_pairs(d, labels)
    ref = ranking_reference(d, labels, labels, list(range(len(labels))))
    ref['auc'] = auc_reference(pd, v) if (any(v) and not all(v)) else None
    ref['versionPairs'] = int(sum(v))
    ref['nonVersionPairs'] = len(v) - int(sum(v))
    return {'name': name, 'note': note, 'kind': 'square', 'labels': list(labels), 'distances': encode(d), 'expected': ref}


def rect_case(name, note, d, qlabels, clabels, self_index=None):
    d = np.asarray(d, dtype=np.float64)
    assert not np.isnan(d).any() and not (d == -np.inf).any()
    si = self_index if self_index is not None else [None] * len(qlabels)
    ref = ranking_reference(d, qlabels, clabels, si)
    if self_index is None:
        pd, v = cell_pairs(d, qlabels, clabels)
        ref['auc'] = auc_reference(pd, v)
        ref['versionPairs'] = int(sum(v))
        ref['nonVersionPairs'] = len(v) - int(sum(v))
    case = {'name': name, 'note': note, 'kind': 'rect', 'queryLabels': list(qlabels), 'candidateLabels': list(clabels), 'distances': encode(d), 'expected': ref}
    if self_index is not None:
        case['selfIndex'] = list(self_index)
    return case


def works(rng, sizes, prefix):
    """Labels for works of the given sizes, shuffled, so versions are not adjacent indices."""
    labels = [f'{prefix}{w}' for w, s in enumerate(sizes) for _ in range(s)]
    rng.shuffle(labels)
    return labels


def biased(rng, qlabels, clabels, step=None, inf_rate=0.0, symmetric=False):
    """Versions nearer on average but overlapping non-versions; optional quantisation and +Infinity."""
    same = np.array([[a == b for b in clabels] for a in qlabels])
    d = np.where(same, rng.uniform(0.0, 0.7, same.shape), rng.uniform(0.3, 1.0, same.shape))
    if step is not None:
        d = np.round(d / step) * step
    if inf_rate > 0:
        d[rng.random(d.shape) < inf_rate] = np.inf
    if symmetric:
        d = np.triu(d, 1)
        d = d + d.T
    return d


def main():
    rng = np.random.default_rng(SEED)
    cases = []

    # Hand-sized, every off-diagonal distance 1, 2 or 3: ties between versions and non-versions
    # at the top of several rankings, one single (item 7, work 'S').
    labels = ['A', 'B', 'A', 'C', 'B', 'A', 'C', 'S']
    d = rng.integers(1, 4, (8, 8)).astype(np.float64)
    d = np.triu(d, 1)
    d = d + d.T
    cases.append(square_case('small_ties', 'symmetric, distances in {1, 2, 3}; one single (excluded)', d, labels))

    # Asymmetric with +Infinity: abandoned pairs in one direction only (the pair mean is then
    # infinite), a query whose only version is at +Infinity, ties among infinite candidates.
    labels = [1, 1, 2, 2, 3, 3, 3]
    d = rng.integers(1, 6, (7, 7)).astype(np.float64) / 2
    d[0, 1] = np.inf  # query 0's only version, infinite
    d[1, 0] = 0.5
    d[2, 4] = d[2, 5] = d[2, 6] = np.inf
    d[4, 2] = np.inf
    d[6, 0] = np.inf
    cases.append(square_case('small_inf', 'asymmetric, half-integer distances, +Infinity in one and both directions', d, labels))

    # Medium, quantised to 0.05 (many ties), asymmetric, 3 % infinite, works of 1 to 5 versions.
    sizes = [5, 5, 4, 4, 3, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    labels = works(rng, sizes, 'w')
    cases.append(square_case('medium_quantised', f'{len(labels)} items, asymmetric, distances quantised to 0.05, 3 % +Infinity, 15 singles', biased(rng, labels, labels, step=0.05, inf_rate=0.03), labels))

    # Medium, continuous (no ties at all): there the tie rule cannot matter.
    sizes = [6, 5, 5, 4, 4, 4, 3, 3, 3, 3, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1]
    labels = works(rng, sizes, 'v')
    cases.append(square_case('medium_continuous', f'{len(labels)} items, symmetric, continuous distances (no ties)', biased(rng, labels, labels, symmetric=True), labels))

    # Numeric labels, everything tied except a few: the extreme of the tie rule.
    labels = [0, 0, 0, 1, 1, 2, 2, 2, 2, 3]
    d = np.full((10, 10), 1.0)
    d[3, 8] = d[8, 3] = 0.5
    d[9, :] = np.inf
    cases.append(square_case('nearly_all_tied', 'every distance 1 but one pair at 0.5 and a row of +Infinity', d, labels))

    # Queries against another set: 25 queries, 40 candidates, disjoint; some queries' works are
    # absent from the candidates (excluded); every cell is a pair for AUC.
    clabels = works(rng, [4, 4, 3, 3, 3, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 'c')
    qworks = sorted(set(clabels))
    qlabels = [qworks[k] for k in rng.integers(0, len(qworks), 21)] + ['absent1', 'absent2', 'absent3', 'absent4']
    rng.shuffle(qlabels)
    cases.append(rect_case('rect', '25 queries x 40 candidates, quantised to 0.1, 5 % +Infinity, 4 queries without versions', biased(rng, qlabels, clabels, step=0.1, inf_rate=0.05), qlabels, clabels))

    # Queries that are also candidates: selfIndex leaves a query out of its own ranking.
    clabels = works(rng, [4, 3, 3, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 'x')
    picks = list(rng.choice(len(clabels), 8, replace=False))
    qlabels = [clabels[c] for c in picks] + ['x999', clabels[0]]
    self_index = [int(c) for c in picks] + [None, None]
    d = biased(rng, qlabels, clabels, step=0.1, inf_rate=0.05)
    for q, c in enumerate(self_index):
        if c is not None:
            d[q][c] = 0.0
    cases.append(rect_case('rect_self', f'{len(qlabels)} queries x {len(clabels)} candidates, 8 queries are candidates (selfIndex), quantised to 0.1', d, qlabels, clabels, self_index))

    doc = {
        'generator': 'scripts/eval-fixtures.py',
        'command': '/usr/bin/python3 scripts/eval-fixtures.py',
        'seed': SEED,
        'versions': {'python': sys.version.split()[0], 'numpy': np.__version__, 'sklearn': sklearn.__version__},
        'tieRule': 'rank order by (distance, candidate index) ascending, query left out, +Infinity last; '
                   'AP by sklearn.metrics.average_precision_score on scores = -position in that order',
        'cases': cases,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump(doc, f, indent=1, allow_nan=False)
        f.write('\n')
    for c in cases:
        e = c['expected']
        print(f"{c['name']:18} queries {e['queries']:3} excluded {e['excluded']:2}  MAP {e['map']:.6f} (ties grouped {e['map_ties_grouped']:.6f})  "
              f"MRR {e['mrr']:.6f}  P@10 {e['pAt10']:.4f}  AUC {round(e['auc'], 6) if e.get('auc') is not None else '-'}")


if __name__ == '__main__':
    main()
