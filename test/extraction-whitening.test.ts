// Spectral whitening (src-main/extraction/whitening.ts): its documented behaviour on crafted
// spectra, then agreement with the reference implementation (essentia.js SpectralWhitening,
// used here only as a black-box oracle) on the same crafted spectra and on random ones.
import { describe, expect, it } from 'vitest'
import { BIN_WIDTH, SPECTRUM_SIZE } from '../src-main/extraction/parameters'
import { WHITENING_LIMIT_HZ, whitenPeaks } from '../src-main/extraction/whitening'
import { referenceWhitening } from './extraction/reference'

const db = (x: number) => 20 * Math.log10(x)

function ours(spectrum: Float64Array, frequencies: number[], magnitudes: number[]): Float64Array {
  const m = Float64Array.from(magnitudes)
  whitenPeaks(spectrum, Float64Array.from(frequencies), m, frequencies.length)
  return m
}

function filled(level: number): Float64Array {
  return new Float64Array(SPECTRUM_SIZE).fill(level)
}

/** Deterministic pseudo-random numbers in [0, 1). */
function lcg(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 16807) % 2147483647
    return s / 2147483647
  }
}

describe('spectral whitening', () => {
  it('on a flat spectrum, a peak at the spectrum level loses 0.005 dB per Hz, and never rises above 0 dB', () => {
    const f = [100, 440, 1000, 2500, 3500]
    const atLevel = ours(filled(0.01), f, f.map(() => 0.01))
    const above = ours(filled(0.01), f, f.map(() => 1))
    f.forEach((hz, i) => {
      expect(db(atLevel[i])).toBeCloseTo(-0.005 * hz, 6)
      expect(db(above[i])).toBeCloseTo(-0.005 * hz, 6)
    })
  })

  it('keeps a peak less than 30 dB below the envelope, drops one 30 dB or more below to -200 dB', () => {
    const out = ours(filled(1), [1000, 1000, 1000], [Math.pow(10, -29 / 20), Math.pow(10, -30.01 / 20), 1e-6])
    expect(db(out[0])).toBeCloseTo(-29 - 5, 6)
    expect(db(out[1])).toBeCloseTo(-200 - 5, 6)
    expect(db(out[2])).toBeCloseTo(-200 - 5, 6)
  })

  it('leaves peaks above its limit (1.2 x 3500 Hz - 100 Hz) unchanged', () => {
    expect(WHITENING_LIMIT_HZ).toBe(4100)
    const out = ours(filled(1), [4100, 4110, 5000], [0.5, 0.5, 0.5])
    expect(db(out[0])).toBeCloseTo(db(0.5) - 20.5, 6)
    expect(out[1]).toBe(0.5)
    expect(out[2]).toBe(0.5)
  })

  it('envelope: a lone bin over zeros sets the level of every break point whose band holds it', () => {
    const s = filled(0)
    const bin = Math.round(1000 / BIN_WIDTH)
    s[bin] = 2
    // Break points from 700 to 1500 Hz see the bin (bands 0.66-1.58 x the point's frequency).
    const f = [700, 850, 1000, 1250, 1500]
    const out = ours(s, f, f.map(() => 1))
    f.forEach((hz, i) => expect(db(out[i])).toBeCloseTo(db(0.5) - 0.005 * hz, 4))
  })

  it('envelope: between the mean and the maximum of its band (power-weighted mean of the power)', () => {
    const s = filled(0)
    const bin = Math.round(1000 / BIN_WIDTH)
    s[bin] = 1
    s[bin + 2] = 0.5
    const [out] = ours(s, [1000], [0.5])
    const envelopeDb = db(0.5) - db(out) - 5
    expect(envelopeDb).toBeLessThan(0)
    expect(envelopeDb).toBeGreaterThan(db(0.75))
  })

  it('takes the envelope of an all-zero band as -200 dB, its lowest level', () => {
    const out = ours(filled(0), [200, 1000], [0.1, 0.1])
    expect(db(out[0])).toBeCloseTo(-1, 6)
    expect(db(out[1])).toBeCloseTo(-5, 6)
    // Half-way between a zero band's point (600 Hz: 396-948 Hz) and one at 0 dB (700 Hz): -100 dB.
    const s = filled(0)
    for (let b = Math.round(960 / BIN_WIDTH); b < SPECTRUM_SIZE; b++) s[b] = 1
    const [at650] = ours(s, [650], [Math.pow(10, -110 / 20)])
    expect(db(at650)).toBeCloseTo(-10 - 3.25, 1)
  })
})

