// Order statistics without sorting: the percentile thresholds of the cross-recurrence plot need
// two neighbouring order statistics of every row and every column, and a full sort of each
// would cost O(m log m) where selection costs O(m).


/**
 * Rearranges `v[0..len)` so that v[k] holds the k-th smallest value (0-based), everything before
 * it is <= v[k] and everything after it is >= v[k], and returns v[k]. Floyd & Rivest's SELECT
 * (1975): on long ranges it first recurses on a small sample around the expected position of k,
 * so the main partition already lands near k (about n + min(k, n - k) comparisons). NaN must not
 * occur (callers check their input).
 */
export function selectInPlace(v: Float64Array, len: number, k: number): number {
  floydRivest(v, 0, len - 1, k)
  return v[k]
}

function floydRivest(v: Float64Array, left: number, right: number, k: number): void {
  while (right > left) {
    if (right - left > 600) {
      const n = right - left + 1
      const i = k - left + 1
      const z = Math.log(n)
      const s = 0.5 * Math.exp((2 * z) / 3)
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (i - n / 2 < 0 ? -1 : 1)
      const newLeft = Math.max(left, Math.floor(k - (i * s) / n + sd))
      const newRight = Math.min(right, Math.floor(k + ((n - i) * s) / n + sd))
      floydRivest(v, newLeft, newRight, k)
    }
    const t = v[k]
    let i = left
    let j = right
    swap(v, left, k)
    if (v[right] > t) swap(v, right, left)
    while (i < j) {
      swap(v, i, j)
      i++
      j--
      while (v[i] < t) i++
      while (v[j] > t) j--
    }
    if (v[left] === t) swap(v, left, j)
    else {
      j++
      swap(v, j, right)
    }
    if (j <= k) left = j + 1
    if (k <= j) right = j - 1
  }
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
