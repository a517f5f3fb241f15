// compare/judge.ts: the threshold of each operating point (EER, max F1, a target false-positive
// rate read off the ROC), the false-positive rate at a distance, the verdict and probability, the
// combined verdict and its tie rule, and the warnings where a calibration is unlike the pair:
// hand-checked on a small ROC, and against exact counts on a ROC the evaluation itself thinned.
import { describe, expect, test } from 'vitest'
import { combine, fprAt, judge, thresholdForFpr, type CalibrationSet, type MethodCalibration, type RocPoint } from '../../src-main/compare/judge'
import { versionProbability } from '../../src-main/eval/calibration'
import { distanceHistogram } from '../../src-main/eval/histogram'
import { rocSample } from '../../src-main/eval'
import { rng } from '../similarity/helpers'

// As stored: the leading -Infinity and the trailing Infinity come back from JSON as null.
const ROC: RocPoint[] = [
  [0, 0, null],
  [0, 0.5, 0.1],
  [0.1, 0.8, 0.2],
  [0.5, 1, 0.4],
  [1, 1, null],
]

describe('the false-positive rate at a distance, and the threshold for a target rate (its inverse)', () => {
  test('exact at the stored points, linear between them, 0 below the first finite threshold, 1 at infinity', () => {
    expect(fprAt(ROC, 0.05)).toBe(0)
    expect(fprAt(ROC, 0.1)).toBe(0)
    expect(fprAt(ROC, 0.15)).toBeCloseTo(0.05, 12)
    expect(fprAt(ROC, 0.3)).toBeCloseTo(0.3, 12)
    expect(fprAt(ROC, 0.4)).toBe(0.5)
    expect(fprAt(ROC, 3)).toBe(0.5)
    expect(fprAt(ROC, Infinity)).toBe(1)
  })

  test('the threshold for a target reads the same line back; past the last finite point, that point', () => {
    expect(thresholdForFpr(ROC, 0.05)).toBeCloseTo(0.15, 12)
    expect(thresholdForFpr(ROC, 0.3)).toBeCloseTo(0.3, 12)
    expect(thresholdForFpr(ROC, 0.7)).toBe(0.4)
    for (const target of [0.02, 0.1, 0.25, 0.45]) expect(fprAt(ROC, thresholdForFpr(ROC, target)!)).toBeCloseTo(target, 12)
  })

  test('a target below what the curve resolves (every finite threshold lets more through) has no threshold', () => {
    expect(thresholdForFpr([[0, 0, null], [0.2, 0.9, 0.3], [1, 1, 0.9]], 0.1)).toBeNull()
  })

  test("on a ROC the evaluation thinned (1 % steps), within a step of the exact share of non-version pairs", () => {
    const rand = rng(11)
    const nonVersions = Float64Array.from({ length: 5000 }, () => 0.2 + rand()).sort()
    const versions = Float64Array.from({ length: 300 }, () => 0.4 * rand()).sort()
    const roc = rocSample({ versions, nonVersions })
    const exact = (d: number) => nonVersions.filter((v) => v <= d).length / nonVersions.length
    for (const d of [0.25, 0.3, 0.5, 0.9, 1.1]) expect(Math.abs(fprAt(roc, d) - exact(d)), `d ${d}`).toBeLessThan(0.011)
    for (const target of [0.01, 0.05, 0.2]) expect(Math.abs(exact(thresholdForFpr(roc, target)!) - target), `target ${target}`).toBeLessThan(0.011)
  })
})

const calibration = { a: 40, b: -8, prior: 0.02, versionPairs: 100, nonVersionPairs: 4900 }

function method(m: MethodCalibration['method'], extra: Partial<MethodCalibration> = {}): MethodCalibration {
  return { method: m, jobId: `job-${m}`, origin: `job ${m} (demo)`, eer: 0.25, maxF1: 0.2, roc: ROC, histogram: null, calibration, ...extra }
}

function set(methods: MethodCalibration[], dataset = 'demo', medianDurationSec: number | null = 60): CalibrationSet {
  return { source: { id: 'jobs:demo', label: 'demo', dataset, methods: methods.map((m) => m.method), createdAt: null, jobIds: [] }, medianDurationSec, methods }
}

const PAIR = { datasets: ['demo', 'demo'] as [string, string], durationsSec: [50, 70] as [number, number] }

