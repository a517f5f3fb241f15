// Clusters of a finished scoring job: its performances grouped at a distance threshold (by default
// the calibrated one saved with the job) by one of the methods of types.ts, on a worker thread as
// the evaluation is (the matrix of 15,000 performances is 900 MB), then named with the index's
// titles and compared with the known works. Only a job that scores a dataset against itself has
// one set of performances to group.
import { MatrixFile } from '../scoring/matrix-file'
import { conflict, invalidInput, notFound } from '../errors'
import type { Db } from '../index/db'
import { performancesByRow } from '../index/queries'
import { jobInfo } from '../scoring/job-info'
import { RERANK_OFFSET } from '../scoring/rerank'
import { findJobId, jobRow, loadItems, QUERY, type StoredItem } from '../scoring/store'
import type { ScoreTask, ScoreTaskResult } from '../scoring/tasks'
import type { ScoreJobInfo } from '../scoring/types'
import { resolveWorkerScript, WorkerPool } from '../workers/pool'
import { summarize } from './summary'
import type { ClusterTask, MatrixClusters } from './task'
import type { ClusterItem, ClusterMethod, JobClusters } from './types'

export interface ClusterOptions {
  /** Default: the job's calibrated threshold. */
  threshold?: number
  /** Default: average (it does not chain). */
  method?: ClusterMethod
}

/**
 * Clusters a finished square job (an id or a unique prefix) on `pool` when the caller has one
 * running, else on a one-thread pool for the occasion.
 */
export async function clusterJob(db: Db, jobIdOrPrefix: string, options: ClusterOptions = {}, pool?: WorkerPool<ScoreTask, ScoreTaskResult>): Promise<JobClusters> {
  const plan = planClusters(db, jobIdOrPrefix, options)
  return nameClusters(db, plan, await runOnWorker<MatrixClusters>(plan.task, pool))
}

/** A job's clustering decided and checked, before a worker runs it. */
export interface ClusterPlan {
  job: ScoreJobInfo
  threshold: number
  origin: string
  method: ClusterMethod
  task: ClusterTask
  stored: StoredItem[]
}

/** Finds the job, refuses what cannot be clustered (with the reason), and chooses threshold and method. */
export function planClusters(db: Db, jobIdOrPrefix: string, options: ClusterOptions): ClusterPlan {
  const jobId = findJobId(db, jobIdOrPrefix)
  if (!jobId) throw notFound(`no scoring job ${jobIdOrPrefix} (or the prefix names several; see refrain jobs)`)
  const job = jobInfo(db, jobId)
  const short = jobId.slice(0, 8)
  if (job.against !== null) {
    throw invalidInput(`job ${short} scores ${job.source} against ${job.against}: clusters group one set of performances, so cluster a job that scores a dataset against itself`)
  }
  if (job.status !== 'done') {
    throw conflict(job.status === 'running' ? `job ${short} is still running: cluster it once it is done` : `job ${short} is not finished (${job.status}): resume it first (refrain score --resume ${short})`)
  }
  const matrixPath = jobRow(db, jobId)!.matrix_path
  MatrixFile.check(matrixPath, job.queries, job.queries)
  const { threshold, origin } = chooseThreshold(job, options.threshold)
  const method = options.method ?? 'average'
  const stored = loadItems(db, jobId, QUERY)
  const task: ClusterTask = {
    type: 'cluster',
    matrixPath,
    items: stored.length,
    threshold,
    method,
    ...(job.params.method === 'two-stage' ? { rerankOffset: RERANK_OFFSET } : {}),
  }
  return { job, threshold, origin, method, task, stored }
}

/** Runs one task on `pool`, or on a one-thread pool for the occasion. */
export async function runOnWorker<R extends ScoreTaskResult>(task: ScoreTask, pool?: WorkerPool<ScoreTask, ScoreTaskResult>): Promise<R> {
  const own = pool ? null : new WorkerPool<ScoreTask, ScoreTaskResult>({ script: resolveWorkerScript('score-worker'), size: 1 })
  try {
    return (await (pool ?? own!).run(task)) as R
  } finally {
    await own?.close()
  }
}

/** A worker's partition named with the index's titles and compared with the known works. */
export function nameClusters(db: Db, { job, threshold, origin, method, stored }: ClusterPlan, result: MatrixClusters): JobClusters {
  const perfs = performancesByRow(db, stored.map((item) => item.performanceRow))
  const items: ClusterItem[] = stored.map((item, index) => {
    const perf = perfs.get(item.performanceRow)
    // A performance re-indexed away since the job ran keeps its work and file, not its titles.
    return {
      index,
      dataset: perf?.dataset ?? job.source,
      perfId: perf?.perfId ?? item.path,
      workId: item.workLabel || null,
      title: perf?.title ?? null,
      artist: perf?.artist ?? null,
      year: perf?.year ?? null,
    }
  })
  return { jobId: job.jobId, method, threshold, thresholdOrigin: origin, items, edges: result.edges, ...summarize(result, items.map((item) => item.workId)) }
}

function chooseThreshold(job: ScoreJobInfo, given: number | undefined): { threshold: number; origin: string } {
  if (given !== undefined) {
    if (!Number.isFinite(given) || given < 0) throw invalidInput(`the threshold must be a finite distance of 0 or more (pairs at or below it are linked), not ${given}`)
    return { threshold: given, origin: 'given with the request (not calibrated)' }
  }
  const short = job.jobId.slice(0, 8)
  if (!job.threshold) {
    throw invalidInput(`job ${short} has no calibrated threshold (its evaluation found none): pass one, e.g. refrain clusters ${short} --threshold <distance>`)
  }
  return { threshold: job.threshold.value, origin: job.threshold.origin }
}
