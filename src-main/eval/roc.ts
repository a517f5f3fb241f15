// Version / non-version verification from a distance matrix: the distances of version pairs
// (same work) and non-version pairs (different works), the ROC curve and its area, and two
// calibrated thresholds, the equal error rate point and the maximum-F1 point. This is the
// verification view of the Da-TACOS labels ("are these two recordings versions?"), which the
// acoss benchmark does not compute; ROC / AUC as in Fawcett, "An introduction to ROC analysis"
// (Pattern Recognition Letters, 2006); EER as in biometric verification; F1 of the class "versions".
//
// Decision rule, everywhere in this file: a pair is declared VERSIONS when its distance is
// LESS THAN OR EQUAL TO the threshold (distance <= threshold). Every threshold reported is one of
// the observed pair distances, so the rule is exact: pairs at exactly the threshold count as
// declared versions.
//
// Pairs: each unordered pair {i, j}, i < j, once. Its distance is the mean of d(i, j) and d(j, i),
// because measures such as Qmax are not symmetric and neither direction is the right one; for a
// symmetric matrix that is just d(i, j). The diagonal is never read. A queries x candidates matrix
// holds one direction only, so there every cell is its own pair (cellPairs).
//
// Ties: pairs at equal distance enter the curve together (one step of the threshold moves both
// rates at once), so a tie between a version and a non-version pair is a diagonal segment and the
// trapezoid area credits it with one half, the same as the Mann–Whitney statistic
// P(d_version < d_nonversion) + 1/2 P(d_version = d_nonversion).
//
// Memory: the pair distances are kept as Float64Arrays, n(n-1)/2 x 8 bytes in all (about 0.9 GB
// for the 15,000 benchmark performances).
import { checkLabels, EvalInputError, squareMatrix, toMatrix, type DistanceInput, type WorkLabel } from './input'

export interface PairDistances {
  /** Distances of version pairs (same work), sorted ascending. */
  versions: Float64Array
  /** Distances of non-version pairs (different works), sorted ascending. */
  nonVersions: Float64Array
}

/** Each unordered pair once, split by whether the two items share a work label. */
export function pairDistances(distances: DistanceInput, labels: readonly WorkLabel[]): PairDistances {
  const m = squareMatrix(distances, labels)
  const n = m.rows
  let nv = 0
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (labels[i] === labels[j]) nv++
  const total = (n * (n - 1)) / 2
  const versions = new Float64Array(nv)
  const nonVersions = new Float64Array(total - nv)
  let a = 0
  let b = 0
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = (m.get(i, j) + m.get(j, i)) / 2
      if (labels[i] === labels[j]) versions[a++] = d
      else nonVersions[b++] = d
    }
  }
  // Typed-array sort is numeric (not lexicographic) and puts no NaN here (checked on input).
  versions.sort()
  nonVersions.sort()
  return { versions, nonVersions }
}

/**
 * Queries against another set of candidates (a queries x candidates matrix, flat row-major or as
 * rows): every cell (q, c) is one pair, a version pair when the two work labels are equal. Nothing
 * is averaged, since only d(q, c) was computed, and nothing is skipped: a query that is also among
 * the candidates contributes its distance to itself as a version pair.
 */
export function cellPairs(distances: DistanceInput, queryLabels: readonly WorkLabel[], candidateLabels: readonly WorkLabel[]): PairDistances {
  checkLabels(queryLabels, 'queryLabels')
  checkLabels(candidateLabels, 'candidateLabels')
  if (queryLabels.length === 0 || candidateLabels.length === 0) {
    throw new EvalInputError(`need at least one query and one candidate, got ${queryLabels.length} x ${candidateLabels.length}`)
  }
  const m = toMatrix(distances, queryLabels.length, candidateLabels.length)
  let nv = 0
  for (const ql of queryLabels) for (const cl of candidateLabels) if (ql === cl) nv++
  const versions = new Float64Array(nv)
  const nonVersions = new Float64Array(m.rows * m.cols - nv)
  let a = 0
  let b = 0
  for (let q = 0; q < m.rows; q++) {
    for (let c = 0; c < m.cols; c++) {
      if (queryLabels[q] === candidateLabels[c]) versions[a++] = m.get(q, c)
      else nonVersions[b++] = m.get(q, c)
    }
  }
  versions.sort()
  nonVersions.sort()
  return { versions, nonVersions }
}

