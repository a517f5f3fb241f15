// The scoring capability: batch jobs (start, resume, cancel, delete, list, results, evaluate, and
// the views and exports that find a job's mistakes).
// Every job, from either door, runs the same way: its row is created at once naming its sources,
// a folder source is indexed (or its audio imported) as the job's first step, and only a fully
// indexed dataset is recorded as the job's source; then the matrix is scored on the worker pool.
import { existsSync, rmSync } from 'node:fs'
import { resolve as resolvePath } from 'node:path'
import type { HandlerMap } from '../api/dispatch'
import { conflict, errorCode, errorMessage, invalidInput, notFound } from '../errors'
import type { Db } from '../index/db'
import type { PerfRef } from '../index/types'
import type { IndexMessage } from '../jobs/message'
import type { EventBus } from '../jobs/events'
import type { JobHooks, JobRunner, JobWatch } from '../jobs/runner'
import { evaluateJob } from './evaluate-job'
import { jobInfo } from './job-info'
import { createScoreJob } from './jobs'
import { DEFAULT_METHOD, SCORE_DEFAULTS, SCORE_LIMITS, SCORE_METHODS, type ScoreParams } from './parameters'
import { jobMatrixInfo, jobPairView, jobQueryScores, jobResults } from './results'
import { exportChunk } from './results-export'
import type { EmbedDataset } from './embedding-file'
import { runScoreJob } from './runner'
import { resolveDataset, sourceName, type SourceDeps } from './source'
import { addMessages, deleteJobRow, findJobId, jobIds, jobRow, setSources, setStatus } from './store'
import type { ScoreJobInfo, ScoreProgress } from './types'

export interface ScoreRequest {
  /** A dataset's name, or a folder (indexed, or its audio imported, as the job's first step). */
  source: string
  against?: string
  params: ScoreParams
  workers?: number
}

export type ScoreHooks = JobWatch<ScoreProgress> & {
  /** Told the job's id as soon as its row exists, so a terminal can say how to resume it. */
  onJob?: (jobId: string) => void
}

export interface ScoringDeps extends SourceDeps {
  db: Db
  dbPath: string
  runner: JobRunner
  events: EventBus
  /** A dataset's embeddings under a model, for the embedding method. */
  embed: EmbedDataset
  /** The chroma feature a model reads (its card's), so an embedding job records what it compares. */
  modelFeature: (model: string | null) => ScoreParams['feature']
}

export class ScoringService {
  private readonly db: Db

  constructor(private readonly deps: ScoringDeps) {
    this.db = deps.db
  }

  /** Creates a job and runs it to the end (the CLI's way). */
  score(request: ScoreRequest, hooks: ScoreHooks = {}): Promise<ScoreJobInfo> {
    const jobId = this.create(request)
    hooks.onJob?.(jobId)
    return this.launch(jobId, request.workers, hooks)
  }

  /** Continues a stopped job where it left off; a job id prefix will do. */
  resume(idOrPrefix: string, workers: number | undefined, hooks: ScoreHooks = {}): Promise<ScoreJobInfo> {
    return this.launch(this.resumableJob(idOrPrefix), workers, hooks)
  }

  /** Creates a job and runs it in the background; the call answers at once (the workstation's way). */
  startScore(request: ScoreRequest): string {
    const jobId = this.create(request)
    void this.launch(jobId, request.workers, this.eventHooks(jobId))
    return jobId
  }

  startResume(idOrPrefix: string, workers?: number): string {
    const jobId = this.resumableJob(idOrPrefix)
    void this.launch(jobId, workers, this.eventHooks(jobId))
    return jobId
  }

  cancel(jobId: string): boolean {
    return this.deps.runner.cancel(jobId, 'score')
  }

  /** Deletes a job that is not running, with its matrix file; returns its full id. */
  delete(idOrPrefix: string): string {
    const jobId = this.findJob(idOrPrefix)
    if (jobInfo(this.db, jobId).status === 'running') throw conflict(`job ${jobId.slice(0, 8)} is running: cancel it first`)
    const matrix = jobRow(this.db, jobId)!.matrix_path
    deleteJobRow(this.db, jobId)
    rmSync(matrix, { force: true })
    rmSync(`${matrix}.emb`, { force: true })
    this.deps.events.emit({ type: 'score.deleted', jobId })
    return jobId
  }

  /** Every job, newest first. */
  jobs(): ScoreJobInfo[] {
    return jobIds(this.db).map((id) => jobInfo(this.db, id))
  }

  job(idOrPrefix: string): ScoreJobInfo {
    return jobInfo(this.db, this.findJob(idOrPrefix))
  }

  /** Evaluates a finished job again (on a worker thread) and saves its metrics and threshold. */
  evaluate(idOrPrefix: string) {
    return evaluateJob(this.db, this.findJob(idOrPrefix))
  }

  results(jobId: string, page: { query?: PerfRef; offset: number; limit: number }) {
    return jobResults(this.db, this.findJob(jobId), page)
  }

