// The analysis window: a symmetric 3-term Blackman-Harris (-62 dB) window normalised so that
// its samples sum to 2 (see parameters.ts for the convention and why zero-phase is omitted).
import { FRAME_SIZE, WINDOW_COEFFICIENTS } from './parameters'

/** The normalised blackmanharris62 window of `size` samples. */
export function blackmanHarris62(size: number = FRAME_SIZE): Float64Array {
  const [a0, a1, a2] = WINDOW_COEFFICIENTS
  const w = new Float64Array(size)
  const step = (2 * Math.PI) / (size - 1)
  let sum = 0
  for (let i = 0; i < size; i++) {
    w[i] = a0 - a1 * Math.cos(step * i) + a2 * Math.cos(2 * step * i)
    sum += w[i]
  }
  const scale = 2 / sum
  for (let i = 0; i < size; i++) w[i] *= scale
  return w
}