export interface RocPoint {
  /** Pairs with distance <= threshold are declared versions; -Infinity for the (0, 0) start. */
  threshold: number
  /** False positive rate: non-version pairs declared versions / all non-version pairs. */
  fpr: number
  /** True positive rate (recall): version pairs declared versions / all version pairs. */
  tpr: number
  /** Counts behind the rates. */
  tp: number
  fp: number
}

/**
 * Walks the threshold over every distinct pair distance, ascending, calling `step` with the
 * cumulative counts at each (pairs with distance <= threshold), after the start (-Infinity, 0, 0).
 * A streaming merge of the two sorted arrays, grouping equal distances into one step (see "Ties"
 * above); nothing is allocated, since the benchmark subset has about 10^8 pairs.
 */
export function sweep(p: PairDistances, step: (threshold: number, tp: number, fp: number) => void): void {
  const V = p.versions
  const N = p.nonVersions
  const nv = V.length
  const nn = N.length
  let i = 0
  let j = 0
  while (i < nv || j < nn) {
    const t = i < nv && j < nn ? Math.min(V[i], N[j]) : i < nv ? V[i] : N[j]
    while (i < nv && V[i] === t) i++
    while (j < nn && N[j] === t) j++
    step(t, i, j)
  }
}

function checkBoth(p: PairDistances, what: string): void {
  if (p.versions.length === 0) throw new EvalInputError(`${what} is undefined: there are no version pairs (no two items share a work label)`)
  if (p.nonVersions.length === 0) throw new EvalInputError(`${what} is undefined: there are no non-version pairs (every item has the same work label)`)
}

/**
 * The ROC curve: (0, 0) at threshold -Infinity, then one point per distinct pair distance in
 * ascending order, ending at (1, 1). Needs both version and non-version pairs. One object per
 * distinct distance: for plotting a large set, walk `sweep` and keep what the plot needs.
 */
export function rocCurve(p: PairDistances): RocPoint[] {
  checkBoth(p, 'the ROC curve')
  const nv = p.versions.length
  const nn = p.nonVersions.length
  const out: RocPoint[] = [{ threshold: -Infinity, fpr: 0, tpr: 0, tp: 0, fp: 0 }]
  sweep(p, (threshold, tp, fp) => out.push({ threshold, fpr: fp / nn, tpr: tp / nv, tp, fp }))
  return out
}

/**
 * The ROC curve thinned for a report or a plot: a point wherever the false or the true positive
 * rate has moved by 1/steps since the last point kept (and the start and the end), as
 * [fpr, tpr, threshold], instead of one point per distinct distance (10^8 for the benchmark
 * subset). Corners survive: a rise in either rate alone is kept.
 */
export function rocSample(p: PairDistances, steps = 100): Array<[number, number, number]> {
  checkBoth(p, 'the ROC curve')
  const nv = p.versions.length
  const nn = p.nonVersions.length
  const out: Array<[number, number, number]> = [[0, 0, -Infinity]]
  const stride = 1 / steps - 1e-12
  sweep(p, (threshold, tp, fp) => {
    const [lastF, lastT] = out[out.length - 1]
    const fpr = fp / nn
    const tpr = tp / nv
    if (fpr - lastF >= stride || tpr - lastT >= stride || (tp === nv && fp === nn)) out.push([fpr, tpr, threshold])
  })
  return out
}

/** Area under the ROC curve by the trapezoid rule (ties count one half; see the header). */
export function auc(p: PairDistances): number {
  checkBoth(p, 'the ROC AUC')
  // In counts, divided once at the end: sum of (fp step) x (tp before + tp after) / 2.
  let area = 0
  let tp0 = 0
  let fp0 = 0
  sweep(p, (_t, tp, fp) => {
    area += ((fp - fp0) * (tp + tp0)) / 2
    tp0 = tp
    fp0 = fp
  })
  return area / (p.versions.length * p.nonVersions.length)
}

