// One comparison of two loaded sequences under a parameter set: the three distances the batch
// computes (DTW, Qmax, Dmax, with pairDistance's conventions) together with what the view draws
// (the transposition, the cross-recurrence, the stack distances it was thresholded from, DTW's
// accumulated cost, and each method's path). Pure; runs in the compare worker.
import { invalidInput } from '../errors'
import type { CompareResult, MatrixImage } from './types'
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
import { meanRange, poolMeans, shade, thinPath } from './display'

export type CompareParams = AlignmentParams

/**
 * The most frame pairs a comparison takes on: 5,000 x 5,000. Paths and pictures need whole
 * matrices of 8 bytes a cell (the stack distances, the alignment scores, the DTW costs), about
 * 600 MB at this limit (13 s on a slow 2-core machine), where a batch, which keeps no path, goes
 * to MAX_FRAMES a side.
 */
export const COMPARE_MAX_CELLS = 25_000_000

/**
 * What a comparison is doing, in order: the service starts the worker and waits for the learned
 * embedding's distance, the worker reads the files and runs comparePair's stages.
 */
export type CompareStage = 'start' | 'read' | 'similarity' | 'qmax' | 'dmax' | 'dtw-shifts' | 'dtw' | 'pictures' | 'embedding'

/** The stages a comparison under these parameters goes through ('dtw-shifts' only when every key shift is tried). */
export function compareStages(params: Pick<CompareParams, 'keyShift'>): CompareStage[] {
  return ['start', 'read', 'similarity', 'qmax', 'dmax', ...(params.keyShift === 'all' ? (['dtw-shifts'] as const) : []), 'dtw', 'pictures', 'embedding']
}

/** The result before any calibration: each score without its verdict. */
export interface Comparison extends Omit<CompareResult, 'scores' | 'judgement' | 'seconds'> {
  scores: Array<{ method: ScoreMethod; distance: number | null; directions: [number | null, number | null]; score: number | null; shift: number }>
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

/**
 * A pair's distance as the evaluation counts it, the mean of both directions (eval/roc.ts), so
 * that the verdict against a calibration from evaluated jobs does not depend on which of the two
 * comes first; and each direction, first to second then second to first.
 */
export function pairOf([forward, reverse]: readonly [number, number]): { distance: number | null; directions: [number | null, number | null] } {
  return { distance: finite((forward + reverse) / 2), directions: [finite(forward), finite(reverse)] }
}

export function comparePair(a: ChromaSeq, b: ChromaSeq, params: CompareParams, report: (stage: CompareStage) => void = () => {}): Comparison {
  checkSize(a, b, params.downsample)
  report('similarity')
  const stride = CROSS_SIMILARITY_DEFAULTS.frameStackStride
  const stackFrames = (params.frameStackSize - 1) * stride + 1
  const middle = (stackFrames - 1) / 2
  const cross = { frameStackSize: params.frameStackSize, binarizePercentile: params.binarizePercentile }
  const gaps = { disOnset: params.disOnset, disExtension: params.disExtension }

  // A workspace per comparison, so a long-lived worker does not keep hundreds of MB between them.
  const csm = crossSimilarity(a, b, cross, new CrossSimilarityWorkspace(), { distances: true })
  const align = new AlignmentWorkspace()
  const aligned = (alignmentType: 'serra09' | 'chen17') => {
    const r = alignCrossRecurrence(csm, { alignmentType, ...gaps, path: true }, align)
    const path = (r.path ?? []).map(([i, j]) => [i * stride + middle, j * stride + middle] as const)
    // The score is the same both ways round; each direction divides by its reference's stacks (pairDistance).
    const reverse = r.qmax > 0 ? Math.sqrt(csm.rows) / r.qmax : Infinity
    return { qmax: r.qmax, directions: [r.distance, reverse] as const, path: thinPath(path) }
  }
  report('qmax')
  const qmax = aligned('serra09')
  report('dmax')
  const dmax = aligned('chen17')

  // With all 12 shifts, find the best one without paths (12 full matrices would be 12x the memory),
  // then trace that one.
  if (params.keyShift === 'all') report('dtw-shifts')
  const dtwShift = params.keyShift === 'all' ? dtw(a, b, { keyShift: 'all', band: params.band }).shift : null
  report('dtw')
  const warped =
    dtwShift === null
      ? dtw(a, b, { keyShift: 'oti', band: params.band, path: true })
      : { ...dtw(a, transpose(b, dtwShift), { keyShift: 'none', band: params.band, path: true }), shift: dtwShift }

  report('pictures')
  const stacks = { firstFrame: middle, framesPerCell: stride }
  const scores: Comparison['scores'] = [
    { method: 'dtw', ...pairOf([warped.distance, warped.distance]), score: null, shift: warped.shift },
    { method: 'qmax', ...pairOf(qmax.directions), score: qmax.qmax, shift: csm.oti },
    { method: 'dmax', ...pairOf(dmax.directions), score: dmax.qmax, shift: csm.oti },
  ]
  return {
    params: { ...params },
    frames: [a.frames, b.frames],
    secondsPerFrame: params.downsample / FRAME_RATE,
    shift: csm.oti,
    stackFrames,
    matrices: {
      recurrence: picture(csm.matrix, csm.rows, csm.cols, stacks, 'recurrence'),
      similarity: picture(csm.distances!, csm.rows, csm.cols, stacks, 'distance'),
      cost: picture(warped.costMatrix!, a.frames, b.frames, { firstFrame: 0, framesPerCell: 1 }, 'distance'),
    },
    dtwPath: thinPath(warped.path ?? []),
    qmaxPath: qmax.path,
    dmaxPath: dmax.path,
    scores,
  }
}

/** A matrix pooled for display: shares of recurrent cells on 0–1, distances and costs on their own range, closest darkest. */
function picture(
  values: ArrayLike<number>,
  rows: number,
  cols: number,
  grid: Pick<MatrixImage, 'firstFrame' | 'framesPerCell'>,
  kind: 'recurrence' | 'distance',
): MatrixImage {
  const pooled = poolMeans(values, rows, cols)
  const [low, high] = kind === 'recurrence' ? [0, 1] : meanRange(pooled.means)
  const shaded = shade(pooled, low, high, kind === 'recurrence' ? 'high' : 'low')
  return {
    rows,
    cols,
    displayRows: shaded.rows,
    displayCols: shaded.cols,
    data: Buffer.from(shaded.data.buffer, shaded.data.byteOffset, shaded.data.byteLength).toString('base64'),
    ...grid,
    low,
    high,
  }
}
