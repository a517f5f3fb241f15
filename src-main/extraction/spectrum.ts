// Magnitude spectrum of one windowed frame, through fft.js's real-input FFT. Only the bins the
// later stages read (up to `maxBin`) are turned into magnitudes; nothing is allocated per frame.
import FFT from 'fft.js'
import { FRAME_SIZE } from './parameters'

export class MagnitudeSpectrum {
  private readonly fft = new FFT(FRAME_SIZE)
  private readonly complex = new Float64Array(2 * FRAME_SIZE)
  /** Windowed frame to transform: fill it, then call compute(). */
  readonly input = new Float64Array(FRAME_SIZE)
  /** |X[k]| for k in 0..maxBin after compute(); bins above are left at 0. */
  readonly magnitudes: Float64Array

  constructor(readonly maxBin: number) {
    if (maxBin > FRAME_SIZE / 2) throw new RangeError(`maxBin ${maxBin} is above Nyquist`)
    this.magnitudes = new Float64Array(FRAME_SIZE / 2 + 1)
  }

  compute(): Float64Array {
    this.fft.realTransform(this.complex, this.input)
    const c = this.complex
    const m = this.magnitudes
    for (let k = 0, j = 0; k <= this.maxBin; k++, j += 2) m[k] = Math.sqrt(c[j] * c[j] + c[j + 1] * c[j + 1])
    return m
  }
}