export interface EqualErrorRate {
  /** distance <= threshold => versions. */
  threshold: number
  /** (FPR + FNR) / 2 at the threshold; equals both when they meet exactly. */
  rate: number
  fpr: number
  fnr: number
}

/**
 * The equal error rate: among the observed distances, the threshold where the false positive rate
 * and the false negative rate (1 - TPR) are closest (the smallest such threshold on a tie), and
 * the mean of the two there. No interpolation between thresholds: the threshold is one a system
 * can actually use, and the rate is what it gives.
 */
export function equalErrorRate(p: PairDistances): EqualErrorRate {
  checkBoth(p, 'the equal error rate')
  const nv = p.versions.length
  const nn = p.nonVersions.length
  // Always set: there is at least one step, since there are pairs.
  const best: EqualErrorRate = { threshold: NaN, rate: NaN, fpr: NaN, fnr: NaN }
  let bestGap = Infinity
  sweep(p, (threshold, tp, fp) => {
    const fpr = fp / nn
    const fnr = 1 - tp / nv
    const gap = Math.abs(fpr - fnr)
    if (gap < bestGap) {
      bestGap = gap
      Object.assign(best, { threshold, rate: (fpr + fnr) / 2, fpr, fnr })
    }
  })
  return best
}

export interface MaxF1 {
  /** distance <= threshold => versions. */
  threshold: number
  f1: number
  /** Version pairs among the pairs declared versions. */
  precision: number
  /** Version pairs declared versions among all version pairs. */
  recall: number
}

/**
 * The threshold (among the observed distances) that maximises F1 = 2PR / (P + R) for the
 * positive class "versions"; the smallest such threshold on a tie. Needs at least one version
 * pair; without non-version pairs it is trivially F1 = 1 at the largest version distance.
 */
export function maxF1(p: PairDistances): MaxF1 {
  if (p.versions.length === 0) throw new EvalInputError('the maximum-F1 threshold is undefined: there are no version pairs (no two items share a work label)')
  const nv = p.versions.length
  // Always set: there is at least one step, since there are version pairs.
  const best: MaxF1 = { threshold: NaN, f1: -1, precision: NaN, recall: NaN }
  sweep(p, (threshold, tp, fp) => {
    // F1 = 2TP / (2TP + FP + FN), 0 when nothing relevant is retrieved.
    const f1 = (2 * tp) / (2 * tp + fp + (nv - tp))
    if (f1 > best.f1) Object.assign(best, { threshold, f1, precision: tp + fp > 0 ? tp / (tp + fp) : 0, recall: tp / nv })
  })
  return best
}

export interface Summary {
  /** All distances, infinite ones included. */
  count: number
  /** Distances that are +Infinity (e.g. abandoned alignments); the statistics below leave them out. */
  infinite: number
  mean: number
  /** Population standard deviation. */
  std: number
  min: number
  /** Quartiles with linear interpolation between order statistics (numpy's default). */
  q1: number
  median: number
  q3: number
  max: number
}

/**
 * Summary statistics of a sorted-ascending array over its finite values (+Infinity would make the
 * mean and deviation meaningless; it is counted in `infinite`). Null when no value is finite.
 */
export function summarize(sorted: Float64Array): Summary | null {
  let n = sorted.length
  while (n > 0 && sorted[n - 1] === Infinity) n--
  if (n === 0) return null
  let sum = 0
  for (let k = 0; k < n; k++) sum += sorted[k]
  const mean = sum / n
  let sq = 0
  for (let k = 0; k < n; k++) sq += (sorted[k] - mean) ** 2
  const quantile = (q: number): number => {
    const pos = q * (n - 1)
    const lo = Math.floor(pos)
    const hi = Math.min(lo + 1, n - 1)
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo])
  }
  return {
    count: sorted.length,
    infinite: sorted.length - n,
    mean,
    std: Math.sqrt(sq / n),
    min: sorted[0],
    q1: quantile(0.25),
    median: quantile(0.5),
    q3: quantile(0.75),
    max: sorted[n - 1],
  }
}
