// Local alignment over a binary cross-recurrence plot: Qmax (Serra, Serra & Andrzejak 2009) and
// its Dmax variant (Chen et al. 2017) as the reference implementation's CoverSongSimilarity
// computes them, the distance it derives from the best score, and the best local path for display.
//
// Qmax grows a score along (curved, disrupted) diagonals: a recurrent cell adds 1 to the best of
// its three predecessors (i-1,j-1), (i-2,j-1), (i-1,j-2); a non-recurrent one keeps the best
// predecessor minus a penalty, γo if that predecessor was recurrent (a disruption starts) and γe
// if not (it goes on), floored at 0. Dmax adds the predecessors (i-1,j-3) and (i-3,j-1), and a
// step that skips over recurrent cells in the query's or the reference's own direction earns them
// too, so tempo changes along a path cost less. As in the reference implementation the first two
// (Qmax) or three (Dmax) rows and columns stay 0.
import {
  ALIGNMENT_DEFAULTS,
  checkOneOf,
  checkReal,
  SimilarityInputError,
  type AlignmentParams,
  type ChromaSeq,
  type CrossSimilarityParams,
} from './parameters'
import { crossSimilarity, type CrossRecurrence, type CrossSimilarityWorkspace } from './cross-similarity'

export interface AlignmentResult {
  /** The largest score in the alignment matrix (Qmax or Dmax). */
  qmax: number
  /** As `distanceType` defines it; Infinity when asymmetric and nothing aligns (qmax 0). */
  distance: number
  /** Row and column of the (first, row-major) cell holding qmax. */
  end: [number, number]
  /** rows x cols scores, only when asked for (`scoreMatrix: true`). */
  scoreMatrix?: Float64Array
  /** The best local alignment, start to end, as [row, col] cells; only when asked for (`path: true`). */
  path?: Array<[number, number]>
}

export interface AlignmentOptions extends Partial<AlignmentParams> {
  scoreMatrix?: boolean
  path?: boolean
}

export function resolveAlignmentParams(params: Partial<AlignmentParams> = {}): AlignmentParams {
  const p: AlignmentParams = { ...ALIGNMENT_DEFAULTS, ...params }
  checkOneOf('alignmentType', p.alignmentType, ['serra09', 'chen17'])
  checkOneOf('distanceType', p.distanceType, ['asymmetric', 'symmetric'])
  checkReal('disOnset', p.disOnset, 0)
  checkReal('disExtension', p.disExtension, 0)
  return p
}

/** A reusable score buffer for batch work (the full matrix only when a path or the matrix is wanted). */
export class AlignmentWorkspace {
  private scores = new Float64Array(0)
  buffer(cells: number): Float64Array {
    if (this.scores.length < cells) this.scores = new Float64Array(cells)
    return this.scores
  }
}

const sharedWorkspace = new AlignmentWorkspace()

/**
 * Aligns a binary cross-recurrence matrix (`rows` x `cols`, row-major, values 0 or 1; rows are
 * the query, columns the reference). Without `path` or `scoreMatrix` only four rows of scores are
 * kept. Throws SimilarityInputError for a non-binary or mis-sized matrix.
 */
export function alignCrossRecurrence(
  csm: Pick<CrossRecurrence, 'rows' | 'cols' | 'matrix'>,
  options: AlignmentOptions = {},
  workspace: AlignmentWorkspace = sharedWorkspace,
): AlignmentResult {
  const p = resolveAlignmentParams(options)
  const { rows: n, cols: m, matrix: c } = csm
  if (!Number.isInteger(n) || !Number.isInteger(m) || n < 1 || m < 1) throw new SimilarityInputError(`cross-recurrence size ${n} x ${m} is empty`)
  if (c.length !== n * m) throw new SimilarityInputError(`cross-recurrence holds ${c.length} cells, not ${n} x ${m}`)
  for (let k = 0; k < c.length; k++) {
    if (c[k] !== 0 && c[k] !== 1) throw new SimilarityInputError(`cross-recurrence cell ${Math.floor(k / m)},${k % m} is ${c[k]}; it must be 0 or 1`)
  }
  return align(n, m, c, p, options, workspace)
}

