// The binary cross-recurrence plot of two chroma sequences (Serra, Serra & Andrzejak 2009), with
// the reference implementation's ChromaCrossSimilarity defaults: the reference is transposed to
// the query's key by OTI, frames are stacked into delay vectors, Euclidean distances between the
// stacks are thresholded by the κ-nearest-neighbour rule in each row and each column.
//
// Speed: the squared distance between two stacks is the sum of the squared frame distances along
// a diagonal, so frame distances are computed once (bins flops per frame pair, kept only for the
// frame rows in use) and each stack distance is frameStackSize additions instead of
// frameStackSize x bins multiply-adds. Thresholds come from selection, not sorting. One output
// byte per cell; work buffers are reused across calls; nothing is allocated per cell.
import {
  checkInteger,
  checkPair,
  checkReal,
  CROSS_SIMILARITY_DEFAULTS,
  SimilarityInputError,
  type ChromaSeq,
  type CrossSimilarityParams,
} from './parameters'
import { globalChroma, otiFromGlobals, transposeData } from './preprocess'
import { percentileInPlace } from './select'

export interface CrossRecurrence {
  /** Query stacks (rows). */
  rows: number
  /** Reference stacks (columns). */
  cols: number
  /** rows x cols, row-major, 1 where the two stacks are mutual near neighbours. */
  matrix: Uint8Array
  /** The shift applied to the reference (0 when `oti` is off). */
  oti: number
  /**
   * rows x cols Euclidean distances between the stacks, before the threshold made them 0 or 1;
   * only when asked for (the compare view draws them). A view of the workspace's buffer: valid
   * until the workspace is used again.
   */
  distances?: Float64Array
}

/** Stacks a sequence of `frames` frames yields (0 if it is too short for one stack). */
export function stackCount(frames: number, size: number, stride: number): number {
  if (size <= 1) return frames
  const span = frames - size * stride
  return span > 0 ? Math.ceil(span / stride) : 0
}

/** The fewest frames that give the two stacks a cross-recurrence needs (a threshold of one value is meaningless). */
export function minFramesFor(size: number, stride: number): number {
  return size <= 1 ? 2 : size * stride + stride + 1
}

export function resolveCrossParams(params: Partial<CrossSimilarityParams> = {}, bins = 12): CrossSimilarityParams {
  const p: CrossSimilarityParams = { ...CROSS_SIMILARITY_DEFAULTS, ...params }
  checkInteger('frameStackSize', p.frameStackSize, 1)
  checkInteger('frameStackStride', p.frameStackStride, 1)
  checkReal('binarizePercentile', p.binarizePercentile, 0, 1)
  checkInteger('noti', p.noti, 1, bins)
  if (typeof p.oti !== 'boolean') throw new SimilarityInputError(`oti must be true or false, got ${String(p.oti)}`)
  return p
}

/** Columns gathered per pass when computing column thresholds. */
const COLUMN_BLOCK = 32

/** Reusable work buffers, so a batch worker scoring many pairs allocates once per size. */
export class CrossSimilarityWorkspace {
  private frameDist = new Float64Array(0)
  private stackDist = new Float64Array(0)
  private scratch = new Float64Array(0)
  private thresholds = new Float64Array(0)
  private columnBlock = new Float64Array(0)

  buffers(frameCells: number, stackCells: number, longest: number, thresholds: number) {
    if (this.frameDist.length < frameCells) this.frameDist = new Float64Array(frameCells)
    if (this.stackDist.length < stackCells) this.stackDist = new Float64Array(stackCells)
    if (this.scratch.length < longest) this.scratch = new Float64Array(longest)
    if (this.thresholds.length < thresholds) this.thresholds = new Float64Array(thresholds)
    if (this.columnBlock.length < COLUMN_BLOCK * longest) this.columnBlock = new Float64Array(COLUMN_BLOCK * longest)
    return { frameDist: this.frameDist, stackDist: this.stackDist, scratch: this.scratch, thresholds: this.thresholds, columns: this.columnBlock }
  }
}

const sharedWorkspace = new CrossSimilarityWorkspace()

/**
 * The binary cross-similarity matrix of `query` (rows) against `reference` (columns).
 * Throws SimilarityInputError when either sequence is shorter than `minFramesFor(size, stride)`,
 * holds NaN or infinity, or the bin counts differ. Silence is defined: all-zero (or constant)
 * chroma gives equal distances, ties are inside their own threshold, so a stack identical to all
 * of its neighbours is recurrent with all of them (the matrix of two silent inputs is all ones,
 * and their Qmax is that of a full diagonal, never NaN).
 */