  handlers(): HandlerMap<
    'score.start' | 'score.resume' | 'score.cancel' | 'score.delete' | 'score.jobs' | 'score.job' | 'score.results' | 'score.parameters' | 'score.evaluate' | 'score.queries' | 'score.pairs' | 'score.matrix' | 'score.export'
  > {
    return {
      'score.start': (input) => ({ jobId: this.startScore(input) }),
      'score.resume': (input) => ({ jobId: this.startResume(input.jobId, input.workers) }),
      'score.cancel': (input) => ({ cancelled: this.cancel(input.jobId) }),
      'score.delete': (input) => ({ jobId: this.delete(input.jobId) }),
      'score.jobs': () => ({ jobs: this.jobs() }),
      'score.job': (input) => this.job(input.jobId),
      'score.results': (input) => this.results(input.jobId, input),
      'score.parameters': () => ({ methods: [...SCORE_METHODS], defaultMethod: DEFAULT_METHOD, defaults: { ...SCORE_DEFAULTS }, limits: SCORE_LIMITS }),
      'score.evaluate': async (input) => {
        await this.evaluate(input.jobId)
        return this.job(input.jobId)
      },
      'score.queries': (input) => jobQueryScores(this.db, this.findJob(input.jobId), input),
      'score.pairs': (input) => jobPairView(this.db, this.findJob(input.jobId), input),
      'score.matrix': (input) => jobMatrixInfo(this.db, this.findJob(input.jobId)),
      'score.export': (input) => exportChunk(this.db, this.findJob(input.jobId), input),
    }
  }

  /** The job's row, naming its sources as given: a name that is neither dataset nor folder fails the call. */
  private create(request: ScoreRequest): string {
    const source = sourceName(this.deps, request.source)
    const against = request.against === undefined ? null : sourceName(this.deps, request.against)
    // An embedding job compares the model's own feature; its model is recorded as a full path.
    const model = request.params.model === null ? null : resolvePath(request.params.model)
    const params: ScoreParams =
      request.params.method === 'embedding'
        ? { ...request.params, model, feature: this.deps.modelFeature(request.params.model) }
        : request.params.method === 'two-stage'
          ? // Fails the call at once when there is no model to use.
            (this.deps.modelFeature(request.params.model), { ...request.params, model })
          : request.params
    return createScoreJob(this.db, this.deps.dbPath, { source, against: against === source ? null : against, params })
  }

  private launch(jobId: string, workers: number | undefined, hooks: ScoreHooks & Pick<JobHooks<ScoreProgress, ScoreJobInfo>, 'onDone'>): Promise<ScoreJobInfo> {
    // Running from now on, folder indexing included, so no other process takes it up meanwhile.
    setStatus(this.db, jobId, 'running')
    return this.deps.runner.run<ScoreProgress, ScoreJobInfo>({
      kind: 'score',
      jobId,
      ...hooks,
      work: async (job) => {
        const indexHooks = { isCancelled: job.isCancelled, onMessage: job.onMessage }
        try {
          await this.resolveSources(jobId, indexHooks)
        } catch (error) {
          this.fail(jobId, error, job.onMessage)
          return jobInfo(this.db, jobId)
        }
        return runScoreJob(this.db, jobId, { workers, embed: this.deps.embed, isCancelled: job.isCancelled, onMessage: job.onMessage, onProgress: job.onProgress })
      },
      failed: () => jobInfo(this.db, jobId),
    }).done
  }

  private eventHooks(jobId: string): ScoreHooks & Pick<JobHooks<ScoreProgress, ScoreJobInfo>, 'onDone'> {
    const { events } = this.deps
    return {
      onProgress: (progress) => events.emit({ type: 'score.progress', progress }),
      onMessage: (message) => events.emit({ type: 'score.message', jobId, message }),
      onDone: (job) => events.emit({ type: 'score.done', jobId, job }),
    }
  }

  /** A job started on a folder names it until the folder is fully indexed (a kill may come first): index it now. */
  private async resolveSources(jobId: string, hooks: JobWatch<never>): Promise<void> {
    const job = jobInfo(this.db, jobId)
    if (this.deps.datasetExists(job.source) && (job.against === null || this.deps.datasetExists(job.against))) return
    const source = await resolveDataset(this.deps, job.source, hooks)
    const against = job.against === null ? null : await resolveDataset(this.deps, job.against, hooks)
    setSources(this.db, jobId, source, against === source ? null : against)
  }

  /** A job that could not start: stopped when it was cancelled (resumable), else failed, with why. */
  private fail(jobId: string, error: unknown, onMessage: (message: IndexMessage) => void): void {
    const stopped = errorCode(error) === 'cancelled'
    const message: IndexMessage = { level: stopped ? 'warning' : 'error', file: jobInfo(this.db, jobId).source, message: errorMessage(error) }
    addMessages(this.db, jobId, [message])
    onMessage(message)
    setStatus(this.db, jobId, stopped ? 'stopped' : 'failed')
  }

  private findJob(idOrPrefix: string): string {
    const jobId = findJobId(this.db, idOrPrefix)
    if (!jobId) throw notFound(`no scoring job ${idOrPrefix} (or the prefix names several; see refrain jobs)`)
    return jobId
  }

  private resumableJob(idOrPrefix: string): string {
    const jobId = this.findJob(idOrPrefix)
    const job = jobInfo(this.db, jobId)
    if (job.status === 'running') throw conflict(`job ${jobId.slice(0, 8)} is running${this.deps.runner.isRunning(jobId) ? '' : ' in another process'}`)
    // A finished job whose matrix file went missing is scored again (the runner forgets its tiles).
    if (job.status === 'done' && existsSync(jobRow(this.db, jobId)!.matrix_path)) throw invalidInput(`job ${jobId.slice(0, 8)} is finished; nothing to resume`)
    return jobId
  }
}
