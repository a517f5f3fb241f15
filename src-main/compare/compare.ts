// One comparison of two loaded sequences under a parameter set: the three distances the batch
// computes (DTW, Qmax, Dmax, with pairDistance's conventions) together with what the view draws
// (the transposition, the cross-recurrence and each method's path). Pure; runs in the compare worker.
import { invalidInput } from '../errors'
import type { CompareResult } from './types'
import { FRAME_RATE } from '../dataset/features'
import type { AlignmentParams, ScoreMethod } from '../scoring/parameters'
import {
  alignCrossRecurrence,
  AlignmentWorkspace,
  crossSimilarity,
  CROSS_SIMILARITY_DEFAULTS,
  CrossSimilarityWorkspace,
  dtw,
  transpose,
  type ChromaSeq,
} from '../similarity'
import { poolShareOfOnes, thinPath } from './display'

export type CompareParams = AlignmentParams

/**
 * The most frame pairs a comparison takes on: 5,000 x 5,000. Paths need whole matrices of 8 bytes
 * a cell (the stack distances, the alignment scores, the DTW costs), about 600 MB at this limit
 * (13 s on a slow 2-core machine), where a batch, which keeps no path, goes to MAX_FRAMES a side.
 */
export const COMPARE_MAX_CELLS = 25_000_000

/** The result before thresholds: each score without its verdict. */
export interface Comparison extends Omit<CompareResult, 'scores' | 'seconds'> {
  scores: Array<{ method: ScoreMethod; distance: number | null; score: number | null; shift: number }>
}


export function checkSize(a: ChromaSeq, b: ChromaSeq, downsample: number): void {
  const cells = a.frames * b.frames
  if (cells <= COMPARE_MAX_CELLS) return
  const need = Math.ceil(downsample * Math.sqrt(cells / COMPARE_MAX_CELLS))
  throw invalidInput(
    `${a.frames} x ${b.frames} frames after downsampling by ${downsample} is ${count(cells)} frame pairs; ` +
      `Compare draws its paths over whole score matrices and takes at most ${count(COMPARE_MAX_CELLS)} (downsample by ${need} or more)`,
  )
}

const count = (n: number) => n.toLocaleString('en-US')
const finite = (v: number): number | null => (Number.isFinite(v) ? v : null)

export function comparePair(a: ChromaSeq, b: ChromaSeq, params: CompareParams): Comparison {
  checkSize(a, b, params.downsample)
  const stack = CROSS_SIMILARITY_DEFAULTS
  const stackFrames = (stack.frameStackSize - 1) * stack.frameStackStride + 1
  const middle = (stackFrames - 1) / 2

  // A workspace per comparison, so a long-lived worker does not keep hundreds of MB between them.
  const csm = crossSimilarity(a, b, {}, new CrossSimilarityWorkspace())
  const align = new AlignmentWorkspace()
  const aligned = (alignmentType: 'serra09' | 'chen17') => {
    const r = alignCrossRecurrence(csm, { alignmentType, path: true }, align)
    const path = (r.path ?? []).map(([i, j]) => [i * stack.frameStackStride + middle, j * stack.frameStackStride + middle] as const)
    return { qmax: r.qmax, distance: r.distance, path: thinPath(path) }
  }
  const qmax = aligned('serra09')
  const dmax = aligned('chen17')

  // With all 12 shifts, find the best one without paths (12 full matrices would be 12x the memory),
  // then trace that one.
  const dtwShift = params.keyShift === 'all' ? dtw(a, b, { keyShift: 'all', band: params.band }).shift : null
  const warped =
    dtwShift === null
      ? dtw(a, b, { keyShift: 'oti', band: params.band, path: true })
      : { ...dtw(a, transpose(b, dtwShift), { keyShift: 'none', band: params.band, path: true }), shift: dtwShift }

  const pooled = poolShareOfOnes(csm.matrix, csm.rows, csm.cols)
  return {
    params: { ...params },
    frames: [a.frames, b.frames],
    secondsPerFrame: params.downsample / FRAME_RATE,
    shift: csm.oti,
    matrix: {
      rows: csm.rows,
      cols: csm.cols,
      displayRows: pooled.rows,
      displayCols: pooled.cols,
      data: Buffer.from(pooled.data.buffer, pooled.data.byteOffset, pooled.data.byteLength).toString('base64'),
      stackFrames,
    },
    dtwPath: thinPath(warped.path ?? []),
    qmaxPath: qmax.path,
    dmaxPath: dmax.path,
    scores: [
      { method: 'dtw', distance: finite(warped.distance), score: null, shift: warped.shift },
      { method: 'qmax', distance: finite(qmax.distance), score: qmax.qmax, shift: csm.oti },
      { method: 'dmax', distance: finite(dmax.distance), score: dmax.qmax, shift: csm.oti },
    ],
  }
}
