// Order statistics without sorting: the percentile thresholds of the cross-recurrence plot need
// two neighbouring order statistics of every row and every column, and a full sort of each
// would cost O(m log m) where selection costs O(m).

/**
 * Rearranges `v[0..len)` so that v[k] holds the k-th smallest value (0-based), everything before
 * it is <= v[k] and everything after it is >= v[k] (Hoare's quickselect, median-of-three pivot).
 * Returns v[k]. NaN must not occur (callers check their input).
 */
export function selectInPlace(v: Float64Array, len: number, k: number): number {
  let lo = 0
  let hi = len - 1
  while (hi > lo) {
    const mid = (lo + hi) >> 1
    // Median of three into v[mid], then use it as the pivot.
    if (v[mid] < v[lo]) swap(v, mid, lo)
    if (v[hi] < v[lo]) swap(v, hi, lo)
    if (v[hi] < v[mid]) swap(v, hi, mid)
    const pivot = v[mid]
    let i = lo
    let j = hi
    while (i <= j) {
      while (v[i] < pivot) i++
      while (v[j] > pivot) j--
      if (i <= j) {
        swap(v, i, j)
        i++
        j--
      }
    }
    if (k <= j) hi = j
    else if (k >= i) lo = i
    else return v[k]
  }
  return v[k]
}

function swap(v: Float64Array, a: number, b: number): void {
  const t = v[a]
  v[a] = v[b]
  v[b] = t
}

/**
 * The linearly interpolated percentile of `v[0..len)` at fraction `p` (rank p·(len-1), the
 * "linear" rule of numpy and of the reference implementation), computed by selection; `v` is
 * reordered. When the two neighbouring order statistics are equal the result is exactly that
 * value, so a tied distance is always within its own threshold.
 */
export function percentileInPlace(v: Float64Array, len: number, p: number): number {
  const rank = p * (len - 1)
  const lo = Math.floor(rank)
  const frac = rank - lo
  const a = selectInPlace(v, len, lo)
  if (frac === 0 || lo + 1 >= len) return a
  // After selection everything past lo is >= a: the next order statistic is their minimum.
  let b = Infinity
  for (let t = lo + 1; t < len; t++) if (v[t] < b) b = v[t]
  return a + (b - a) * frac
}
