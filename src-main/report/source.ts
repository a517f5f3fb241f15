// What a report is written from: an indexed dataset (its ground truth), or a finished scoring job
// (its matrix file, checked whole, and its rows' and columns' performances as the index knows
// them). A dataset's exact name wins over a job id prefix; a job must be done, since an unfinished
// matrix holds zeros where nothing was computed yet.
import { MatrixFile } from '../scoring/matrix-file'
import { conflict, notFound } from '../errors'
import type { Db } from '../index/db'
import { datasetExists } from '../index/datasets'
import { performancesByRow } from '../index/queries'
import type { PerformanceRow } from '../index/types'
import { jobInfo } from '../scoring/job-info'
import { CANDIDATE, findJobId, jobRow, loadItems, QUERY, type StoredItem } from '../scoring/store'
import type { ScoreJobInfo } from '../scoring/types'

/** A row or column of a job's matrix. */
export interface JobItem extends PerformanceRow {
  index: number
  /** The feature file the job compared. */
  path: string
  /** The work as the job recorded it (what its evaluation counted as the same work). */
  workLabel: string
}

export interface JobSource {
  kind: 'job'
  job: ScoreJobInfo
  matrixPath: string
  /** Rows; for a square job also the columns. */
  queries: JobItem[]
  /** Columns; the same array as `queries` for a square job. */
  candidates: JobItem[]
  square: boolean
}

export type ReportSource = { kind: 'dataset'; name: string } | JobSource

export function reportSource(db: Db, source: string): ReportSource {
  if (datasetExists(db, source)) return { kind: 'dataset', name: source }
  const jobId = findJobId(db, source)
  if (!jobId) throw notFound(`"${source}" is neither an indexed dataset (see refrain datasets) nor a scoring job (see refrain jobs; a prefix must name one job)`)
  return finishedJob(db, jobId)
}

function finishedJob(db: Db, jobId: string): JobSource {
  const job = jobInfo(db, jobId)
  const short = jobId.slice(0, 8)
  const pairs = job.pairsTotal > 0 ? `, ${job.pairsDone} of ${job.pairsTotal} pairs` : ''
  if (job.status === 'running') throw conflict(`job ${short} is still running${pairs}: report it when it is done`)
  if (job.status !== 'done') throw conflict(`job ${short} is not finished (${job.status}${pairs}): finish it first with refrain score --resume ${short}`)
  const row = jobRow(db, jobId)!
  const square = row.against === null
  MatrixFile.check(row.matrix_path, job.queries, job.candidates)
  const stored = loadItems(db, jobId, QUERY)
  const storedCandidates = square ? stored : loadItems(db, jobId, CANDIDATE)
  const perfs = performancesByRow(db, [...stored, ...storedCandidates].map((item) => item.performanceRow))
  const items = (list: StoredItem[]): JobItem[] =>
    list.map((item) => {
      const perf = perfs.get(item.performanceRow)
      if (!perf) throw conflict(`a performance of job ${short} is no longer in the index (re-indexed since the job ran): score it again`)
      return { ...perf, index: item.idx, path: item.path, workLabel: item.workLabel }
    })
  const queries = items(stored)
  return { kind: 'job', job, matrixPath: row.matrix_path, queries, candidates: square ? queries : items(storedCandidates), square }
}
