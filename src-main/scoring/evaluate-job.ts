// A finished job's evaluation under the Da-TACOS / acoss protocol (eval/), and the calibrated
// threshold derived from it: the equal-error-rate distance when there are non-version pairs,
// else the maximum-F1 one. Both are saved with the job; the compare view's verdicts use them. So
// are each query's scores and the unordered-pair view, where the job's page finds its mistakes.
import type { JobEvaluation, Threshold } from './types'
import type { Db } from '../index/db'
import { conflict, notFound } from '../errors'
import { fitCalibration, type Calibration } from '../eval/calibration'
import { distanceHistogram } from '../eval/histogram'
import type { ScoreParams } from './parameters'
import { alignedView, RERANK_OFFSET } from './rerank'
import { cellPairs, EvalInputError, iterateSquare, pairDistances, rankingMetrics, rankQueries, rocSample, verification, type PairDistances } from '../eval'
import { MatrixFile } from './matrix-file'
import { CANDIDATE, jobRow, loadItems, QUERY, saveErrorViews, saveEvaluation } from './store'
import { buildPairView } from './pair-view'
import { queryScoreRecords } from './query-scores'
import type { EvaluateTask, MatrixReport, ScoreTask, ScoreTaskResult } from './tasks'
import { resolveWorkerScript, WorkerPool } from '../workers/pool'

export interface JobReport extends Omit<MatrixReport, 'perQuery' | 'pairView'> {
  threshold: Threshold | null
}

/**
 * Evaluates a finished job on a worker thread (reading and ranking a 15,000 x 15,000 matrix takes
 * minutes, and the main thread serves the workstation): `pool` when the caller has one running,
 * else a one-thread pool for the occasion. Saves the evaluation and threshold with the job.
 */
export async function evaluateJob(db: Db, jobId: string, pool?: WorkerPool<ScoreTask, ScoreTaskResult>): Promise<JobReport> {
  const row = jobRow(db, jobId)
  if (!row) throw notFound(`no scoring job ${jobId}`)
  // A job that is not finished has holes in its matrix (zeros where nothing was computed yet).
  if (row.status !== 'done') throw conflict(`job ${jobId.slice(0, 8)} is not finished (${row.status}): resume it first (refrain score --resume ${jobId.slice(0, 8)})`)
  return evaluateScored(db, jobId, pool)
}

/**
 * The runner's entry: its every tile is scored but the job is not yet marked done, so that nobody
 * who sees "done" (a report, the job page) can read it before its evaluation is saved.
 */
export async function evaluateScored(db: Db, jobId: string, pool?: WorkerPool<ScoreTask, ScoreTaskResult>): Promise<JobReport> {
  const row = jobRow(db, jobId)
  if (!row) throw notFound(`no scoring job ${jobId}`)
  const queries = loadItems(db, jobId, QUERY)
  const square = row.against === null
  const candidates = square ? queries : loadItems(db, jobId, CANDIDATE)
  const task: EvaluateTask = {
    type: 'evaluate',
    matrixPath: row.matrix_path,
    queryLabels: queries.map((q) => q.workLabel),
    candidateLabels: square ? null : candidates.map((c) => c.workLabel),
    ...((JSON.parse(row.params) as ScoreParams).method === 'two-stage' ? { rerankOffset: RERANK_OFFSET } : {}),
  }
  const own = pool ? null : new WorkerPool<ScoreTask, ScoreTaskResult>({ script: resolveWorkerScript('score-worker'), size: 1 })
  let report: MatrixReport
  try {
    // A worker's failure keeps its code (TaskFailed): an unusable matrix is a conflict, bad labels invalid input.
    report = (await (pool ?? own!).run(task)) as MatrixReport
  } finally {
    await own?.close()
  }
  const threshold = thresholdOf(report.evaluation, report.calibration, jobId, describeRun(row.source, row.against, queries.length, candidates.length, row.created_at))
  const perQuery = queryScoreRecords(report.perQuery, task.queryLabels, task.candidateLabels ?? task.queryLabels, square)
  await saveErrorViews(db, jobId, perQuery, report.pairView)
  saveEvaluation(db, jobId, report.evaluation, threshold)
  return { evaluation: report.evaluation, calibration: report.calibration, threshold }
}

