// The threshold graph of a square job: performances are nodes, and two are linked when their pair
// distance is <= the threshold ("versions" under the job's decision rule). The pair distance is
// the one the evaluation uses (src-main/eval/roc.ts): the mean of d(i, j) and d(j, i) in double
// precision, so a pair exactly at a calibrated threshold is linked, as it is counted there. A NaN
// or infinite cell makes the pair infinitely far, and an infinitely far pair is never linked.
// Every function here only reads the matrix.

/** A square matrix (n x n, row-major, float32) of one set of performances; the diagonal is never read. */
export interface SquareDistances {
  d: Float32Array
  n: number
}

/** The symmetrised distance of items i and j (i !== j); +Infinity when either cell is NaN or infinite. */
export function pairDistance({ d, n }: SquareDistances, i: number, j: number): number {
  const mean = (d[i * n + j] + d[j * n + i]) / 2
  return Number.isNaN(mean) ? Infinity : mean
}

/** Side of the square tiles the matrix is walked in: a tile and its mirror image stay in cache. */
const TILE = 64

/**
 * Calls `visit` for each linked pair (i < j, finite distance <= threshold). The matrix is walked
 * tile by tile, each mirror tile first copied transposed, so both d(i, j) and d(j, i) are read
 * along rows (15,000 items: 1.0 s of CPU, against 1.6 s reading d(j, i) down a column).
 */
export function forEachEdge({ d, n }: SquareDistances, threshold: number, visit: (i: number, j: number, distance: number) => void): void {
  const mirror = new Float32Array(TILE * TILE)
  for (let bi = 0; bi < n; bi += TILE) {
    const iEnd = Math.min(n, bi + TILE)
    for (let bj = bi; bj < n; bj += TILE) {
      const jEnd = Math.min(n, bj + TILE)
      for (let j = bj; j < jEnd; j++) for (let i = bi; i < iEnd; i++) mirror[(i - bi) * TILE + (j - bj)] = d[j * n + i]
      for (let i = bi; i < iEnd; i++) {
        const row = i * n
        const mirrorRow = (i - bi) * TILE - bj
        for (let j = Math.max(i + 1, bj); j < jEnd; j++) {
          // NaN (a cell never computed) fails both comparisons, as infinity fails the second.
          const distance = (d[row + j] + mirror[mirrorRow + j]) / 2
          if (distance <= threshold && distance < Infinity) visit(i, j, distance)
        }
      }
    }
  }
}

/** The linked pairs, each once (from < to). */
export interface PairGraph {
  n: number
  from: Int32Array
  to: Int32Array
  distance: Float64Array
}

/** The threshold graph's edges, or null when there are more than `maxEdges` (they are not all kept). */
export function thresholdGraph(m: SquareDistances, threshold: number, maxEdges = Infinity): PairGraph | null {
  const from: number[] = []
  const to: number[] = []
  const distance: number[] = []
  let over = false
  forEachEdge(m, threshold, (i, j, d) => {
    if (from.length >= maxEdges) over = true
    if (over) return
    from.push(i)
    to.push(j)
    distance.push(d)
  })
  return over ? null : { n: m.n, from: Int32Array.from(from), to: Int32Array.from(to), distance: Float64Array.from(distance) }
}
