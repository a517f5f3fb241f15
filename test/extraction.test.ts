// Unit tests of the HPCP extractor: pitch of pure tones, silence, frame count convention,
// streaming in odd-sized chunks, and the building blocks' documented behaviour.
import { describe, expect, it } from 'vitest'
import {
  HPCP_FRAME_SIZE,
  HPCP_HOP_SIZE,
  HPCP_SAMPLE_RATE,
  createHpcpStream,
  extractHpcp,
  hpcpFrameCount,
} from '../src-main/extraction/hpcp'
import { findSpectralPeaks } from '../src-main/extraction/peaks'
import { PitchClassProfile } from '../src-main/extraction/pitch-class'
import { blackmanHarris62 } from '../src-main/extraction/window'

function sine(frequency: number, seconds: number, amplitude = 0.5): Float32Array {
  const out = new Float32Array(Math.round(seconds * HPCP_SAMPLE_RATE))
  for (let i = 0; i < out.length; i++) out[i] = amplitude * Math.sin((2 * Math.PI * frequency * i) / HPCP_SAMPLE_RATE)
  return out
}

function argmaxOfMiddleFrames(data: Float32Array, frames: number): number[] {
  const counts = new Array(12).fill(0)
  for (let f = Math.floor(frames / 4); f < Math.floor((3 * frames) / 4); f++) {
    let best = 0
    for (let i = 1; i < 12; i++) if (data[f * 12 + i] > data[f * 12 + best]) best = i
    counts[best]++
  }
  return counts
}

