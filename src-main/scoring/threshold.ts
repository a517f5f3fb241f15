// Which calibrated threshold decides "versions" for a parameter set: the newest evaluated job run
// with exactly these parameters, else the bundled calibration measured on the demo library
// (resources/calibration.json, written by `npm run results`), else none (the verdict then says
// "uncalibrated" rather than guess).
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Threshold } from './types'
import type { Db } from '../index/db'
import { resourcesDir } from '../library/paths'
import type { ScoreParams } from './parameters'
import { evaluatedThresholds } from './store'

export function thresholdFor(db: Db, params: ScoreParams): Threshold | null {
  const key = paramsKey(params)
  for (const row of evaluatedThresholds(db)) if (paramsKey(row.params) === key) return row.threshold
  return bundled().find((entry) => paramsKey(entry.params) === key)?.threshold ?? null
}

/** The parameters in a fixed field order, so equal sets compare equal as strings. */
function paramsKey(p: ScoreParams): string {
  if (p.method === 'embedding') return JSON.stringify([p.method, p.model ?? null])
  if (p.method === 'two-stage') return JSON.stringify([p.method, p.model ?? null, p.k, paramsKey({ ...p, method: p.rerank })])
  return JSON.stringify([p.method, p.feature, p.downsample, p.downsampleMethod, p.method === 'dtw' ? p.keyShift : null, p.method === 'dtw' ? p.band : null])
}

interface BundledCalibration {
  params: ScoreParams
  threshold: Threshold
}

let cache: BundledCalibration[] | null = null
function bundled(): BundledCalibration[] {
  if (cache) return cache
  const file = join(resourcesDir(), 'calibration.json')
  cache = existsSync(file) ? ((JSON.parse(readFileSync(file, 'utf8')) as { entries: BundledCalibration[] }).entries ?? []) : []
  return cache
}
