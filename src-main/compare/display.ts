// Reducing what a comparison computed to what a screen can show: the cross-recurrence pooled to
// at most DISPLAY_CELLS a side, and paths thinned. The scores are always computed on the full
// matrices; only the picture is reduced.

/** Longest side of the displayed matrix: about one cell per device pixel of a large plot. */
export const DISPLAY_CELLS = 1024

/** Most points a drawn path keeps; far more than the pixels it crosses. */
export const PATH_POINTS = 2048

export interface PooledMatrix {
  rows: number
  cols: number
  /** rows x cols, row-major, round(255 x the share of recurrent source cells in the block). */
  data: Uint8Array
}

/** First source index of display block k when `source` cells are shared out among `display`. */
function blockStart(k: number, source: number, display: number): number {
  return Math.floor((k * source) / display)
}

/**
 * Pools a binary matrix into at most `maxSide` x `maxSide` blocks of (nearly) equal size, each
 * holding its share of ones, so a dense diagonal stays visible however far it is reduced (a
 * subsample would drop it between sampled rows). A side no longer than `maxSide` is kept.
 */
export function poolShareOfOnes(matrix: Uint8Array, rows: number, cols: number, maxSide = DISPLAY_CELLS): PooledMatrix {
  const dr = Math.min(rows, maxSide)
  const dc = Math.min(cols, maxSide)
  const colBlock = new Int32Array(cols)
  const colCells = new Int32Array(dc)
  for (let k = 0; k < dc; k++) {
    const end = blockStart(k + 1, cols, dc)
    for (let j = blockStart(k, cols, dc); j < end; j++) colBlock[j] = k
    colCells[k] = end - blockStart(k, cols, dc)
  }
  const out = new Uint8Array(dr * dc)
  const ones = new Int32Array(dc)
  for (let r = 0; r < dr; r++) {
    const i0 = blockStart(r, rows, dr)
    const i1 = blockStart(r + 1, rows, dr)
    ones.fill(0)
    for (let i = i0; i < i1; i++) {
      const base = i * cols
      for (let j = 0; j < cols; j++) ones[colBlock[j]] += matrix[base + j]
    }
    const height = i1 - i0
    for (let k = 0; k < dc; k++) out[r * dc + k] = Math.round((255 * ones[k]) / (height * colCells[k]))
  }
  return { rows: dr, cols: dc, data: out }
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