/** The alignment proper, for a matrix known to be well formed (ours, or one just checked). */
function align(n: number, m: number, c: Uint8Array, p: AlignmentParams, options: AlignmentOptions, workspace: AlignmentWorkspace): AlignmentResult {
  const keepAll = Boolean(options.path || options.scoreMatrix)
  const ringRows = keepAll ? n : Math.min(n, 4)
  const q = workspace.buffer(ringRows * m)
  q.fill(0, 0, ringRows * m)
  const go = p.disOnset
  const ge = p.disExtension
  let best = 0
  let bestI = 0
  let bestJ = 0

  if (p.alignmentType === 'serra09') {
    for (let i = 2; i < n; i++) {
      const r0 = (i % ringRows) * m
      const r1 = ((i - 1) % ringRows) * m
      const r2 = ((i - 2) % ringRows) * m
      const c0 = i * m
      const c1 = c0 - m
      const c2 = c1 - m
      q[r0] = 0
      q[r0 + 1] = 0
      for (let j = 2; j < m; j++) {
        const d = q[r1 + j - 1] // (i-1, j-1)
        const v = q[r2 + j - 1] // (i-2, j-1)
        const h = q[r1 + j - 2] // (i-1, j-2)
        let s: number
        if (c[c0 + j] === 1) {
          s = (d > v ? (d > h ? d : h) : v > h ? v : h) + 1
        } else {
          s = 0
          const sd = d - (c[c1 + j - 1] === 1 ? go : ge)
          const sv = v - (c[c2 + j - 1] === 1 ? go : ge)
          const sh = h - (c[c1 + j - 2] === 1 ? go : ge)
          if (sd > s) s = sd
          if (sv > s) s = sv
          if (sh > s) s = sh
        }
        q[r0 + j] = s
        if (s > best) {
          best = s
          bestI = i
          bestJ = j
        }
      }
    }
  } else {
    for (let i = 3; i < n; i++) {
      const r0 = (i % ringRows) * m
      const r1 = ((i - 1) % ringRows) * m
      const r2 = ((i - 2) % ringRows) * m
      const r3 = ((i - 3) % ringRows) * m
      const c0 = i * m
      const c1 = c0 - m
      const c2 = c1 - m
      const c3 = c2 - m
      q[r0] = 0
      q[r0 + 1] = 0
      q[r0 + 2] = 0
      for (let j = 3; j < m; j++) {
        const left1 = c[c0 + j - 1] // skipped along the reference
        const up1 = c[c1 + j] // skipped along the query
        const t1 = q[r1 + j - 1]
        const t2 = q[r1 + j - 2] + left1
        const t3 = q[r2 + j - 1] + up1
        const t4 = q[r1 + j - 3] + left1 + c[c0 + j - 2]
        const t5 = q[r3 + j - 1] + up1 + c[c2 + j]
        let s: number
        if (c[c0 + j] === 1) {
          s = t1
          if (t2 > s) s = t2
          if (t3 > s) s = t3
          if (t4 > s) s = t4
          if (t5 > s) s = t5
          s += 1
        } else {
          s = 0
          const s1 = t1 - (c[c1 + j - 1] === 1 ? go : ge)
          const s2 = t2 - (c[c1 + j - 2] === 1 ? go : ge)
          const s3 = t3 - (c[c2 + j - 1] === 1 ? go : ge)
          const s4 = t4 - (c[c1 + j - 3] === 1 ? go : ge)
          const s5 = t5 - (c[c3 + j - 1] === 1 ? go : ge)
          if (s1 > s) s = s1
          if (s2 > s) s = s2
          if (s3 > s) s = s3
          if (s4 > s) s = s4
          if (s5 > s) s = s5
        }
        q[r0 + j] = s
        if (s > best) {
          best = s
          bestI = i
          bestJ = j
        }
      }
    }
  }

  const result: AlignmentResult = {
    qmax: best,
    distance: p.distanceType === 'symmetric' ? best : best > 0 ? Math.sqrt(m) / best : Infinity,
    end: [bestI, bestJ],
  }
  if (options.scoreMatrix) result.scoreMatrix = q.slice(0, n * m)
  if (options.path) result.path = best > 0 ? traceback(q, c, m, bestI, bestJ, p) : []
  return result
}

