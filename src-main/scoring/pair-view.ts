// The unordered-pair view of a finished job, built on the worker when the job is evaluated: each
// pair once, with its distance as the evaluation counts it (the mean of both directions; a
// queries x candidates job's cell) and each direction's distance and rank. A 15,000-item job has
// 112 million pairs, so the view keeps every version pair (the misses are among them) and the
// closest non-version pairs up to PAIR_VIEW_CAP (the false positives are the closest ones); the
// page reads it from SQLite.
import type { PairDistances } from '../eval/roc'
import type { WorkLabel } from '../eval/input'

/** Non-version pairs kept, closest first: beyond the false positives of any threshold worth looking at. */
export const PAIR_VIEW_CAP = 200_000

export interface PairView {
  /** Per pair: the query row and candidate column (square: a < b, the pair is also (b, a)). */
  a: Int32Array
  b: Int32Array
  sameWork: Uint8Array
  /** As the evaluation counts the pair (Infinity: infinitely far). */
  distance: Float64Array
  /** d(a, b) and the rank of b in a's list. */
  ab: Float32Array
  rankAb: Int32Array
  /** Square jobs: d(b, a) and the rank of a in b's list; null for a queries x candidates job. */
  ba: Float32Array | null
  rankBa: Int32Array | null
}

export interface PairViewInput {
  /** rows x cols as the pair statistics read it (a two-stage job's aligned view). */
  distances: Float32Array
  queryLabels: readonly WorkLabel[]
  candidateLabels: readonly WorkLabel[]
  square: boolean
  /** The evaluation's pair distances (nonVersions sorted ascending): where the cap falls. */
  pairs: PairDistances
  /** A row as the ranking read it (the two-stage matrix before its aligned view): the ranks come from it. */
  rankingRow: (row: number) => ArrayLike<number>
  cap?: number
}

export function buildPairView(input: PairViewInput): PairView {
  const { distances, queryLabels, candidateLabels, square, pairs } = input
  const cols = candidateLabels.length
  const kept = Math.min(input.cap ?? PAIR_VIEW_CAP, pairs.nonVersions.length)
  // The kept non-version pairs are those below the cut, and as many at it as fit, first come first.
  const cut = kept > 0 ? pairs.nonVersions[kept - 1] : -Infinity
  let atCut = kept - lowerBound(pairs.nonVersions, cut)
  const size = pairs.versions.length + kept
  const view: PairView = {
    a: new Int32Array(size),
    b: new Int32Array(size),
    sameWork: new Uint8Array(size),
    distance: new Float64Array(size),
    ab: new Float32Array(size),
    rankAb: new Int32Array(size),
    ba: square ? new Float32Array(size) : null,
    rankBa: square ? new Int32Array(size) : null,
  }
  let n = 0
  for (let i = 0; i < queryLabels.length; i++) {
    for (let j = square ? i + 1 : 0; j < cols; j++) {
      const same = queryLabels[i] === candidateLabels[j]
      // The same arithmetic as the evaluation's pairDistances / cellPairs, so the cut compares equal values.
      const d = square ? (distances[i * cols + j] + distances[j * cols + i]) / 2 : distances[i * cols + j]
      if (!same) {
        if (!(d < cut || (d === cut && atCut > 0))) continue
        if (d === cut) atCut--
      }
      view.a[n] = i
      view.b[n] = j
      view.sameWork[n] = same ? 1 : 0
      view.distance[n] = d
      view.ab[n] = distances[i * cols + j]
      if (view.ba) view.ba[n] = distances[j * cols + i]
      n++
    }
  }
  fillRanks(view, n, queryLabels.length, cols, square, input.rankingRow)
  return view
}

/** Index of the first value >= x in an ascending array. */
function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (sorted[mid] < x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * Each kept pair's rank in both directions, one row at a time: a row's kept cells are sorted in
 * the ranking's order, and one pass over the row counts, for each, the cells ranked before it.
 */
function fillRanks(view: PairView, n: number, rows: number, cols: number, square: boolean, rankingRow: (row: number) => ArrayLike<number>): void {
  // Per row, the kept cells in it: (column, where its rank goes), grouped as a compressed list.
  const count = new Int32Array(rows + 1)
  for (let k = 0; k < n; k++) {
    count[view.a[k] + 1]++
    if (square) count[view.b[k] + 1]++
  }
  for (let r = 0; r < rows; r++) count[r + 1] += count[r]
  const fill = count.slice(0, rows)
  const column = new Int32Array(count[rows])
  // k for a's list (rankAb), -k - 1 for b's list (rankBa).
  const target = new Int32Array(count[rows])
  for (let k = 0; k < n; k++) {
    column[fill[view.a[k]]] = view.b[k]
    target[fill[view.a[k]]++] = k
    if (square) {
      column[fill[view.b[k]]] = view.a[k]
      target[fill[view.b[k]]++] = -k - 1
    }
  }
  for (let r = 0; r < rows; r++) {
    const from = count[r]
    const to = count[r + 1]
    if (from === to) continue
    const row = rankingRow(r)
    const skip = square ? r : -1
    const order = Array.from({ length: to - from }, (_, k) => from + k).sort((x, y) => (before(row, column[x], column[y]) ? -1 : 1))
    const keys = order.map((k) => column[k])
    const last = keys[keys.length - 1]
    // ahead[p]: cells whose first kept cell ranked after them is keys[p].
    const ahead = new Int32Array(keys.length + 1)
    for (let c = 0; c < cols; c++) {
      if (c === skip || !before(row, c, last)) continue
      let lo = 0
      let hi = keys.length - 1
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        if (before(row, c, keys[mid])) hi = mid
        else lo = mid + 1
      }
      ahead[lo]++
    }
    let ranked = 0
    order.forEach((k, p) => {
      ranked += ahead[p]
      const t = target[k]
      if (t >= 0) view.rankAb[t] = ranked + 1
      else view.rankBa![-t - 1] = ranked + 1
    })
  }
}

/**
 * Column x ranks before column y in this row: the order of eval/rankings.ts's rankOrder (lower
 * distance first, NaN after +Infinity, ties by column), which the metrics and the browsed lists use.
 */
function before(row: ArrayLike<number>, x: number, y: number): boolean {
  const dx = row[x]
  const dy = row[y]
  if (dx < dy) return true
  if (dx > dy) return false
  const nx = Number.isNaN(dx)
  if (nx !== Number.isNaN(dy)) return !nx
  return x < y
}
