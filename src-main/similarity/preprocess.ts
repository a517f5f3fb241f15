// Chroma preprocessing shared by the aligners: temporal downsampling, per-frame normalisation,
// the global optimal transposition index (Serra, Gómez & Herrera 2008) and circular transposition.
// All functions are pure: they return new sequences and never touch their input.
import {
  checkInteger,
  checkOneOf,
  checkPair,
  checkSequence,
  type ChromaSeq,
  type DownsampleMethod,
  type FrameNorm,
} from './parameters'

/**
 * Averages (or takes the median of) each block of `factor` frames, bin by bin. Batch scoring
 * runs DTW on coarse sequences first; the median resists a single transient frame in a block.
 * A last, shorter block is kept so no music at the end is dropped.
 */
export function downsample(seq: ChromaSeq, factor: number, method: DownsampleMethod = 'mean'): ChromaSeq {
  checkSequence('sequence', seq)
  checkInteger('factor', factor, 1)
  checkOneOf('method', method, ['mean', 'median'])
  const { frames, bins, data } = seq
  if (factor === 1) return { frames, bins, data: data.slice() }
  const outFrames = Math.ceil(frames / factor)
  const out = new Float32Array(outFrames * bins)
  const block = new Float64Array(factor)
  for (let o = 0; o < outFrames; o++) {
    const start = o * factor
    const len = Math.min(factor, frames - start)
    for (let b = 0; b < bins; b++) {
      if (method === 'mean') {
        let sum = 0
        for (let t = 0; t < len; t++) sum += data[(start + t) * bins + b]
        out[o * bins + b] = sum / len
      } else {
        for (let t = 0; t < len; t++) block[t] = data[(start + t) * bins + b]
        const part = block.subarray(0, len).sort()
        out[o * bins + b] = len % 2 ? part[len >> 1] : (part[len / 2 - 1] + part[len / 2]) / 2
      }
    }
  }
  return { frames: outFrames, bins, data: out }
}

/**
 * Scales each frame to unit maximum ('max', the HPCP convention: loudness drops out, the
 * strongest pitch class reads 1) or to unit Euclidean length ('l2': then 1 - a·b is the cosine
 * distance and half the squared Euclidean distance, which the DTW lower bound relies on).
 * A zero frame (silence) stays zero: there is no direction to normalise to, and inventing one
 * would make silence look like music.
 */
export function normaliseFrames(seq: ChromaSeq, norm: FrameNorm = 'max'): ChromaSeq {
  checkSequence('sequence', seq)
  checkOneOf('norm', norm, ['max', 'l2'])
  const { frames, bins, data } = seq
  const out = new Float32Array(data.length)
  for (let t = 0; t < frames; t++) {
    const base = t * bins
    let scale = 0
    if (norm === 'max') {
      for (let b = 0; b < bins; b++) scale = Math.max(scale, Math.abs(data[base + b]))
    } else {
      for (let b = 0; b < bins; b++) scale += data[base + b] * data[base + b]
      scale = Math.sqrt(scale)
    }
    if (scale > 0) for (let b = 0; b < bins; b++) out[base + b] = data[base + b] / scale
  }
  return { frames, bins, data: out }
}

/** Sum of all frames, bin by bin (the global chroma before scaling; OTI only needs its direction). */
export function globalChroma(seq: ChromaSeq): Float64Array {
  const { frames, bins, data } = seq
  const g = new Float64Array(bins)
  for (let t = 0; t < frames; t++) for (let b = 0; b < bins; b++) g[b] += data[t * bins + b]
  return g
}

/**
 * The optimal transposition index of `reference` towards `query` (Serra 2008): the circular
 * shift k maximising Σ_b gQ[b] · gR[(b + k) mod bins], where g are the global chromas, among the
 * `noti` shifts 0, -1, -2, ... (mod bins; all of them by default). `transpose(reference, k)` then
 * sounds in the query's key. Ties (e.g. an all-zero or perfectly flat chroma, where every shift
 * scores the same) resolve to the first candidate, 0, so a silent or flat input is never moved.
 */
export function optimalTransposition(query: ChromaSeq, reference: ChromaSeq, noti = query.bins): number {
  checkPair(query, reference)
  checkInteger('noti', noti, 1, query.bins)
  return otiFromGlobals(globalChroma(query), globalChroma(reference), noti)
}

export function otiFromGlobals(gq: Float64Array, gr: Float64Array, noti: number): number {
  const bins = gq.length
  let best = -Infinity
  let bestShift = 0
  // Candidates in the reference implementation's order: 0, then downwards (bins-1, bins-2, ...).
  // With noti < bins this decides which shifts are tried at all; with noti = bins only which of
  // two exactly equal scores wins.
  for (let t = 0; t < noti; t++) {
    const k = (bins - t) % bins
    let dot = 0
    for (let b = 0; b < bins; b++) dot += gq[b] * gr[(b + k) % bins]
    if (dot > best) {
      best = dot
      bestShift = k
    }
  }
  return bestShift
}

/** Circularly shifts every frame: out[b] = in[(b + shift) mod bins]. Any integer shift works. */
export function transpose(seq: ChromaSeq, shift: number): ChromaSeq {
  checkSequence('sequence', seq)
  checkInteger('shift', shift, Number.MIN_SAFE_INTEGER)
  return { frames: seq.frames, bins: seq.bins, data: transposeData(seq.data, seq.bins, shift) }
}

/** The unchecked core of `transpose`, for callers that already validated their input. */
export function transposeData(data: Float32Array, bins: number, shift: number): Float32Array {
  const k = ((shift % bins) + bins) % bins
  if (k === 0) return data.slice()
  const out = new Float32Array(data.length)
  for (let base = 0; base < data.length; base += bins) {
    for (let b = 0; b < bins; b++) {
      const src = b + k < bins ? b + k : b + k - bins
      out[base + b] = data[base + src]
    }
  }
  return out
}
