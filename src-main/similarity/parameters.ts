// Every tunable of the alignment similarity core, with its default and allowed range, in one
// place (reference-manual style), and the input checks every entry point shares. Callers and the
// compare view read the defaults from here instead of repeating numbers.

/** A chroma sequence: `frames` x `bins`, frame-major, as the dataset reader stores it. */
export interface ChromaSeq {
  data: Float32Array
  frames: number
  bins: number
}

/** Thrown for unusable input or parameters; the message names the argument and the rule it broke. */
export class SimilarityInputError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SimilarityInputError'
  }
}

/**
 * Cross-similarity (cross-recurrence) parameters, the reference implementation's defaults
 * (Serra, Serra & Andrzejak 2009, with its "ChromaCrossSimilarity" defaults):
 *
 * - `frameStackSize` (integer in [1, ∞), default 9): frames stacked into one state-space vector
 *   (the delay embedding m of Serra 2009); 1 uses the frames as they are.
 * - `frameStackStride` (integer in [1, ∞), default 1): delay τ between stacked frames, and the hop
 *   between consecutive stacks. A sequence of n frames yields floor((n - size*stride - 1)/stride)+1
 *   stacks when size > 1 (the reference's count: the last full window is not used), n when size = 1.
 * - `binarizePercentile` (real in [0, 1], default 0.095): fraction κ of nearest neighbours counted
 *   as recurrent, per row and per column (a cell is 1 only when it is within both): the threshold
 *   is the linearly interpolated percentile at rank κ·(N-1) of the N distances, a distance equal
 *   to it counts. Parity with the reference implementation is verified at the default only: the
 *   build used as the test oracle returns an all-zero matrix for any other value.
 * - The OTI-based binary similarity (the reference's `otiBinary`, off by default) is not offered.
 * - `oti` (boolean, default true): transpose the reference to the query's key by the global
 *   optimal transposition index (Serra 2008) before stacking.
 * - `noti` (integer in [1, 12], default 12): how many circular shifts (0..noti-1) OTI tries.
 */
export interface CrossSimilarityParams {
  frameStackSize: number
  frameStackStride: number
  binarizePercentile: number
  oti: boolean
  noti: number
}

export const CROSS_SIMILARITY_DEFAULTS: Readonly<CrossSimilarityParams> = Object.freeze({
  frameStackSize: 9,
  frameStackStride: 1,
  binarizePercentile: 0.095,
  oti: true,
  noti: 12,
})

/**
 * The ranges a person may set the cross-similarity and local-alignment tunables to, where the
 * batch form, Compare and the API offer them (the core itself accepts any value its checks allow):
 * a frame stack of at most 64 frames (7.4 s at the batch's default downsampling by 10; a stack
 * distance costs that many additions a cell), and gap penalties of at most 10 (ten recurrent
 * cells' worth of score lost at a gap; larger ones end nearly every path at its first gap alike).
 */
export const SIMILARITY_LIMITS = Object.freeze({
  frameStackSize: Object.freeze({ min: 1, max: 64 }),
  binarizePercentile: Object.freeze({ min: 0, max: 1 }),
  disOnset: Object.freeze({ min: 0, max: 10 }),
  disExtension: Object.freeze({ min: 0, max: 10 }),
})

/**
 * Local alignment parameters (Qmax, Serra et al. 2009; Dmax, Chen et al. 2017):
 *
 * - `alignmentType` ('serra09' | 'chen17', default 'serra09').
 * - `disOnset` (real in [0, ∞), default 0.5): penalty γo when a disruption starts (the previous
 *   cell on the path was recurrent).
 * - `disExtension` (real in [0, ∞), default 0.5): penalty γe for each further non-recurrent cell.
 * - `distanceType` ('asymmetric' | 'symmetric', default 'asymmetric'): asymmetric is
 *   sqrt(reference stacks) / Qmax, Infinity when Qmax is 0 (nothing aligns; never NaN);
 *   symmetric is Qmax itself (the reference implementation's definition: a score, higher is closer).
 */
export type AlignmentType = 'serra09' | 'chen17'
export type DistanceType = 'asymmetric' | 'symmetric'
export interface AlignmentParams {
  alignmentType: AlignmentType
  disOnset: number
  disExtension: number
  distanceType: DistanceType
}

export const ALIGNMENT_DEFAULTS: Readonly<AlignmentParams> = Object.freeze({
  alignmentType: 'serra09',
  disOnset: 0.5,
  disExtension: 0.5,
  distanceType: 'asymmetric',
})

