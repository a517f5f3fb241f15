// Seeded inputs for the similarity tests: a small PRNG, random chroma, excerpts and time-stretches.
import type { ChromaSeq } from '../../src-main/similarity'

/** Park–Miller minimal standard generator: deterministic across runs and platforms. */
export function rng(seed: number): () => number {
  let s = seed % 2147483647
  if (s <= 0) s += 2147483646
  return () => (s = (s * 16807) % 2147483647) / 2147483647
}

export function randomSequence(frames: number, rand: () => number, bins = 12): ChromaSeq {
  const data = new Float32Array(frames * bins)
  for (let k = 0; k < data.length; k++) data[k] = rand()
  return { frames, bins, data }
}

export function seq(rows: number[][]): ChromaSeq {
  const bins = rows[0].length
  return { frames: rows.length, bins, data: Float32Array.from(rows.flat()) }
}

export function excerpt(s: ChromaSeq, start: number, frames: number): ChromaSeq {
  return { frames, bins: s.bins, data: s.data.slice(start * s.bins, (start + frames) * s.bins) }
}

/** Resamples in time by linear interpolation: factor 1.25 makes it 25% longer (slower). */
export function stretch(s: ChromaSeq, factor: number): ChromaSeq {
  const frames = Math.max(2, Math.round(s.frames * factor))
  const data = new Float32Array(frames * s.bins)
  for (let t = 0; t < frames; t++) {
    const x = (t * (s.frames - 1)) / (frames - 1)
    const lo = Math.floor(x)
    const hi = Math.min(lo + 1, s.frames - 1)
    const f = x - lo
    for (let b = 0; b < s.bins; b++) data[t * s.bins + b] = s.data[lo * s.bins + b] * (1 - f) + s.data[hi * s.bins + b] * f
  }
  return { frames, bins: s.bins, data }
}
