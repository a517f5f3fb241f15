// A job as the contract shows it, read back from the index: a job recorded as running in a
// process that no longer exists was killed.
import type { IndexMessage } from '../jobs/message'
import type { JobEvaluation, ScoreJobInfo, Threshold } from './types'
import type { Db } from '../index/db'
import { notFound } from '../errors'
import { processAlive } from '../jobs/alive'
import { describeParams, parseStoredParams } from './parameters'
import { jobRow, type JobRow } from './store'

export function jobInfo(db: Db, jobId: string): ScoreJobInfo {
  const row = jobRow(db, jobId)
  if (!row) throw notFound(`no scoring job ${jobId}`)
  const { pairsTotal, pairsDone } = pairCounts(row)
  const params = parseStoredParams(row.params)
  return {
    jobId: row.id,
    createdAt: row.created_at,
    source: row.source,
    against: row.against,
    params,
    label: describeParams(params),
    status: row.status === 'running' && !processAlive(row.pid) ? 'stopped' : row.status,
    queries: row.queries,
    candidates: row.candidates,
    pairsTotal,
    pairsDone,
    pairsFailed: row.pairs_failed,
    itemsSkipped: row.items_skipped,
    seconds: row.seconds,
    evaluation: row.evaluation ? (JSON.parse(row.evaluation) as JobEvaluation) : null,
    threshold: row.threshold ? (JSON.parse(row.threshold) as Threshold) : null,
    messages: JSON.parse(row.messages) as IndexMessage[],
  }
}

function pairCounts(row: JobRow): { pairsTotal: number; pairsDone: number } {
  const square = row.against === null
  return { pairsTotal: row.queries * row.candidates - (square ? row.queries : 0), pairsDone: row.pairs_done }
}
