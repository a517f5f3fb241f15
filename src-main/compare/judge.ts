// Judging one pair's distances against a calibration: the operating point's threshold per method
// (equal error rate, maximum F1, or a target false-positive rate read off the calibration's ROC),
// the verdict, P(versions) by the calibration's Platt fit, where the distance falls among the
// calibration's non-version pairs, one combined verdict, and warnings where the calibration's
// pairs are unlike this one. Pure: the service hands it the calibration, so a change of source or
// operating point re-judges the same distances without aligning anything again.
import { versionProbability, type Calibration } from '../eval/calibration'
import type { ScoreMethod } from '../scoring/parameters'
import type { JobEvaluation } from '../scoring/types'
import type { JudgedScore, Judgement, OperatingPoint, PairFacts, ThresholdSource } from './types'

/**
 * A ROC point as stored: [false positive rate, true positive rate, threshold], thresholds
 * increasing. JSON keeps no infinities: the leading -Infinity and a trailing Infinity come back null.
 */
export type RocPoint = readonly [number, number, number | null]

/** What one evaluated job (or bundled entry) knows about one method's pairs. */
export interface MethodCalibration {
  method: ScoreMethod
  jobId: string | null
  /** Where it comes from, citable, without a rule: "job 3f2a1b2c (demo, 252 performances, 2026-11-25)". */
  origin: string
  eer: number | null
  maxF1: number | null
  roc: ReadonlyArray<RocPoint> | null
  histogram: JobEvaluation['histogram'] | null
  calibration: Calibration | null
}

/** A threshold source with what judging needs of it. */
export interface CalibrationSet {
  source: ThresholdSource
  /** Median length of the recordings its pairs were drawn from; null where the index cannot say. */
  medianDurationSec: number | null
  methods: MethodCalibration[]
}

/** Recordings this many times longer or shorter than the calibration's median get a warning. */
export const DURATION_FACTOR = 3

/** How the combined verdict is reached, as the view says it. */
export const COMBINED_RULE = 'majority of the calibrated methods; a tie goes by their mean P(versions) ≥ 0.5'

export function judge(scores: ReadonlyArray<{ method: ScoreMethod; distance: number | null }>, set: CalibrationSet | null, op: OperatingPoint, pair: PairFacts): Judgement {
  const judged = scores.map((s) => judgeScore(s, set?.methods.find((m) => m.method === s.method) ?? null, op))
  return { source: set?.source ?? null, operatingPoint: op, scores: judged, combined: combine(judged), warnings: set ? warnings(set, pair) : [] }
}

function judgeScore(s: { method: ScoreMethod; distance: number | null }, cal: MethodCalibration | null, op: OperatingPoint): JudgedScore {
  const base = { method: s.method, distance: s.distance }
  if (!cal) {
    return { ...base, threshold: null, verdict: 'uncalibrated', uncalibrated: 'the chosen calibration has no job for this method', probability: null, prior: null, fprAtDistance: null, histogram: null }
  }
  const distance = s.distance ?? Infinity
  const point = thresholdAt(cal, op)
  const threshold = 'reason' in point ? null : { value: point.value, rule: op.rule, fpr: point.fpr, origin: cal.origin, jobId: cal.jobId }
  return {
    ...base,
    threshold,
    verdict: threshold === null ? 'uncalibrated' : distance <= threshold.value ? 'versions' : 'not versions',
    uncalibrated: 'reason' in point ? point.reason : null,
    probability: cal.calibration ? versionProbability(cal.calibration, distance) : null,
    prior: cal.calibration?.prior ?? null,
    fprAtDistance: cal.roc ? fprAt(cal.roc, distance) : null,
    histogram: cal.histogram ?? null,
  }
}

/** The operating point's threshold for one method, with the calibration's false-positive rate there, or why there is none. */
export function thresholdAt(cal: MethodCalibration, op: OperatingPoint): { value: number; fpr: number | null } | { reason: string } {
  const at = (value: number | null, name: string) =>
    value !== null && Number.isFinite(value) ? { value, fpr: cal.roc ? fprAt(cal.roc, value) : null } : { reason: `the calibration has no ${name} threshold` }
  if (op.rule === 'eer') return at(cal.eer, 'equal-error-rate')
  if (op.rule === 'max-f1') return at(cal.maxF1, 'maximum-F1')
  if (!cal.roc) return { reason: 'the calibration has no ROC curve (no non-version pairs) to read a false-positive rate from' }
  const value = thresholdForFpr(cal.roc, op.fpr)
  return value === null ? { reason: `the calibration's ROC does not resolve a false-positive rate as low as ${pct(op.fpr)}` } : { value, fpr: op.fpr }
}

