// The reference implementation (essentia.js 0.1.3, AGPL-3.0, a devDependency) run with the
// Da-TACOS HPCP chain, as a test oracle and benchmark peer only: never imported by app code.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any

let instance: Any
function essentia(): Any {
  if (!instance) {
    const { Essentia, EssentiaWASM } = require('essentia.js')
    instance = new Essentia(EssentiaWASM)
  }
  return instance
}

function release(v: Any): void {
  if (v && typeof v.delete === 'function') v.delete()
}

/** Frames x 12, frame-major, exactly as our extractHpcp returns. */
export function referenceHpcp(samples: Float32Array): { frames: number; data: Float32Array } {
  const e = essentia()
  const generator = e.FrameGenerator(samples, 4096, 512)
  const frames: number = generator.size()
  const data = new Float32Array(frames * 12)
  for (let i = 0; i < frames; i++) {
    const frame = generator.get(i)
    const windowed = e.Windowing(frame, true, 4096, 'blackmanharris62', 0, true).frame
    const spectrum = e.Spectrum(windowed, 4096).spectrum
    const peaks = e.SpectralPeaks(spectrum, 0, 3500, 100, 100, 'frequency', 44100)
    const whitened = e.SpectralWhitening(spectrum, peaks.frequencies, peaks.magnitudes, 3500, 44100).magnitudes
    const hpcp = e.HPCP(peaks.frequencies, whitened, true, 500, 8, 5000, false, 40, false, 'unitMax', 440, 44100, 12, 'squaredCosine', 1).hpcp
    data.set(e.vectorToArray(hpcp), i * 12)
    for (const v of [frame, windowed, spectrum, peaks.frequencies, peaks.magnitudes, whitened, hpcp]) release(v)
  }
  release(generator)
  return { frames, data }
}

/** The reference's spectral whitening alone (Da-TACOS maxFrequency 3500 unless given), float32 in and out. */
export function referenceWhitening(spectrum: ArrayLike<number>, frequencies: ArrayLike<number>, magnitudes: ArrayLike<number>, maxFrequency = 3500): Float32Array {
  const e = essentia()
  const s = e.arrayToVector(Float32Array.from(spectrum))
  const f = e.arrayToVector(Float32Array.from(frequencies))
  const m = e.arrayToVector(Float32Array.from(magnitudes))
  const out = e.SpectralWhitening(s, f, m, maxFrequency, 44100).magnitudes
  const result = Float32Array.from(e.vectorToArray(out))
  for (const v of [s, f, m, out]) release(v)
  return result
}
