// Pair-counting agreement between predicted clusters and known works, from their contingency
// table (agreement-table.ts: n_ij items of work i in cluster j; a_i, b_j its row and column sums;
// N items). 1 is perfect agreement in every measure.
//
// - Adjusted Rand index: Hubert & Arabie, "Comparing partitions", Journal of Classification 2
//   (1985), eq. 5: (Σ C(n_ij,2) − E) / (½[Σ C(a_i,2) + Σ C(b_j,2)] − E), with the expected index
//   E = Σ C(a_i,2) Σ C(b_j,2) / C(N,2) under the hypergeometric model. 0 is chance, it can go below.
// - Pairwise precision / recall / F1: unordered pairs of items; a pair is claimed when both are in
//   one cluster and true when both are of one work (the pair-counting view of Rand, 1971).
//   Precision = true claimed / claimed, recall = true claimed / true.
// - B-cubed precision / recall / F1: Bagga & Baldwin, "Entity-based cross-document coreferencing
//   using the vector space model" (COLING-ACL 1998), as formalised by Amigó, Gonzalo, Artiles &
//   Verdejo, "A comparison of extrinsic clustering evaluation metrics based on formal
//   constraints" (Information Retrieval 12, 2009): per item e, precision = |cluster(e) ∩ work(e)| /
//   |cluster(e)| and recall = |cluster(e) ∩ work(e)| / |work(e)|, each averaged over items, F1
//   their harmonic mean. From the table: P = Σ n_ij² / b_j / N, R = Σ n_ij² / a_i / N.
//
// 0/0 conventions: precision is 1 when nothing is claimed (no claim is wrong), recall 1 when there
// is nothing to find; F1 is 0 when precision + recall is 0. Identical partitions agree perfectly,
// so the adjusted indexes are 1 there even where their formula is 0/0 (both one cluster, or both
// all singletons), as scikit-learn's special cases also say.
import type { WorkLabel } from './input'
import { contingency, identicalPartitions, type Contingency } from './agreement-table'

const pairs = (k: number): number => (k * (k - 1)) / 2
const sum = (xs: readonly number[], f: (x: number) => number): number => xs.reduce((s, x) => s + f(x), 0)

/** Adjusted Rand index (Hubert & Arabie 1985) of the clusters against the works. */
export function adjustedRandIndex(truth: readonly WorkLabel[], predicted: readonly WorkLabel[]): number {
  return ariOf(contingency(truth, predicted))
}

export function ariOf(t: Contingency): number {
  if (identicalPartitions(t)) return 1
  const index = sum(t.cells.map((c) => c.count), pairs)
  const rowPairs = sum(t.classSizes, pairs)
  const colPairs = sum(t.clusterSizes, pairs)
  const expected = (rowPairs * colPairs) / pairs(t.n)
  return (index - expected) / ((rowPairs + colPairs) / 2 - expected)
}

export interface PrecisionRecall {
  precision: number
  recall: number
  f1: number
}

function precisionRecall(hit: number, claimed: number, relevant: number): PrecisionRecall {
  const precision = claimed === 0 ? 1 : hit / claimed
  const recall = relevant === 0 ? 1 : hit / relevant
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) }
}

/** Pairwise precision, recall and F1: pairs put in one cluster against pairs of one work. */
export function pairwiseScores(truth: readonly WorkLabel[], predicted: readonly WorkLabel[]): PrecisionRecall {
  return pairwiseOf(contingency(truth, predicted))
}

export function pairwiseOf(t: Contingency): PrecisionRecall {
  return precisionRecall(sum(t.cells.map((c) => c.count), pairs), sum(t.clusterSizes, pairs), sum(t.classSizes, pairs))
}

/** B-cubed precision, recall and F1 (Bagga & Baldwin 1998; Amigó et al. 2009), averaged over items. */
export function bcubedScores(truth: readonly WorkLabel[], predicted: readonly WorkLabel[]): PrecisionRecall {
  return bcubedOf(contingency(truth, predicted))
}

export function bcubedOf(t: Contingency): PrecisionRecall {
  let precision = 0
  let recall = 0
  for (const c of t.cells) {
    precision += (c.count * c.count) / t.clusterSizes[c.col]
    recall += (c.count * c.count) / t.classSizes[c.row]
  }
  precision /= t.n
  recall /= t.n
  return { precision, recall, f1: (2 * precision * recall) / (precision + recall) }
}
