// Reducing what a comparison computed to what a screen can show: a matrix (the cross-recurrence,
// the stack distances, the DTW costs) pooled to at most DISPLAY_CELLS a side and shaded into
// bytes, and paths thinned. The scores are always computed on the full matrices; only the
// picture is reduced.

/** Longest side of the displayed matrix: about one cell per device pixel of a large plot. */
export const DISPLAY_CELLS = 1024

/** Most points a drawn path keeps; far more than the pixels it crosses. */
export const PATH_POINTS = 2048

export interface PooledMatrix {
  rows: number
  cols: number
  /** rows x cols, row-major, 0–255 (see shade). */
  data: Uint8Array
}

export interface PooledMeans {
  rows: number
  cols: number
  /** rows x cols block means of the finite source cells; NaN for a block with none. */
  means: Float64Array
}

/** First source index of display block k when `source` cells are shared out among `display`. */
function blockStart(k: number, source: number, display: number): number {
  return Math.floor((k * source) / display)
}

/**
 * Pools a matrix into at most `maxSide` x `maxSide` blocks of (nearly) equal size, each holding
 * the mean of its finite cells, so a thin dense diagonal stays visible however far it is reduced
 * (a subsample would drop it between sampled rows). A side no longer than `maxSide` is kept.
 * Cells outside a DTW band (Infinity) are left out of their block's mean.
 */
export function poolMeans(values: ArrayLike<number>, rows: number, cols: number, maxSide = DISPLAY_CELLS): PooledMeans {
  const dr = Math.min(rows, maxSide)
  const dc = Math.min(cols, maxSide)
  const colBlock = new Int32Array(cols)
  for (let k = 0; k < dc; k++) {
    const end = blockStart(k + 1, cols, dc)
    for (let j = blockStart(k, cols, dc); j < end; j++) colBlock[j] = k
  }
  const means = new Float64Array(dr * dc)
  const sums = new Float64Array(dc)
  const counts = new Int32Array(dc)
  for (let r = 0; r < dr; r++) {
    sums.fill(0)
    counts.fill(0)
    for (let i = blockStart(r, rows, dr); i < blockStart(r + 1, rows, dr); i++) {
      const base = i * cols
      for (let j = 0; j < cols; j++) {
        const v = values[base + j]
        if (!Number.isFinite(v)) continue
        sums[colBlock[j]] += v
        counts[colBlock[j]]++
      }
    }
    for (let k = 0; k < dc; k++) means[r * dc + k] = counts[k] > 0 ? sums[k] / counts[k] : NaN
  }
  return { rows: dr, cols: dc, means }
}

/** The smallest and largest finite block mean; [0, 0] when none is finite. */
export function meanRange(means: Float64Array): [number, number] {
  let lo = Infinity
  let hi = -Infinity
  for (const v of means) {
    if (!Number.isFinite(v)) continue
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  return lo > hi ? [0, 0] : [lo, hi]
}

/**
 * Block means as bytes, 255 the most alike: the value itself over [low, high] for a share of
 * recurrent cells (`closeIs: 'high'`), reversed for a distance or a cost (`'low'`). A block with
 * no finite cell is 0, drawn as nothing alike.
 */
export function shade(pooled: PooledMeans, low: number, high: number, closeIs: 'high' | 'low'): PooledMatrix {
  const span = high - low || 1
  const data = new Uint8Array(pooled.means.length)
  pooled.means.forEach((v, k) => {
    if (Number.isNaN(v)) return
    const t = Math.min(1, Math.max(0, (v - low) / span))
    data[k] = Math.round(255 * (closeIs === 'high' ? t : 1 - t))
  })
  return { rows: pooled.rows, cols: pooled.cols, data }
}

/** A binary matrix pooled to each block's share of ones, 0–255. */
export function poolShareOfOnes(matrix: Uint8Array, rows: number, cols: number, maxSide = DISPLAY_CELLS): PooledMatrix {
  return shade(poolMeans(matrix, rows, cols, maxSide), 0, 1, 'high')
}

/**
 * Keeps a path's corners (where the step changes) and its ends, which draw the same polyline;
 * beyond `maxPoints` corners, every k-th, still with both ends.
 */
export function thinPath(path: ReadonlyArray<readonly [number, number]>, maxPoints = PATH_POINTS): Array<[number, number]> {
  if (path.length <= 2) return path.map(([i, j]) => [i, j])
  const kept: Array<[number, number]> = [[path[0][0], path[0][1]]]
  for (let k = 1; k < path.length - 1; k++) {
    const [pi, pj] = path[k - 1]
    const [i, j] = path[k]
    const [ni, nj] = path[k + 1]
    if (i - pi !== ni - i || j - pj !== nj - j) kept.push([i, j])
  }
  const last = path[path.length - 1]
  kept.push([last[0], last[1]])
  if (kept.length <= maxPoints) return kept
  const step = Math.ceil((kept.length - 1) / (maxPoints - 1))
  const strided: Array<[number, number]> = []
  for (let k = 0; k < kept.length - 1; k += step) strided.push(kept[k])
  strided.push(kept[kept.length - 1])
  return strided
}