describe('HPCP extractor', () => {
  it('exports the Da-TACOS framing constants', () => {
    expect([HPCP_FRAME_SIZE, HPCP_HOP_SIZE, HPCP_SAMPLE_RATE]).toEqual([4096, 512, 44100])
  })

  it('puts a 440 Hz sine in bin 0 (A) and 261.63 Hz in bin 3 (C)', () => {
    for (const [frequency, bin] of [
      [440, 0],
      [261.63, 3],
    ]) {
      const { frames, data } = extractHpcp(sine(frequency, 1))
      const counts = argmaxOfMiddleFrames(data, frames)
      expect(counts[bin]).toBe(counts.reduce((a, b) => a + b, 0))
      const mid = Math.floor(frames / 2) * 12
      expect(data[mid + bin]).toBe(1)
    }
  })

  it('gives all-zero frames, no NaN, for silence', () => {
    const { frames, data } = extractHpcp(new Float32Array(HPCP_SAMPLE_RATE))
    expect(frames).toBe(hpcpFrameCount(HPCP_SAMPLE_RATE))
    expect(data.every((v) => v === 0)).toBe(true)
  })

  it('never outputs NaN, and zeros only for the silent part of a signal', () => {
    const samples = new Float32Array(3 * HPCP_SAMPLE_RATE)
    samples.set(sine(330, 1), HPCP_SAMPLE_RATE)
    const { frames, data } = extractHpcp(samples)
    expect(data.some(Number.isNaN)).toBe(false)
    const firstFrame = data.subarray(0, 12)
    const middleFrame = data.subarray(Math.floor(frames / 2) * 12, Math.floor(frames / 2) * 12 + 12)
    expect(firstFrame.every((v) => v === 0)).toBe(true)
    expect(Math.max(...middleFrame)).toBe(1)
  })

  it('cuts ceil(n / 512) + 1 frames, the first centred on sample 0 (Da-TACOS sample: 15227 frames)', () => {
    expect(hpcpFrameCount(0)).toBe(0)
    expect(hpcpFrameCount(1)).toBe(2)
    expect(hpcpFrameCount(512)).toBe(2)
    expect(hpcpFrameCount(513)).toBe(3)
    expect(hpcpFrameCount(44100)).toBe(88)
    // The Da-TACOS file P_547131 has 15227 frames: its audio had between 7795201 and 7795712 samples (176.8 s).
    expect(hpcpFrameCount(7795201)).toBe(15227)
    expect(hpcpFrameCount(7795712)).toBe(15227)
    expect(extractHpcp(new Float32Array(1000)).frames).toBe(3)
    expect(extractHpcp(new Float32Array(0)).frames).toBe(0)
  })

  it('streams in odd-sized chunks to exactly the whole-signal result', () => {
    const samples = new Float32Array(2 * HPCP_SAMPLE_RATE + 123)
    let seed = 1
    for (let i = 0; i < samples.length; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648
      samples[i] = 0.3 * Math.sin(i * 0.05) + 0.2 * Math.sin(i * 0.0731) + 0.05 * (seed / 2147483648 - 0.5)
    }
    const whole = extractHpcp(samples)
    const stream = createHpcpStream()
    const parts: Float32Array[] = []
    const sizes = [1, 7, 4095, 4097, 511, 513, 10000, 3, 0, 65537]
    let at = 0
    for (let i = 0; at < samples.length; i++) {
      const size = Math.min(sizes[i % sizes.length], samples.length - at)
      const out = stream.push(samples.subarray(at, at + size))
      expect(out.length % 12).toBe(0)
      parts.push(out)
      at += size
    }
    parts.push(stream.end())
    const joined = new Float32Array(parts.reduce((n, p) => n + p.length, 0))
    let offset = 0
    for (const p of parts) {
      joined.set(p, offset)
      offset += p.length
    }
    expect(joined.length).toBe(whole.frames * 12)
    expect(joined).toEqual(whole.data)
  })

  it('window: symmetric blackmanharris62 summing to 2', () => {
    const w = blackmanHarris62(4096)
    expect(w[0]).toBeCloseTo(w[4095], 12)
    expect(w[2047]).toBeCloseTo(w[2048], 12)
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(2, 10)
    expect(w[0] / w[2048]).toBeCloseTo(0.01272, 4)
  })

  it('peaks: parabolic interpolation, flat tops, range edges, lowest 100 kept', () => {
    const bin = 44100 / 4096
    const spectrum = new Float64Array(2049)
    spectrum[49] = 0.5
    spectrum[50] = 1
    spectrum[51] = 0.25
    spectrum[60] = spectrum[61] = 1
    spectrum[59] = spectrum[62] = 0.5
    spectrum[400] = 1 // above 3500 Hz: ignored
    const f = new Float64Array(100)
    const m = new Float64Array(100)
    expect(findSpectralPeaks(spectrum, f, m)).toBe(2)
    expect(f[0] / bin).toBeCloseTo(49.9, 10)
    expect(m[0]).toBeCloseTo(1.00625, 10)
    expect(f[1] / bin).toBe(60.5)
    const comb = new Float64Array(2049)
    for (let b = 12; b < 320; b += 2) comb[b] = 1 + (b % 7)
    expect(findSpectralPeaks(comb, f, m)).toBe(100)
    expect(f[0] / bin).toBeCloseTo(12, 6)
    expect(f[99] / bin).toBeCloseTo(210, 6)
  })

  it('pitch classes: harmonics fold with decreasing weight; bands are normalised separately', () => {
    const profile = new PitchClassProfile()
    const out = new Float32Array(12)
    // One peak at 880 Hz (A): its subharmonics 293.3 Hz (D, 3rd), 176 Hz (F, 5th) ... contribute.
    profile.compute(Float64Array.of(880), Float64Array.of(1), 1, out, 0)
    expect(out[0]).toBe(1)
    expect(out[5]).toBeCloseTo((1.77371 ** 2 * 0.996226) / 3.666667 ** 2, 3)
    expect(out[8]).toBeGreaterThan(0)
    // Low band (220 Hz, A) and high band (1046.5 Hz, C) each reach 1 whatever their levels.
    profile.compute(Float64Array.of(220, 1046.5), Float64Array.of(0.01, 1), 2, out, 0)
    expect(out[0]).toBeCloseTo(1, 5)
    expect(out[3]).toBeCloseTo(1, 5)
  })
})
