// The HPCP feature extractor (Da-TACOS / acoss settings, see parameters.ts): mono 44.1 kHz
// samples -> frames of 4096 every 512 -> blackmanharris62 window -> magnitude spectrum ->
// spectral peaks (100-3500 Hz) -> whitening -> 12-bin HPCP with 8 harmonics, unitMax.
// Streaming or whole-signal; every buffer is allocated once per extractor, none per frame.
import { FrameCutter, frameCount } from './framing'
import { FRAME_SIZE, HOP_SIZE, HPCP_SIZE, PEAK_MAX_PEAKS, SAMPLE_RATE } from './parameters'
import { PEAK_HIGHEST_BIN_READ, findSpectralPeaks } from './peaks'
import { PitchClassProfile } from './pitch-class'
import { MagnitudeSpectrum } from './spectrum'
import { WHITENING_HIGHEST_BIN_READ, whitenPeaks } from './whitening'
import { blackmanHarris62 } from './window'

export const HPCP_FRAME_SIZE = FRAME_SIZE, HPCP_HOP_SIZE = HOP_SIZE, HPCP_SAMPLE_RATE = SAMPLE_RATE
export { HPCP_SIZE, frameCount as hpcpFrameCount }

/** Streaming: push mono float32 samples at 44.1 kHz in chunks of any size; get back the frames (frames x 12, frame-major) completed so far. Memory stays bounded whatever the length. */
export interface HpcpStream { push(samples: Float32Array): Float32Array; end(): Float32Array }

/** Computes one frame's HPCP from its samples; holds all the per-frame buffers. */
class FrameAnalyzer {
  private readonly window = blackmanHarris62(FRAME_SIZE)
  private readonly spectrum = new MagnitudeSpectrum(Math.max(PEAK_HIGHEST_BIN_READ, WHITENING_HIGHEST_BIN_READ) + 1)
  private readonly frequencies = new Float64Array(PEAK_MAX_PEAKS)
  private readonly magnitudes = new Float64Array(PEAK_MAX_PEAKS)
  private readonly profile = new PitchClassProfile()

  analyze(frame: Float32Array, out: Float32Array, at: number): void {
    const input = this.spectrum.input
    const w = this.window
    let silent = true
    for (let i = 0; i < FRAME_SIZE; i++) {
      const v = frame[i]
      if (v !== 0) silent = false
      input[i] = v * w[i]
    }
    if (silent) {
      out.fill(0, at, at + HPCP_SIZE)
      return
    }
    const mag = this.spectrum.compute()
    const count = findSpectralPeaks(mag, this.frequencies, this.magnitudes)
    whitenPeaks(mag, this.frequencies, this.magnitudes, count)
    this.profile.compute(this.frequencies, this.magnitudes, count, out, at)
  }
}

export function createHpcpStream(): HpcpStream {
  const analyzer = new FrameAnalyzer()
  let out = new Float32Array(0)
  let at = 0
  const cutter = new FrameCutter((frame) => {
    analyzer.analyze(frame, out, at)
    at += HPCP_SIZE
  })
  let ended = false
  return {
    push(samples: Float32Array): Float32Array {
      if (ended) throw new Error('HPCP stream already ended')
      out = new Float32Array(cutter.framesCompletedBy(samples.length) * HPCP_SIZE)
      at = 0
      cutter.push(samples)
      return out
    },
    end(): Float32Array {
      if (ended) return new Float32Array(0)
      ended = true
      out = new Float32Array(cutter.framesLeftAtEnd() * HPCP_SIZE)
      at = 0
      cutter.end()
      return out
    },
  }
}

/** Whole signal at once (tests, short clips). */
export function extractHpcp(samples: Float32Array): { frames: number; data: Float32Array } {
  const frames = frameCount(samples.length)
  const data = new Float32Array(frames * HPCP_SIZE)
  const analyzer = new FrameAnalyzer()
  let at = 0
  const cutter = new FrameCutter((frame) => {
    analyzer.analyze(frame, data, at)
    at += HPCP_SIZE
  })
  cutter.push(samples)
  cutter.end()
  return { frames, data }
}
