// A finished job's evaluation under the Da-TACOS / acoss protocol (eval/), and the calibrated
// threshold derived from it: the equal-error-rate distance when there are non-version pairs,
// else the maximum-F1 one. Both are saved with the job; the compare view's verdicts use them.
import type { JobEvaluation, Threshold } from '../api/contract'
import type { Db } from '../index/db'
import { NotFound } from '../index/queries'
import {
  auc,
  equalErrorRate,
  EvalInputError,
  evaluate,
  maxF1,
  rankingMetrics,
  rankQueries,
  type PairDistances,
} from '../eval'
import { MatrixFile } from './matrix-file'
import { CANDIDATE, jobRow, loadItems, QUERY, saveEvaluation } from './store'

export class JobNotFinished extends Error {}

export function evaluateJob(db: Db, jobId: string): { evaluation: JobEvaluation; threshold: Threshold | null } {
  const row = jobRow(db, jobId)
  if (!row) throw new NotFound(`no scoring job ${jobId}`)
  // A job that is not finished has holes in its matrix (zeros where nothing was computed yet).
  if (row.status !== 'done') throw new JobNotFinished(`job ${jobId.slice(0, 8)} is not finished (${row.status}): resume it first (refrain score --resume ${jobId.slice(0, 8)})`)
  const queries = loadItems(db, jobId, QUERY)
  const square = row.against === null
  const candidates = square ? queries : loadItems(db, jobId, CANDIDATE)
  const matrix = MatrixFile.open(row.matrix_path, queries.length, candidates.length)
  let distances: Float32Array
  try {
    distances = matrix.readAll()
  } finally {
    matrix.close()
  }
  const queryLabels = queries.map((q) => q.workLabel)
  const evaluation = square ? squareEvaluation(distances, queryLabels) : rectangularEvaluation(distances, queryLabels, candidates.map((c) => c.workLabel))
  const threshold = thresholdOf(evaluation, jobId, describeRun(row.source, row.against, queries.length, candidates.length, row.created_at))
  saveEvaluation(db, jobId, evaluation, threshold)
  return { evaluation, threshold }
}

function squareEvaluation(distances: Float32Array, labels: string[]): JobEvaluation {
  const e = evaluate(distances, labels)
  let versionPairs = 0
  const counts = new Map<string, number>()
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1)
  for (const c of counts.values()) versionPairs += (c * (c - 1)) / 2
  const pairs = (labels.length * (labels.length - 1)) / 2
  return {
    queries: e.queries,
    excluded: e.excluded,
    map: e.map,
    mrr: e.mrr,
    mr1: e.mr1,
    pAt10: e.pAt10,
    top1: e.top1,
    top10: e.top10,
    auc: e.auc,
    eer: e.eer,
    maxF1: e.maxF1,
    versionPairs,
    nonVersionPairs: pairs - versionPairs,
    ...(e.undefinedReason ? { undefinedReason: e.undefinedReason } : {}),
  }
}

/** Queries against another set: every (query, candidate) cell is one pair, a version pair when the works agree. */
function rectangularEvaluation(distances: Float32Array, queryLabels: string[], candidateLabels: string[]): JobEvaluation {
  const { mdr: _median, perQuery: _perQuery, ...ranking } = rankingMetrics(rankQueries(distances, queryLabels, candidateLabels))
  const versions: number[] = []
  const nonVersions: number[] = []
  queryLabels.forEach((ql, q) => candidateLabels.forEach((cl, c) => (ql === cl ? versions : nonVersions).push(distances[q * candidateLabels.length + c])))
  const pairs: PairDistances = { versions: Float64Array.from(versions).sort(), nonVersions: Float64Array.from(nonVersions).sort() }
  if (pairs.versions.length === 0) throw new EvalInputError('no query shares a work with any candidate')
  const hasNon = pairs.nonVersions.length > 0
  const eer = hasNon ? equalErrorRate(pairs) : null
  const f = maxF1(pairs)
  return {
    ...ranking,
    auc: hasNon ? auc(pairs) : null,
    eer: eer ? { threshold: eer.threshold, rate: eer.rate } : null,
    maxF1: { threshold: f.threshold, f1: f.f1, precision: f.precision, recall: f.recall },
    versionPairs: pairs.versions.length,
    nonVersionPairs: pairs.nonVersions.length,
    ...(hasNon ? {} : { undefinedReason: 'every pair is a version pair: the false positive rate, the ROC AUC and the equal error rate are undefined' }),
  }
}

function thresholdOf(e: JobEvaluation, jobId: string, run: string): Threshold | null {
  if (e.eer && Number.isFinite(e.eer.threshold)) return { value: e.eer.threshold, rule: 'eer', origin: `equal error rate (${pct(e.eer.rate)}) of job ${jobId.slice(0, 8)}: ${run}`, jobId }
  if (Number.isFinite(e.maxF1.threshold)) return { value: e.maxF1.threshold, rule: 'max-f1', origin: `maximum F1 (${e.maxF1.f1.toFixed(3)}) of job ${jobId.slice(0, 8)}: ${run}`, jobId }
  return null
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`

function describeRun(source: string, against: string | null, queries: number, candidates: number, createdAt: string): string {
  const what = against === null ? `${source}, ${queries} performances` : `${source} (${queries}) against ${against} (${candidates})`
  return `${what}, ${createdAt.slice(0, 10)}`
}