/** The worker's half: the protocol's metrics over the matrix file, the thinned ROC, each query's scores and the pair view. */
export function evaluateMatrix(task: EvaluateTask): MatrixReport {
  const { queryLabels } = task
  const candidateLabels = task.candidateLabels ?? queryLabels
  const square = task.candidateLabels === null
  const distances = MatrixFile.readWhole(task.matrixPath, queryLabels.length, candidateLabels.length)
  if (!queryLabels.some((q, i) => candidateLabels.some((c, j) => c === q && !(square && i === j)))) {
    throw new EvalInputError(square ? 'no two performances share a work, so no query has a version to find' : 'no query shares a work with any candidate')
  }
  const ranked = square ? iterateSquare(distances, queryLabels) : rankQueries(distances, queryLabels, candidateLabels)
  const { mdr: _median, perQuery, ...ranking } = rankingMetrics(ranked)
  const offset = task.rerankOffset
  const stage1Recall = offset === undefined ? undefined : shortlistRecall(distances, queryLabels, candidateLabels, square, offset)
  // Ranking and recall read the two-stage matrix as it is; the pair statistics read its aligned view.
  if (offset !== undefined) alignedView(distances, queryLabels.length, candidateLabels.length, square, offset)
  const pairs = square ? pairDistances(distances, queryLabels) : cellPairs(distances, queryLabels, candidateLabels)
  const evaluation: JobEvaluation = {
    ...ranking,
    ...verification(pairs),
    versionPairs: pairs.versions.length,
    nonVersionPairs: pairs.nonVersions.length,
    histogram: distanceHistogram(pairs),
    ...(stage1Recall === undefined ? {} : { stage1Recall }),
    roc: pairs.nonVersions.length > 0 ? rocSample(pairs) : null,
  }
  const calibration = finiteBoth(pairs) ? fitCalibration(pairs) : null
  // A two-stage matrix's aligned view has overwritten the copy in memory: its ranks read the file's rows.
  const cols = candidateLabels.length
  const original = offset === undefined ? null : MatrixFile.read(task.matrixPath, queryLabels.length, cols)
  const buffer = new Float32Array(cols)
  try {
    const rankingRow = (row: number) => (original ? original.readRow(row, buffer) : distances.subarray(row * cols, (row + 1) * cols))
    const pairView = buildPairView({ distances, queryLabels, candidateLabels, square, pairs, rankingRow })
    return { evaluation, calibration, perQuery, pairView }
  } finally {
    original?.close()
  }
}

function thresholdOf(e: JobEvaluation, calibration: Calibration | null, jobId: string, run: string): Threshold | null {
  if (e.eer && Number.isFinite(e.eer.threshold)) return { value: e.eer.threshold, rule: 'eer', origin: `equal error rate (${pct(e.eer.rate)}) of job ${jobId.slice(0, 8)}: ${run}`, jobId, calibration }
  if (Number.isFinite(e.maxF1.threshold)) return { value: e.maxF1.threshold, rule: 'max-f1', origin: `maximum F1 (${e.maxF1.f1.toFixed(3)}) of job ${jobId.slice(0, 8)}: ${run}`, jobId, calibration }
  return null
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`

function describeRun(source: string, against: string | null, queries: number, candidates: number, createdAt: string): string {
  const what = against === null ? `${source}, ${queries} performances` : `${source} (${queries}) against ${against} (${candidates})`
  return `${what}, ${createdAt.slice(0, 10)}`
}

/** Platt scaling needs a finite distance of each kind of pair. */
function finiteBoth(pairs: PairDistances): boolean {
  return pairs.versions.some(Number.isFinite) && pairs.nonVersions.some(Number.isFinite)
}

/** The mean, over queries with versions, of the share of their versions aligned in stage 2 (a cell below the offset: on the query's shortlist, or the query on theirs). */
function shortlistRecall(distances: Float32Array, queryLabels: string[], candidateLabels: string[], square: boolean, offset: number): number | null {
  let sum = 0
  let queries = 0
  for (let q = 0; q < queryLabels.length; q++) {
    let versions = 0
    let kept = 0
    for (let c = 0; c < candidateLabels.length; c++) {
      if ((square && c === q) || candidateLabels[c] !== queryLabels[q]) continue
      versions++
      if (distances[q * candidateLabels.length + c] < offset) kept++
    }
    if (versions === 0) continue
    sum += kept / versions
    queries++
  }
  return queries === 0 ? null : sum / queries
}
