// Evaluation of a cover-song identification system from its distance matrix, under the Da-TACOS /
// acoss protocol (Yesiler et al., ISMIR 2019): ranking metrics (MAP, MRR, MR1, P@10, Top-1,
// Top-10) and pairwise verification (ROC AUC, equal error rate, maximum-F1 threshold, the two
// distance distributions). Pure functions; one file per idea, modelled on mir_eval.
//
// Distances, not similarities: lower = more similar everywhere here. acoss keeps similarity
// matrices (higher = more similar, e.g. Qmax scores); pass their negation, or 1 - s for s in [0, 1].
import { EvalInputError, type DistanceInput, type WorkLabel } from './input'
import { rankingMetrics, type RankingMetrics } from './metrics'
import { auc, equalErrorRate, maxF1, pairDistances, summarize, type PairDistances, type Summary } from './roc'
import { iterateSquare } from './rankings'

export * from './input'
export * from './rankings'
export * from './metrics'
export * from './roc'

/** The ranking metrics (over queries with another performance of their work), and the pair-level ones. */
export interface Evaluation extends Omit<RankingMetrics, 'mdr' | 'perQuery'> {
  /** ROC AUC for "distance <= threshold means versions"; null when there are no non-version pairs. */
  auc: number | null
  /** Null when there are no non-version pairs (no false positive rate). */
  eer: { threshold: number; rate: number } | null
  maxF1: { threshold: number; f1: number; precision: number; recall: number }
  distributions: { versions: Summary | null; nonVersions: Summary | null }
  /** Why `auc` / `eer` are null, when they are. */
  undefinedReason?: string
}

/**
 * Evaluates an n x n distance matrix (lower = more similar; a flat row-major Float32Array of n*n
 * values or n rows of n) against n work labels. The diagonal is never read.
 *
 * Throws EvalInputError for a non-square matrix, a label count that is not n, a NaN or -Infinity
 * distance (naming its cell), fewer than 2 items, and for labels where no two items share a work:
 * then no query has a relevant item and there are no version pairs, so nothing here is defined.
 * When every item has the same work there are no non-version pairs: the ranking metrics and
 * max-F1 are still returned, `auc` and `eer` are null and `undefinedReason` says why.
 */
export function evaluate(distances: DistanceInput, labels: readonly WorkLabel[]): Evaluation {
  const pairs = pairDistances(distances, labels)
  if (pairs.versions.length === 0) {
    throw new EvalInputError(`no two of the ${labels.length} items share a work label: no query has a relevant item and there are no version pairs, so no metric is defined`)
  }
  const { mdr: _median, perQuery: _perQuery, ...ranking } = rankingMetrics(iterateSquare(distances, labels))
  return { ...ranking, ...verification(pairs) }
}

export type Verification = Pick<Evaluation, 'auc' | 'eer' | 'maxF1' | 'distributions' | 'undefinedReason'>

/**
 * The pair-level half of an evaluation, from version and non-version pair distances however they
 * were paired (each unordered pair of a square matrix once, or every cell of queries x candidates).
 * Needs at least one version pair; without non-version pairs `auc` and `eer` are null and
 * `undefinedReason` says why.
 */
export function verification(pairs: PairDistances): Verification {
  if (pairs.versions.length === 0) throw new EvalInputError('there are no version pairs, so no verification metric is defined')
  const hasNon = pairs.nonVersions.length > 0
  const eer = hasNon ? equalErrorRate(pairs) : null
  const f = maxF1(pairs)
  const result: Verification = {
    auc: hasNon ? auc(pairs) : null,
    eer: eer ? { threshold: eer.threshold, rate: eer.rate } : null,
    maxF1: { threshold: f.threshold, f1: f.f1, precision: f.precision, recall: f.recall },
    distributions: { versions: summarize(pairs.versions), nonVersions: summarize(pairs.nonVersions) },
  }
  if (!hasNon) result.undefinedReason = 'every pair is a version pair: there are no non-version pairs, so the false positive rate, the ROC AUC and the equal error rate are undefined'
  return result
}