describe('judge', () => {
  const scores = [
    { method: 'qmax' as const, distance: 0.22 },
    { method: 'dtw' as const, distance: 0.3 },
    { method: 'dmax' as const, distance: null },
  ]
  const calibrated = set([method('qmax'), method('dtw', { eer: 0.35, maxF1: 0.28 })])

  test('EER: each method against its own threshold, with P(versions) by its Platt fit and the share of non-versions at or below', () => {
    const j = judge(scores, calibrated, { rule: 'eer' }, PAIR)
    const [qmax, dtw, dmax] = j.scores
    expect(qmax).toMatchObject({ verdict: 'versions', threshold: { value: 0.25, rule: 'eer', origin: 'job qmax (demo)', jobId: 'job-qmax' } })
    expect(qmax.probability).toBe(versionProbability(calibration, 0.22))
    // Between the points at 0.2 (FPR 0.1) and 0.4 (FPR 0.5): 0.1 + 0.4 x 0.02 / 0.2.
    expect(qmax.fprAtDistance).toBeCloseTo(0.14, 12)
    expect(dtw.verdict).toBe('versions')
    expect(dmax).toMatchObject({ verdict: 'uncalibrated', threshold: null, probability: null })
    expect(dmax.uncalibrated).toMatch(/no job for this method/)
    expect(j.source?.id).toBe('jobs:demo')
    expect(j.warnings).toEqual([])
  })

  test('max F1 and a target false-positive rate move the threshold, and with it the verdict; the probability stays', () => {
    const eer = judge(scores, calibrated, { rule: 'eer' }, PAIR).scores[1]
    const f1 = judge(scores, calibrated, { rule: 'max-f1' }, PAIR).scores[1]
    expect(f1).toMatchObject({ verdict: 'not versions', threshold: { value: 0.28, rule: 'max-f1' } })
    const strict = judge(scores, calibrated, { rule: 'fpr', fpr: 0.05 }, PAIR).scores
    expect(strict[0]).toMatchObject({ verdict: 'not versions', threshold: { rule: 'fpr', fpr: 0.05 } })
    expect(strict[0].threshold!.value).toBeCloseTo(0.15, 12)
    expect(strict[1].probability).toBe(eer.probability)
    const loose = judge(scores, calibrated, { rule: 'fpr', fpr: 0.3 }, PAIR).scores
    expect(loose[0].verdict).toBe('versions')
    expect(loose[0].threshold!.value).toBeCloseTo(0.3, 12)
  })

  test('an operating point a calibration cannot give is said, not guessed', () => {
    const noRoc = set([method('qmax', { roc: null, eer: null })])
    const [byFpr] = judge(scores.slice(0, 1), noRoc, { rule: 'fpr', fpr: 0.01 }, PAIR).scores
    expect(byFpr.verdict).toBe('uncalibrated')
    expect(byFpr.uncalibrated).toMatch(/no ROC curve/)
    const [byEer] = judge(scores.slice(0, 1), noRoc, { rule: 'eer' }, PAIR).scores
    expect(byEer.uncalibrated).toMatch(/no equal-error-rate threshold/)
    expect(judge(scores, null, { rule: 'eer' }, PAIR).combined.verdict).toBe('uncalibrated')
  })

  test('warnings: another dataset, and recordings more than 3 times longer or shorter than the calibration\'s median', () => {
    const long = { datasets: ['pop', 'pop'] as [string, string], durationsSec: [200, 170] as [number, number] }
    const warnings = judge(scores, set([method('qmax')], 'demo', 24), { rule: 'eer' }, long).warnings
    expect(warnings).toHaveLength(2)
    expect(warnings[0]).toMatch(/come from demo; this pair is from pop/)
    expect(warnings[1]).toMatch(/24 s long \(median\); this pair's are 3:20 min and 2:50 min, up to 8\.3×/)
    expect(judge(scores, set([method('qmax')], 'demo', 24), { rule: 'eer' }, { datasets: ['demo', 'pop'], durationsSec: [70, 30] }).warnings).toEqual([])
    expect(judge(scores, set([method('qmax')], 'demo', null), { rule: 'eer' }, long).warnings).toHaveLength(1)
  })
})

describe('combine: the majority of the calibrated methods, a tie by their mean P(versions) >= 0.5', () => {
  const v = (verdict: 'versions' | 'not versions' | 'uncalibrated', probability: number | null = null) => ({ verdict, probability })

  test('a majority decides, uncalibrated methods do not count', () => {
    expect(combine([v('versions', 0.1), v('versions', 0.2), v('not versions', 0.9), v('uncalibrated')])).toMatchObject({ verdict: 'versions', versions: 2, calibrated: 3 })
    expect(combine([v('not versions'), v('not versions'), v('versions')]).verdict).toBe('not versions')
  })

  test('a tie goes by the mean probability; with none it is undecided; no calibrated method: uncalibrated', () => {
    const tie = combine([v('versions', 0.7), v('not versions', 0.4)])
    expect(tie.verdict).toBe('versions')
    expect(tie.meanProbability).toBeCloseTo(0.55, 12)
    expect(combine([v('versions', 0.5), v('not versions', 0.3)]).verdict).toBe('not versions')
    expect(combine([v('versions'), v('not versions')]).verdict).toBe('undecided')
    expect(combine([v('uncalibrated')]).verdict).toBe('uncalibrated')
  })

  test('the rule is stated with the verdict', () => {
    expect(combine([v('versions')]).rule).toBe('majority of the calibrated methods; a tie goes by their mean P(versions) ≥ 0.5')
  })
})

test('a histogram travels with each judged score, for the distribution plot', () => {
  const histogram = distanceHistogram({ versions: Float64Array.from([0.1, 0.2]), nonVersions: Float64Array.from([0.5, 0.9]) }, 4)
  const [s] = judge([{ method: 'qmax', distance: 0.3 }], set([method('qmax', { histogram })]), { rule: 'eer' }, PAIR).scores
  expect(s.histogram).toEqual(histogram)
})