/** Predecessor steps: [di, dj, cells skipped that count as gains (relative [di, dj] pairs)]. */
const SERRA_STEPS: ReadonlyArray<readonly [number, number, ReadonlyArray<readonly [number, number]>]> = [
  [1, 1, []],
  [2, 1, []],
  [1, 2, []],
]
const CHEN_STEPS: ReadonlyArray<readonly [number, number, ReadonlyArray<readonly [number, number]>]> = [
  [1, 1, []],
  [1, 2, [[0, 1]]],
  [2, 1, [[1, 0]]],
  [1, 3, [[0, 1], [0, 2]]],
  [3, 1, [[1, 0], [2, 0]]],
]

/**
 * Walks back from the best cell to where the alignment started, choosing at each cell the
 * predecessor that produced its score (the diagonal first on ties), and returns the cells in
 * order, with the recurrent cells a Dmax step skipped over included so the drawn path is connected.
 */
function traceback(q: Float64Array, c: Uint8Array, m: number, endI: number, endJ: number, p: AlignmentParams): Array<[number, number]> {
  const steps = p.alignmentType === 'serra09' ? SERRA_STEPS : CHEN_STEPS
  const tol = 1e-9
  const back: Array<[number, number]> = []
  let i = endI
  let j = endJ
  while (q[i * m + j] > tol) {
    back.push([i, j])
    const s = q[i * m + j]
    const here = c[i * m + j] === 1
    let next: [number, number] | null = null
    for (const [di, dj, gains] of steps) {
      const pi = i - di
      const pj = j - dj
      if (pi < 0 || pj < 0) continue
      let gain = 0
      for (const [gi, gj] of gains) gain += c[(i - gi) * m + (j - gj)]
      const prev = q[pi * m + pj]
      const from = here ? prev + gain + 1 : prev + gain - (c[pi * m + pj] === 1 ? p.disOnset : p.disExtension)
      if (Math.abs(from - s) > tol) continue
      // `back` runs from the end towards the start: the skipped cell nearest (i, j) goes first.
      for (const [gi, gj] of gains) if (c[(i - gi) * m + (j - gj)] === 1) back.push([i - gi, j - gj])
      next = [pi, pj]
      break
    }
    if (!next) break // unreachable for a matrix this module computed; a guard against foreign input
    ;[i, j] = next
  }
  return back.reverse()
}

export interface QmaxResult extends AlignmentResult {
  crossRecurrence: CrossRecurrence
}

/**
 * Cross-recurrence then local alignment, the whole Qmax/Dmax similarity of two chroma sequences
 * (query first; the asymmetric distance is normalised by the reference's length).
 */
export function qmaxSimilarity(
  query: ChromaSeq,
  reference: ChromaSeq,
  cross: Partial<CrossSimilarityParams> = {},
  alignOptions: AlignmentOptions = {},
  workspaces: { cross?: CrossSimilarityWorkspace; align?: AlignmentWorkspace } = {},
): QmaxResult {
  const p = resolveAlignmentParams(alignOptions)
  const crossRecurrence = crossSimilarity(query, reference, cross, workspaces.cross)
  const { rows, cols, matrix } = crossRecurrence
  return { ...align(rows, cols, matrix, p, alignOptions, workspaces.align ?? sharedWorkspace), crossRecurrence }
}