/**
 * The share of non-version pairs at or below `d`: exact at the stored ROC points, linear in the
 * distance between them (the ROC is thinned to about 1 % steps of either rate, so this is an
 * interpolation, not a count). Below the first finite threshold it is the curve's start, 0; at
 * an infinite distance, 1.
 */
export function fprAt(roc: ReadonlyArray<RocPoint>, d: number): number {
  if (d === Infinity) return 1
  let k = -1
  for (let i = 0; i < roc.length; i++) if (thresholdOf(roc[i], roc) <= d) k = i
  if (k < 0) return 0
  const t0 = thresholdOf(roc[k], roc)
  const next = roc[k + 1]
  if (!next || t0 === -Infinity || thresholdOf(next, roc) === Infinity) return roc[k][0]
  const t1 = thresholdOf(next, roc)
  return roc[k][0] + ((next[0] - roc[k][0]) * (d - t0)) / (t1 - t0)
}

/**
 * The distance at which the interpolated false-positive rate reaches `target` (fprAt's inverse):
 * between the last point at or below the target and the next; that point's threshold when no
 * finite one follows; null when even the smallest stored threshold lets more through.
 */
export function thresholdForFpr(roc: ReadonlyArray<RocPoint>, target: number): number | null {
  let k = -1
  for (let i = 0; i < roc.length; i++) if (roc[i][0] <= target) k = i
  if (k < 0) return null
  const t0 = thresholdOf(roc[k], roc)
  if (!Number.isFinite(t0)) return null
  const next = roc[k + 1]
  if (!next || thresholdOf(next, roc) === Infinity) return t0
  return t0 + ((thresholdOf(next, roc) - t0) * (target - roc[k][0])) / (next[0] - roc[k][0])
}

/** A stored threshold: null is -Infinity at the start of the curve and Infinity anywhere else. */
function thresholdOf(point: RocPoint, roc: ReadonlyArray<RocPoint>): number {
  if (point[2] !== null) return point[2]
  return point === roc[0] ? -Infinity : Infinity
}

/**
 * The combined verdict (COMBINED_RULE): the majority of the methods that have a threshold; a tie
 * is "versions" when their mean P(versions) is at least 0.5, and undecided when none has a
 * probability. No calibrated method: uncalibrated.
 */
export function combine(scores: ReadonlyArray<Pick<JudgedScore, 'verdict' | 'probability'>>): Judgement['combined'] {
  const calibrated = scores.filter((s) => s.verdict !== 'uncalibrated')
  const versions = calibrated.filter((s) => s.verdict === 'versions').length
  const probabilities = calibrated.map((s) => s.probability).filter((p): p is number => p !== null)
  const meanProbability = probabilities.length > 0 ? probabilities.reduce((a, b) => a + b, 0) / probabilities.length : null
  const against = calibrated.length - versions
  const verdict =
    calibrated.length === 0
      ? 'uncalibrated'
      : versions !== against
        ? versions > against
          ? 'versions'
          : 'not versions'
        : meanProbability === null
          ? 'undecided'
          : meanProbability >= 0.5
            ? 'versions'
            : 'not versions'
  return { verdict, versions, calibrated: calibrated.length, meanProbability, rule: COMBINED_RULE }
}

function warnings(set: CalibrationSet, pair: PairFacts): string[] {
  const out: string[] = []
  if (!pair.datasets.includes(set.source.dataset)) {
    const from = [...new Set(pair.datasets)].join(' and ')
    out.push(`The calibration's pairs come from ${set.source.dataset}; this pair is from ${from}: its distances may sit elsewhere among them.`)
  }
  const median = set.medianDurationSec
  if (median !== null && median > 0) {
    const factor = Math.max(...pair.durationsSec.map((d) => (d > 0 ? Math.max(d / median, median / d) : Infinity)))
    if (factor > DURATION_FACTOR) {
      out.push(
        `The calibration's recordings are ${seconds(median)} long (median); this pair's are ${pair.durationsSec.map(seconds).join(' and ')}, ` +
          `${factor === Infinity ? 'not comparable' : `up to ${factor.toFixed(1)}×`} as long or short: distances depend on length, so the threshold may not transfer.`,
      )
    }
  }
  return out
}

const pct = (x: number) => `${(100 * x).toPrecision(2)} %`

function seconds(s: number): string {
  if (s < 60) return `${s.toFixed(0)} s`
  const m = Math.floor(s / 60)
  return `${m}:${String(Math.round(s - 60 * m)).padStart(2, '0')} min`
}