/**
 * DTW parameters:
 *
 * - `keyShift` ('none' | 'oti' | 'all', default 'oti'): how B is transposed to A's key; 'all'
 *   aligns under each of the 12 shifts and keeps the smallest distance (12x the work).
 * - `band` (integer in [0, ∞) or null, default null): Sakoe–Chiba radius in frames around the
 *   diagonal scaled to the two lengths; null means unconstrained. It widens to the slope's step
 *   where needed so that a path always exists.
 * - `openBegin`, `openEnd` (boolean, default false): subsequence alignment — A may start / end
 *   anywhere in B at no cost (A is the query, B the longer reference).
 * - `path` (boolean, default false): recover the warping path (costs n x m memory); otherwise two
 *   rows are kept: of the shorter sequence for a full unbanded alignment, of B otherwise.
 * - `abandonAbove` (real or Infinity, default Infinity): give up as soon as the normalised
 *   distance is certain to exceed it (a best-so-far from a batch); the result then says so.
 */
export type KeyShift = 'none' | 'oti' | 'all'
export interface DtwParams {
  keyShift: KeyShift
  band: number | null
  openBegin: boolean
  openEnd: boolean
  path: boolean
  abandonAbove: number
}

export const DTW_DEFAULTS: Readonly<DtwParams> = Object.freeze({
  keyShift: 'oti',
  band: null,
  openBegin: false,
  openEnd: false,
  path: false,
  abandonAbove: Infinity,
})

/**
 * Preprocessing:
 *
 * - downsampling factor k (integer in [1, ∞), default 1), by 'mean' (default) or 'median' over
 *   each block of k frames; a last partial block is kept.
 * - frame normalisation 'max' (unit maximum, the HPCP convention, default) or 'l2' (unit length,
 *   what cosine comparisons use). A zero frame (silence) stays zero under both.
 */
export type DownsampleMethod = 'mean' | 'median'
export type FrameNorm = 'max' | 'l2'
export const PREPROCESS_DEFAULTS = Object.freeze({ downsample: 1, downsampleMethod: 'mean' as DownsampleMethod, norm: 'max' as FrameNorm })

/** Bins per frame the core is tuned for; other counts work as long as both sides agree. */
export const CHROMA_BINS = 12

export function checkInteger(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new SimilarityInputError(`${name} must be an integer in [${min}, ${max === Number.MAX_SAFE_INTEGER ? '∞' : max}], got ${value}`)
  }
}

export function checkReal(name: string, value: number, min: number, max = Infinity): void {
  if (typeof value !== 'number' || Number.isNaN(value) || value < min || value > max) {
    throw new SimilarityInputError(`${name} must be a number in [${min}, ${max === Infinity ? '∞' : max}], got ${value}`)
  }
}

export function checkOneOf<T extends string>(name: string, value: T, allowed: readonly T[]): void {
  if (!allowed.includes(value)) throw new SimilarityInputError(`${name} must be one of ${allowed.join(', ')}, got ${String(value)}`)
}

/**
 * Checks one chroma sequence: shape consistent, at least `minFrames` frames, every value finite.
 * NaN or infinity would silently poison every distance it touches, so it is refused by name
 * (first offending frame and bin) rather than propagated.
 */
export function checkSequence(name: string, seq: ChromaSeq, minFrames = 1): void {
  if (!seq || !(seq.data instanceof Float32Array)) throw new SimilarityInputError(`${name} must hold a Float32Array of frames x bins`)
  checkInteger(`${name}.bins`, seq.bins, 1)
  checkInteger(`${name}.frames`, seq.frames, 0)
  if (seq.data.length !== seq.frames * seq.bins) {
    throw new SimilarityInputError(`${name} has ${seq.data.length} values, not frames x bins = ${seq.frames} x ${seq.bins}`)
  }
  if (seq.frames < minFrames) throw new SimilarityInputError(`${name} has ${seq.frames} frames; at least ${minFrames} needed`)
  const d = seq.data
  for (let k = 0; k < d.length; k++) {
    if (!Number.isFinite(d[k])) {
      throw new SimilarityInputError(`${name} frame ${Math.floor(k / seq.bins)} bin ${k % seq.bins} is ${d[k]}; chroma must be finite`)
    }
  }
}

export function checkPair(a: ChromaSeq, b: ChromaSeq, minFrames = 1): void {
  checkSequence('query', a, minFrames)
  checkSequence('reference', b, minFrames)
  if (a.bins !== b.bins) throw new SimilarityInputError(`query has ${a.bins} bins per frame but reference has ${b.bins}`)
}

/** Wraps a frame-major Float32Array as a sequence (bins defaults to 12). */
export function chroma(data: Float32Array, bins = CHROMA_BINS): ChromaSeq {
  if (bins <= 0 || data.length % bins !== 0) throw new SimilarityInputError(`${data.length} values are not a whole number of ${bins}-bin frames`)
  return { data, frames: data.length / bins, bins }
}