export function crossSimilarity(
  query: ChromaSeq,
  reference: ChromaSeq,
  params: Partial<CrossSimilarityParams> = {},
  workspace: CrossSimilarityWorkspace = sharedWorkspace,
  options: { distances?: boolean } = {},
): CrossRecurrence {
  const p = resolveCrossParams(params, query.bins)
  const minFrames = minFramesFor(p.frameStackSize, p.frameStackStride)
  checkPair(query, reference)
  for (const [name, seq] of [['query', query], ['reference', reference]] as const) {
    if (seq.frames < minFrames) {
      throw new SimilarityInputError(
        `${name} has ${seq.frames} frames; frameStackSize ${p.frameStackSize} with stride ${p.frameStackStride} needs at least ${minFrames}`,
      )
    }
  }
  const bins = query.bins
  const oti = p.oti ? otiFromGlobals(globalChroma(query), globalChroma(reference), p.noti) : 0
  const a = query.data
  const b = oti === 0 ? reference.data : transposeData(reference.data, bins, oti)
  const size = p.frameStackSize
  const stride = p.frameStackStride
  const rows = stackCount(query.frames, size, stride)
  const cols = stackCount(reference.frames, size, stride)
  // Only frames that some stack uses need a distance.
  const usedB = (cols - 1) * stride + (size - 1) * stride + 1
  // Frame distances are kept only for the frame rows the current stack row spans (a ring).
  const ringRows = (size - 1) * stride + 1
  const ws = workspace.buffers(ringRows * usedB, rows * cols, Math.max(rows, cols), rows + cols)
  const fd = ws.frameDist
  let nextFrameRow = 0

  // Stack distances: the sum of the frame distances along a diagonal, added in the same order
  // (t ascending) for every cell so that identical stacks get bitwise identical distances and
  // ties stay ties; row by row, so the frame rows in use stay in cache.
  const sd = ws.stackDist
  const offsets = new Int32Array(size)
  for (let i = 0; i < rows; i++) {
    const lastFrame = i * stride + (size - 1) * stride
    for (; nextFrameRow <= lastFrame; nextFrameRow++) {
      frameRowDistances(a, b, bins, nextFrameRow, usedB, fd, (nextFrameRow % ringRows) * usedB)
    }
    const out = i * cols
    for (let t = 0; t < size; t++) offsets[t] = ((i * stride + t * stride) % ringRows) * usedB + t * stride
    if (size === 9 && stride === 1) {
      // The default, unrolled; the same left-to-right order as the general loop below.
      const o0 = offsets[0], o1 = offsets[1], o2 = offsets[2], o3 = offsets[3], o4 = offsets[4]
      const o5 = offsets[5], o6 = offsets[6], o7 = offsets[7], o8 = offsets[8]
      for (let j = 0; j < cols; j++) {
        sd[out + j] = Math.sqrt(
          0 + fd[o0 + j] + fd[o1 + j] + fd[o2 + j] + fd[o3 + j] + fd[o4 + j] + fd[o5 + j] + fd[o6 + j] + fd[o7 + j] + fd[o8 + j],
        )
      }
    } else {
      for (let j = 0; j < cols; j++) {
        let sum = 0
        const js = j * stride
        for (let t = 0; t < size; t++) sum += fd[offsets[t] + js]
        sd[out + j] = Math.sqrt(sum)
      }
    }
  }

  const scratch = ws.scratch
  const th = ws.thresholds // rows first, then columns
  const pct = p.binarizePercentile
  for (let i = 0; i < rows; i++) {
    scratch.set(sd.subarray(i * cols, i * cols + cols))
    th[i] = percentileInPlace(scratch, cols, pct)
  }
  // Columns are gathered a block at a time: each row contributes a short contiguous run.
  const colBuf = ws.columns
  for (let j0 = 0; j0 < cols; j0 += COLUMN_BLOCK) {
    const width = Math.min(COLUMN_BLOCK, cols - j0)
    for (let i = 0; i < rows; i++) {
      const base = i * cols + j0
      for (let w = 0; w < width; w++) colBuf[w * rows + i] = sd[base + w]
    }
    for (let w = 0; w < width; w++) {
      scratch.set(colBuf.subarray(w * rows, w * rows + rows))
      th[rows + j0 + w] = percentileInPlace(scratch, rows, pct)
    }
  }

  const matrix = new Uint8Array(rows * cols)
  for (let i = 0; i < rows; i++) {
    const rowT = th[i]
    const base = i * cols
    for (let j = 0; j < cols; j++) {
      const d = sd[base + j]
      matrix[base + j] = d <= rowT && d <= th[rows + j] ? 1 : 0
    }
  }
  return { rows, cols, matrix, oti, ...(options.distances ? { distances: sd.subarray(0, rows * cols) } : {}) }
}

/** out[at + j] = Σ_bins (a_row - b_j)² for every frame j of b; the 12-bin case unrolled (most of the work). */
function frameRowDistances(a: Float32Array, b: Float32Array, bins: number, row: number, nb: number, out: Float64Array, at: number): void {
  const o = row * bins
  if (bins === 12) {
    const a0 = a[o], a1 = a[o + 1], a2 = a[o + 2], a3 = a[o + 3], a4 = a[o + 4], a5 = a[o + 5]
    const a6 = a[o + 6], a7 = a[o + 7], a8 = a[o + 8], a9 = a[o + 9], a10 = a[o + 10], a11 = a[o + 11]
    for (let j = 0, q = 0; j < nb; j++, q += 12) {
      const d0 = a0 - b[q], d1 = a1 - b[q + 1], d2 = a2 - b[q + 2], d3 = a3 - b[q + 3]
      const d4 = a4 - b[q + 4], d5 = a5 - b[q + 5], d6 = a6 - b[q + 6], d7 = a7 - b[q + 7]
      const d8 = a8 - b[q + 8], d9 = a9 - b[q + 9], d10 = a10 - b[q + 10], d11 = a11 - b[q + 11]
      out[at + j] =
        d0 * d0 + d1 * d1 + d2 * d2 + d3 * d3 + d4 * d4 + d5 * d5 + d6 * d6 + d7 * d7 + d8 * d8 + d9 * d9 + d10 * d10 + d11 * d11
    }
    return
  }
  for (let j = 0; j < nb; j++) {
    let s = 0
    for (let k = 0; k < bins; k++) {
      const d = a[o + k] - b[j * bins + k]
      s += d * d
    }
    out[at + j] = s
  }
}
