// The band-limited resampler: frequencies survive, lengths are exact, images and aliases are suppressed.
import { describe, expect, it } from 'vitest'
import { createResampler } from '../src-main/audio/resample'

function sine(rate: number, freq: number, seconds: number, amplitude = 0.5): Float32Array {
  const out = new Float32Array(Math.round(rate * seconds))
  for (let i = 0; i < out.length; i++) out[i] = amplitude * Math.sin((2 * Math.PI * freq * i) / rate)
  return out
}

/** Resamples in uneven blocks, as decoders deliver them. */
function resample(input: Float32Array, from: number, to: number): Float32Array {
  const r = createResampler(from, to)
  const parts: Float32Array[] = []
  for (let at = 0, size = 1; at < input.length; at += size, size = (size * 7 + 13) % 5000 + 1) parts.push(r.push(input.subarray(at, at + size)))
  parts.push(r.end())
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) out.set(p, at), (at += p.length)
  return out
}

/** Amplitude of `freq` in the middle of `x` (a windowed single-bin DFT). */
function amplitudeAt(x: Float32Array, rate: number, freq: number): number {
  const from = Math.floor(x.length * 0.25)
  const n = Math.floor(x.length * 0.5)
  let re = 0
  let im = 0
  let wsum = 0
  for (let i = 0; i < n; i++) {
    const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1))
    const phase = (2 * Math.PI * freq * (from + i)) / rate
    re += w * x[from + i] * Math.cos(phase)
    im += w * x[from + i] * Math.sin(phase)
    wsum += w
  }
  return (2 * Math.hypot(re, im)) / wsum
}

const dB = (ratio: number) => 20 * Math.log10(ratio)

describe('resampler', () => {
  for (const [from, freq] of [
    [8000, 1000],
    [22050, 3000],
    [48000, 440],
    [48000, 15000],
    [96000, 5000],
    // 44,056 Hz (old video gear): 11,025 phases, above the filter bank's limit, so the interpolated kernel runs.
    [44056, 2000],
  ] as const) {
    it(`${from} Hz -> 44.1 kHz keeps a ${freq} Hz sine (level within 0.1 dB) and the length`, () => {
      const out = resample(sine(from, freq, 1), from, 44100)
      expect(out.length).toBe(44100)
      expect(Math.abs(dB(amplitudeAt(out, 44100, freq) / 0.5))).toBeLessThan(0.1)
      // Nothing else of note: the residual after removing the sine is tiny.
      expect(dB(amplitudeAt(out, 44100, freq * 1.37) / 0.5)).toBeLessThan(-70)
    })
  }
  it('suppresses aliasing: 30 kHz at 96 kHz would fold to 14.1 kHz; it comes out more than 70 dB down', () => {
    const out = resample(sine(96000, 30000, 1), 96000, 44100)
    expect(dB(amplitudeAt(out, 44100, 14100) / 0.5)).toBeLessThan(-70)
    let energy = 0
    for (let i = 4410; i < out.length - 4410; i++) energy += out[i] * out[i]
    expect(dB(Math.sqrt(energy / (out.length - 8820)) / (0.5 / Math.SQRT2))).toBeLessThan(-60)
  })
  it('suppresses images when upsampling: 3 kHz at 8 kHz leaves nothing at 5 kHz (its image)', () => {
    const out = resample(sine(8000, 3000, 1), 8000, 44100)
    expect(dB(amplitudeAt(out, 44100, 5000) / 0.5)).toBeLessThan(-70)
  })
  it('passes 44.1 kHz through unchanged', () => {
    const input = sine(44100, 440, 0.1)
    expect(resample(input, 44100, 44100)).toEqual(input)
  })
})
