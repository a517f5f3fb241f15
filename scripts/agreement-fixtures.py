#!/usr/bin/python3
# Reference fixtures for the clustering agreement measures (src-main/eval/agreement*.ts), in
# mir_eval's manner: each value is computed once here by an independent implementation and stored
# in test/fixtures/eval/agreement.json; test/eval/agreement.test.ts asserts that our functions
# reproduce it within 1e-9.
#
# Regenerate (Debian's python3-sklearn and python3-numpy; NOT the python3 first on PATH):
#
#     /usr/bin/python3 scripts/agreement-fixtures.py
#
# Fixed seed (SEED below), so the output is the same on every run with the same library versions,
# which are recorded in the file. Only regenerate when a case is added.
#
# Oracles:
# - ARI: sklearn.metrics.adjusted_rand_score.
# - AMI: sklearn.metrics.adjusted_mutual_info_score with average_method='arithmetic' (its default).
# - Homogeneity, completeness, V-measure: sklearn.metrics.homogeneity_completeness_v_measure.
# - Pairwise precision / recall / F1: sklearn.metrics.cluster.pair_confusion_matrix (which counts
#   ordered pairs, so every count is twice the unordered one; the ratios are the same).
# - B-cubed precision / recall / F1: numpy, item by item from the definition (Amigó et al. 2009),
#   not from a contingency table.
# 0/0 conventions shared with ours: pairwise precision 1 when no pair is claimed, recall 1 when no
# two items share a work.
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.metrics import adjusted_mutual_info_score, adjusted_rand_score, homogeneity_completeness_v_measure
from sklearn.metrics.cluster import pair_confusion_matrix

SEED = 20261126
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'eval', 'agreement.json')


def prf(p, r):
    return {'precision': p, 'recall': r, 'f1': 0.0 if p + r == 0 else 2 * p * r / (p + r)}


def pairwise(truth, pred):
    (_, fp), (fn, tp) = pair_confusion_matrix(truth, pred)
    claimed, relevant = tp + fp, tp + fn
    return prf(1.0 if claimed == 0 else tp / claimed, 1.0 if relevant == 0 else tp / relevant)


def bcubed(truth, pred):
    t = np.asarray(truth)
    c = np.asarray(pred)
    p, r = [], []
    for e in range(len(t)):
        same_cluster = c == c[e]
        same_work = t == t[e]
        both = np.count_nonzero(same_cluster & same_work)
        p.append(both / np.count_nonzero(same_cluster))
        r.append(both / np.count_nonzero(same_work))
    return prf(float(np.mean(p)), float(np.mean(r)))


def reference(truth, pred):
    h, c, v = homogeneity_completeness_v_measure(truth, pred)
    return {
        'ari': float(adjusted_rand_score(truth, pred)),
        'ami': float(adjusted_mutual_info_score(truth, pred, average_method='arithmetic')),
        'vMeasure': float(v),
        'homogeneity': float(h),
        'completeness': float(c),
        'pairwise': {k: float(x) for k, x in pairwise(truth, pred).items()},
        'bcubed': bcubed(truth, pred),
    }


def case(name, note, truth, pred):
    return {'name': name, 'note': note, 'truth': truth, 'predicted': pred, 'expected': reference(truth, pred)}


def main():
    rng = np.random.default_rng(SEED)
    works = [f'W_{w}' for w in [1, 1, 1, 2, 2, 3, 3, 3, 3, 4, 5, 5]]
    cases = [
        case('small', '12 items in 5 works, clusters that split one work and merge two', works, [0, 0, 1, 2, 2, 3, 3, 3, 4, 4, 5, 5]),
        case('singletons', 'every item its own cluster', works, list(range(len(works)))),
        case('one_cluster', 'every item in one cluster', works, [7] * len(works)),
        case('perfect', 'the works themselves, renamed', works, [f'c{w}' for w in works]),
        case('singleton_works', 'every item its own work, clusters of 1 to 3', list(range(10)), [0, 0, 1, 2, 2, 2, 3, 4, 5, 5]),
    ]
    # 2,000 items in works of 1-12 performances; clusters: the works with 15 % of items moved to a
    # random cluster and some works merged in pairs, so every measure lands away from 0 and 1.
    sizes = []
    while sum(sizes) < 2000:
        sizes.append(int(rng.integers(1, 13)))
    sizes[-1] -= sum(sizes) - 2000
    truth = np.repeat(np.arange(len(sizes)), sizes)
    rng.shuffle(truth)
    pred = truth.copy() // np.where(rng.random(len(sizes)) < 0.2, 2, 1)[truth] * 3 + np.where(rng.random(len(sizes)) < 0.2, 1, 0)[truth]
    moved = rng.random(2000) < 0.15
    pred[moved] = rng.integers(0, len(sizes), np.count_nonzero(moved)) + 10 * len(sizes)
    cases.append(case('random_2000', f'2,000 items in {len(sizes)} works; clusters are the works perturbed (merges, 15 % moved)', [int(x) for x in truth], [int(x) for x in pred]))
    cases.append(case('independent_2000', '2,000 items, clusters drawn independently of the works (ARI, AMI near 0)', [int(x) for x in truth], [int(x) for x in rng.integers(0, 400, 2000)]))

    doc = {
        'generator': 'scripts/agreement-fixtures.py',
        'command': '/usr/bin/python3 scripts/agreement-fixtures.py',
        'seed': SEED,
        'versions': {'python': sys.version.split()[0], 'numpy': np.__version__, 'sklearn': sklearn.__version__},
        'cases': cases,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump(doc, f, allow_nan=False)
        f.write('\n')
    for c in cases:
        e = c['expected']
        print(f"{c['name']:18} ARI {e['ari']:.6f}  AMI {e['ami']:.6f}  V {e['vMeasure']:.6f}  pairwise F1 {e['pairwise']['f1']:.6f}  B3 F1 {e['bcubed']['f1']:.6f}")


if __name__ == '__main__':
    main()
