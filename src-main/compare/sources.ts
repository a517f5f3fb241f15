// The threshold sources for one parameter set, each with what judging needs of it: the evaluated
// jobs of one dataset run with exactly these parameters (the newest per method), each of those
// jobs on its own where there are several, and the bundled calibration. The default is a source
// drawn from the pair's own dataset (its pairs are the most like this one), else the one that
// calibrates the most of the pair's methods, the newest among equals: one evaluated Qmax job
// elsewhere does not leave DTW and Dmax uncalibrated by default.
import type { Db } from '../index/db'
import { notFound } from '../errors'
import { jobInfo } from '../scoring/job-info'
import { SCORE_DEFAULTS, type AlignmentParams, type ScoreMethod } from '../scoring/parameters'
import { jobIds } from '../scoring/store'
import { bundledCalibrations, paramsKey } from '../scoring/threshold'
import { percentileInPlace } from '../similarity/select'
import type { ScoreJobInfo } from '../scoring/types'
import type { CalibrationSet, MethodCalibration } from './judge'

export const BUNDLED = 'bundled'

/** One evaluated job as a source of its own: a group of one job is listed under its group's id instead. */
const jobSourceId = (jobId: string) => `job:${jobId}`

/** Every source calibrating at least one of `methods` under `params`, the default for a pair from `datasets` first. */
export function calibrationSets(db: Db, params: AlignmentParams, methods: readonly ScoreMethod[], datasets: readonly string[]): CalibrationSet[] {
  const keys = new Map(methods.map((method) => [paramsKey({ ...SCORE_DEFAULTS, ...params, method }), method]))
  const groups = new Map<string, { newest: ScoreJobInfo; byMethod: Map<ScoreMethod, ScoreJobInfo>; all: ScoreJobInfo[] }>()
  // Newest first, so the first job of a method in a group is its newest.
  for (const job of jobIds(db).map((id) => jobInfo(db, id))) {
    const method = keys.get(paramsKey(job.params))
    if (!method || job.status !== 'done' || !job.evaluation) continue
    const id = `jobs:${job.source}${job.against === null ? '' : ` against ${job.against}`}`
    const group = groups.get(id) ?? { newest: job, byMethod: new Map(), all: [] as ScoreJobInfo[] }
    if (!group.byMethod.has(method)) group.byMethod.set(method, job)
    group.all.push(job)
    groups.set(id, group)
  }
  const sets = [...groups].map(([id, { newest, byMethod }]) => jobSet(db, id, newest, [...byMethod.values()]))
  // Each evaluated job on its own too, newest first (an older run, or the job a Compare was opened
  // from), except where its group is that job alone.
  for (const { all } of groups.values()) if (all.length > 1) for (const job of all) sets.push(jobSet(db, jobSourceId(job.jobId), job, [job]))
  const bundled = bundledSet(db, params, keys)
  if (bundled) sets.push(bundled)
  // Stable: among equals the jobs (newest first) stay ahead of the bundled calibration.
  const own = (set: CalibrationSet) => (datasets.includes(set.source.dataset) ? 1 : 0)
  return sets.sort((x, y) => own(y) - own(x) || y.source.methods.length - x.source.methods.length)
}

/** The chosen source, or the default when none is named; null when nothing calibrates these parameters. */
export function chooseSet(sets: CalibrationSet[], id: string | undefined): CalibrationSet | null {
  if (id === undefined) return sets[0] ?? null
  const found = sets.find((s) => s.source.id === id)
  if (!found) throw notFound(`no threshold source ${id} for these parameters (see similarity.thresholdSources)`)
  return found
}

function jobSet(db: Db, id: string, newest: ScoreJobInfo, jobs: ScoreJobInfo[]): CalibrationSet {
  const where = `${newest.source}${newest.against === null ? '' : ` against ${newest.against}`}`
  const methods = jobs.map((job): MethodCalibration => {
    const e = job.evaluation!
    return {
      method: job.params.method,
      jobId: job.jobId,
      origin: `job ${job.jobId.slice(0, 8)} (${where}, ${job.queries} performances, ${job.createdAt.slice(0, 10)})`,
      eer: e.eer?.threshold ?? null,
      maxF1: e.maxF1.threshold,
      roc: e.roc ?? null,
      histogram: e.histogram ?? null,
      calibration: job.threshold?.calibration ?? null,
    }
  })
  return {
    source: {
      id,
      label: `${where}: ${jobs.length === 1 ? `job ${jobs[0].jobId.slice(0, 8)}` : `${jobs.length} evaluated jobs`}, newest ${newest.createdAt.slice(0, 10)}`,
      dataset: newest.source,
      methods: methods.map((m) => m.method),
      createdAt: newest.createdAt,
      jobIds: jobs.map((job) => job.jobId),
    },
    medianDurationSec: median(jobDurations(db, newest.jobId, newest.params.feature)),
    methods,
  }
}

function bundledSet(db: Db, params: AlignmentParams, keys: Map<string, ScoreMethod>): CalibrationSet | null {
  const methods: MethodCalibration[] = []
  let dataset = 'demo'
  for (const entry of bundledCalibrations()) {
    const method = keys.get(paramsKey(entry.params))
    if (!method || methods.some((m) => m.method === method)) continue
    const e = entry.evaluation
    dataset = entry.dataset ?? dataset
    methods.push({
      method,
      jobId: null,
      origin: entry.origin ?? entry.threshold.origin,
      // Entries written before the pair statistics were bundled know only their own rule's threshold.
      eer: e ? (e.eer?.threshold ?? null) : entry.threshold.rule === 'eer' ? entry.threshold.value : null,
      maxF1: e ? e.maxF1.threshold : entry.threshold.rule === 'max-f1' ? entry.threshold.value : null,
      roc: e?.roc ?? null,
      histogram: e?.histogram ?? null,
      calibration: entry.threshold.calibration ?? null,
    })
  }
  if (methods.length === 0) return null
  return {
    source: { id: BUNDLED, label: `bundled calibration (${dataset} library, npm run results)`, dataset, methods: methods.map((m) => m.method), createdAt: null, jobIds: [] },
    medianDurationSec: median(datasetDurations(db, dataset, params.feature)),
    methods,
  }
}

/** The lengths of a job's queries, from the index's feature facts (the frames the job compared). */
function jobDurations(db: Db, jobId: string, feature: string): number[] {
  const rows = db
    .prepare(
      `SELECT f.duration_sec AS d FROM score_items i JOIN features f ON f.performance_row = i.performance_row AND f.kind = ?
       WHERE i.job_id = ? AND i.side = 0 AND f.duration_sec IS NOT NULL`,
    )
    .all(feature, jobId) as { d: number }[]
  return rows.map((r) => r.d)
}

/** The lengths of a dataset's performances with this feature: what the bundled calibration scored, where that dataset is indexed. */
function datasetDurations(db: Db, dataset: string, feature: string): number[] {
  const rows = db
    .prepare(
      `SELECT f.duration_sec AS d FROM features f JOIN performances p ON p.id = f.performance_row JOIN datasets s ON s.id = p.dataset_id
       WHERE s.name = ? AND f.kind = ? AND f.duration_sec IS NOT NULL`,
    )
    .all(dataset, feature) as { d: number }[]
  return rows.map((r) => r.d)
}

function median(values: number[]): number | null {
  return values.length === 0 ? null : percentileInPlace(Float64Array.from(values), values.length, 0.5)
}
