// The two distance distributions of an evaluation as one histogram on shared bins: what the
// seed project plotted to choose its threshold, and what the job page and reports draw.
import type { PairDistances } from './roc'

export interface DistanceHistogram {
  /** bins + 1 increasing edges over the finite distances of both kinds; a bin is [edge k, edge k+1), the last closed. */
  edges: number[]
  /** Pairs per bin. */
  versions: number[]
  nonVersions: number[]
  /** Pairs at an infinite distance (nothing aligned), which no bin holds. */
  infinite: { versions: number; nonVersions: number }
}

/** Equal-width bins over the finite range of both distributions; null when no distance is finite. */
export function distanceHistogram(pairs: PairDistances, bins = 60): DistanceHistogram | null {
  let lo = Infinity
  let hi = -Infinity
  for (const values of [pairs.versions, pairs.nonVersions]) {
    for (const d of values) {
      if (!Number.isFinite(d)) continue
      if (d < lo) lo = d
      if (d > hi) hi = d
    }
  }
  if (lo > hi) return null
  // One distinct value still needs a bin of some width.
  const width = hi > lo ? (hi - lo) / bins : 1
  const edges = Array.from({ length: bins + 1 }, (_, k) => (k === bins && hi > lo ? hi : lo + k * width))
  const count = (values: Float64Array) => {
    const counts = new Array<number>(bins).fill(0)
    let infinite = 0
    for (const d of values) {
      if (!Number.isFinite(d)) infinite++
      else counts[Math.min(bins - 1, Math.floor((d - lo) / width))]++
    }
    return { counts, infinite }
  }
  const v = count(pairs.versions)
  const n = count(pairs.nonVersions)
  return { edges, versions: v.counts, nonVersions: n.counts, infinite: { versions: v.infinite, nonVersions: n.infinite } }
}
