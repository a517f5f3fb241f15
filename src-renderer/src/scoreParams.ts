// Scoring parameters as the Batch views show them: each method's name and title, the values a new
// job's form starts from and the ranges it accepts, and the short label of a parameter set. The
// backend defines them (src-main/scoring/parameters.ts) with zod, which must not be bundled into
// the page, and serves none of them through the API, so the values here follow it: the types are
// its own (a renamed or added method or field fails the type-check here) and
// test/renderer/score-params.test.ts holds the values to its.
import type { ScoreMethod, ScoreParams } from '../../src-main/scoring/parameters'

export type { ScoreMethod, ScoreParams }

export const METHODS: Record<ScoreMethod, { label: string; title: string }> = {
  dtw: { label: 'DTW', title: 'DTW: warping distance over the whole pieces, after a key shift (Serrà 2008)' },
  qmax: { label: 'Qmax', title: 'Qmax: best local alignment in the cross-recurrence plot (Serrà et al. 2009)' },
  dmax: { label: 'Dmax', title: 'Dmax: local alignment that also tolerates tempo changes (Chen et al. 2017)' },
}

export const METHOD_NAMES = Object.keys(METHODS) as ScoreMethod[]

/** What the form starts from: the backend's defaults. The job's record says what it ran with. */
export const FORM_DEFAULTS: Omit<ScoreParams, 'method'> & { method: ScoreMethod } = {
  method: 'qmax',
  feature: 'hpcp',
  downsample: 10,
  downsampleMethod: 'mean',
  keyShift: 'oti',
  band: null,
}

type Range = { min: number; max: number }

/** The ranges a person may set (the backend's SCORE_LIMITS). */
export const LIMITS: Record<'downsample' | 'band' | 'workers', Range> = {
  downsample: { min: 1, max: 1000 },
  band: { min: 0, max: 1_000_000 },
  workers: { min: 1, max: 64 },
}

/** A short label for a parameter set, for tables: "qmax hpcp ↓10", "dtw OTI band 5 crema ↓20 median". */
export function describeParams(p: ScoreParams): string {
  const extra = p.method === 'dtw' ? ` ${p.keyShift === 'all' ? '12-shift' : 'OTI'}${p.band === null ? '' : ` band ${p.band}`}` : ''
  return `${p.method}${extra} ${p.feature} ↓${p.downsample}${p.downsampleMethod === 'median' ? ' median' : ''}`
}