describe('spectral whitening against the reference implementation', () => {
  /** Largest difference in dB over the peaks the reference does not drop (both drop the same ones). */
  function maxDifferenceDb(spectrum: Float64Array, frequencies: number[], magnitudes: number[]): number {
    const a = ours(spectrum, frequencies, magnitudes)
    const b = referenceWhitening(spectrum, frequencies, magnitudes)
    let worst = 0
    for (let i = 0; i < a.length; i++) {
      if (db(b[i]) < -150) {
        expect(db(a[i])).toBeLessThan(-150)
        continue
      }
      worst = Math.max(worst, Math.abs(db(a[i]) - db(b[i])))
    }
    return worst
  }

  /** Probe peaks at `frequencies`, each at levels -36.3..+3.7 dB around `level` (clear of the -30 dB drop edge). */
  function probes(frequencies: number[], level: number): [number[], number[]] {
    const f: number[] = []
    const m: number[] = []
    for (const hz of frequencies)
      for (let d = -36.3; d <= 5; d += 5) {
        f.push(hz)
        m.push(level * Math.pow(10, d / 20))
      }
    return [f, m]
  }

  const grid: number[] = []
  for (let hz = 100; hz <= 3500; hz += 37) grid.push(hz)

  it('zero bands, and a lone bin over a floor at several contrasts and places', () => {
    const zeros = filled(0)
    for (let b = Math.round(960 / BIN_WIDTH); b < SPECTRUM_SIZE; b++) zeros[b] = 1
    const [f0, m0] = probes(grid, 1e-4)
    expect(maxDifferenceDb(zeros, f0, m0)).toBeLessThan(1e-3)
    for (const floor of [1e-2, 1e-3, 1e-5])
      for (const hz of [150, 1000, 2002, 3230]) {
        const s = filled(floor)
        s[Math.round(hz / BIN_WIDTH)] = 1
        const [f, m] = probes(grid, 0.1)
        expect(maxDifferenceDb(s, f, m)).toBeLessThan(1e-3)
      }
  })

  it('two and three bins at varying distances and levels', () => {
    for (const [a, b, c, levelB, levelC] of [
      [93, 95, 110, 0.5, 0.3],
      [93, 100, 140, 0.1, 0.9],
      [40, 60, 300, 0.7, 0.2],
    ]) {
      const s = filled(0)
      s[a] = 1
      s[b] = levelB
      s[c] = levelC
      const [f, m] = probes(grid, 0.3)
      expect(maxDifferenceDb(s, f, m)).toBeLessThan(1e-3)
    }
  })

  it('random spectra with spikes and a slope', () => {
    const rnd = lcg(7)
    for (let trial = 0; trial < 20; trial++) {
      const s = new Float64Array(SPECTRUM_SIZE)
      for (let b = 0; b < s.length; b++) s[b] = Math.pow(10, (-60 * rnd() - b * 0.02) / 20) * (rnd() < 0.05 ? 30 : 1)
      const f: number[] = []
      const m: number[] = []
      for (let i = 0; i < 100; i++) {
        const hz = 100 + 3400 * rnd()
        f.push(hz)
        m.push(s[Math.round(hz / BIN_WIDTH)] * (0.5 + rnd()))
      }
      f.sort((x, y) => x - y)
      expect(maxDifferenceDb(s, f, m)).toBeLessThan(1e-3)
    }
  })
})
