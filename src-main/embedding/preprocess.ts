// What the embedding model is fed: chroma (frames x 12) averaged over blocks of the card's
// factor and scaled to unit maximum per frame, exactly as training/data.py's preprocess() does
// (test/embedding/preprocess.test.ts compares the two on real files). It is the scoring jobs'
// own preprocessing, so one convention holds across the app: a last, shorter block is kept.
import { invalidInput } from '../errors'
import { downsample, normaliseFrames } from '../similarity/preprocess'

export interface Sequence {
  /** frames x 12, frame-major, as readChroma returns it. */
  data: Float32Array
  frames: number
}

/** Refuses what the model cannot embed, naming the sequence: NaN/infinite values, too few frames. */
export function checkSequence(label: string, seq: Sequence, factor: number, minFrames: number): void {
  if (seq.data.length !== seq.frames * 12) throw invalidInput(`${label}: ${seq.data.length} values are not ${seq.frames} frames x 12 pitch classes`)
  for (let k = 0; k < seq.data.length; k++) {
    if (!Number.isFinite(seq.data[k])) {
      throw invalidInput(`${label}: chroma frame ${Math.floor(k / 12)} holds ${seq.data[k]}; NaN or infinite chroma cannot be embedded`)
    }
  }
  const blocks = Math.ceil(seq.frames / factor)
  if (blocks < minFrames) {
    const needed = (minFrames - 1) * factor + 1
    throw invalidInput(
      `${label}: ${seq.frames} frames (${(seq.frames / (44100 / 512)).toFixed(1)} s) is too short for the model: it needs at least ${needed} frames (${minFrames} after downsampling by ${factor}, which its time poolings reduce to one)`,
    )
  }
}

export function preprocessChroma(seq: Sequence, factor: number): Float32Array {
  return normaliseFrames(downsample({ frames: seq.frames, bins: 12, data: seq.data }, factor, 'mean'), 'max').data
}
