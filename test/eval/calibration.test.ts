// eval/calibration.ts: Platt scaling of pair distances into the probability of being versions.
// Checked as a maximum-likelihood fit must behave: it recovers the parameters of data drawn from a
// known logistic model, its mean probability equals the share of versions (the intercept's score
// equation), it stays finite on separable data, and moving the prior moves the odds by Bayes' rule.
import { describe, expect, it } from 'vitest'
import { fitCalibration, versionProbability } from '../../src-main/eval/calibration'

function lcg(seed: number) {
  let s = seed >>> 0
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32
}

/** Pairs at distances uniform in [0, 2], versions with probability 1 / (1 + exp(a·d + b)). */
function drawn(n: number, a: number, b: number, seed = 7) {
  const next = lcg(seed)
  const versions: number[] = []
  const nonVersions: number[] = []
  for (let i = 0; i < n; i++) {
    const d = 2 * next()
    ;(next() < 1 / (1 + Math.exp(a * d + b)) ? versions : nonVersions).push(d)
  }
  return { versions: Float64Array.from(versions).sort(), nonVersions: Float64Array.from(nonVersions).sort() }
}

describe('fitCalibration', () => {
  it('recovers the slope and intercept of data drawn from a known logistic model', () => {
    const c = fitCalibration(drawn(400_000, 6, -4))
    expect(c.a).toBeCloseTo(6, 0)
    expect(Math.abs(c.a - 6)).toBeLessThan(0.15)
    expect(Math.abs(c.b + 4)).toBeLessThan(0.15)
  })

  it('its probabilities average to the share of version pairs, and fall with distance', () => {
    const pairs = drawn(50_000, 3, -1, 11)
    const c = fitCalibration(pairs)
    let sum = 0
    for (const d of pairs.versions) sum += versionProbability(c, d)
    for (const d of pairs.nonVersions) sum += versionProbability(c, d)
    const n = pairs.versions.length + pairs.nonVersions.length
    expect(c.prior).toBeCloseTo(pairs.versions.length / n, 12)
    // Binning moves each distance by at most 2/4096 of the range; Platt's smoothed targets by 1/N.
    expect(Math.abs(sum / n - c.prior)).toBeLessThan(2e-3)
    expect(versionProbability(c, 0.1)).toBeGreaterThan(versionProbability(c, 1))
    expect(versionProbability(c, Infinity)).toBe(0)
  })

  it('stays finite when versions and non-versions do not overlap at all', () => {
    const c = fitCalibration({ versions: Float64Array.from([0.1, 0.2, 0.3]), nonVersions: Float64Array.from([0.7, 0.8, 0.9, 1.0]) })
    expect(Number.isFinite(c.a) && Number.isFinite(c.b)).toBe(true)
    expect(versionProbability(c, 0.2)).toBeGreaterThan(0.5)
    expect(versionProbability(c, 0.9)).toBeLessThan(0.5)
  })

  it('leaves out infinite distances, and needs both kinds of pair', () => {
    const c = fitCalibration({ versions: Float64Array.from([0.1, 0.2, Infinity]), nonVersions: Float64Array.from([0.5, 0.9, Infinity, Infinity]) })
    expect([c.versionPairs, c.nonVersionPairs]).toEqual([2, 2])
    expect(() => fitCalibration({ versions: Float64Array.from([0.1]), nonVersions: Float64Array.from([Infinity]) })).toThrow(/both version and non-version/)
  })
})

describe('versionProbability at another prior', () => {
  it('moves the odds by the ratio of the priors’ odds (Bayes’ rule), and refuses a prior that is not a probability', () => {
    const c = fitCalibration(drawn(20_000, 4, -2, 3))
    const odds = (p: number) => p / (1 - p)
    for (const d of [0.2, 0.7, 1.5]) {
      const here = versionProbability(c, d)
      const rare = versionProbability(c, d, 0.001)
      expect(odds(rare) / odds(here)).toBeCloseTo(odds(0.001) / odds(c.prior), 9)
    }
    expect(() => versionProbability(c, 0.5, 0)).toThrow(/strictly between 0 and 1/)
    expect(() => versionProbability(c, 0.5, 1.2)).toThrow(/strictly between 0 and 1/)
  })
})
