// Which calibrations exist for a parameter set: evaluated jobs run with exactly these parameters
// (the index holds them), and the bundled calibration measured on the demo library
// (resources/calibration.json, written by `npm run results`), which judges before any job has
// been evaluated. Compare's threshold sources (compare/sources.ts) choose among them.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { JobEvaluation, Threshold } from './types'
import { resourcesDir } from '../library/paths'
import { ScoreParamsSchema, type ScoreParams } from './parameters'

/**
 * The parameters that change a distance, in a fixed field order, so equal sets compare equal as
 * strings; a set stored before a field existed counts as having its default.
 */
export function paramsKey(params: ScoreParams): string {
  const p = ScoreParamsSchema.parse(params)
  if (p.method === 'embedding') return JSON.stringify([p.method, p.model ?? null])
  if (p.method === 'two-stage') return JSON.stringify([p.method, p.model ?? null, p.k, paramsKey({ ...p, method: p.rerank })])
  const dtw = p.method === 'dtw'
  const recurrence = dtw ? null : [p.frameStackSize, p.binarizePercentile, p.disOnset, p.disExtension]
  return JSON.stringify([p.method, p.feature, p.downsample, p.downsampleMethod, dtw ? p.keyShift : null, dtw ? p.band : null, recurrence])
}

/** One bundled calibration: a job's parameters, threshold and (when written since) its pair statistics. */
export interface BundledCalibration {
  params: ScoreParams
  /** The dataset the job scored. */
  dataset?: string
  /** Where it was measured, without a rule: "bundled: the demo library (252 performances), 2026-11-30, npm run results -- …". */
  origin?: string
  threshold: Threshold
  evaluation?: Pick<JobEvaluation, 'eer' | 'maxF1' | 'roc' | 'histogram' | 'versionPairs' | 'nonVersionPairs'>
}

let cache: BundledCalibration[] | null = null
export function bundledCalibrations(): BundledCalibration[] {
  if (cache) return cache
  const file = join(resourcesDir(), 'calibration.json')
  cache = existsSync(file) ? ((JSON.parse(readFileSync(file, 'utf8')) as { entries: BundledCalibration[] }).entries ?? []) : []
  return cache
}
