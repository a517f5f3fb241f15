// The workstation's domain service: one open index, the indexing jobs running on it, and
// the events they raise. Every door (Electron, web mode, CLI) drives the same object.
import { EventEmitter } from 'node:events'
import { randomUUID } from 'node:crypto'
import { existsSync, rmSync, statSync } from 'node:fs'
import { basename as basenameOf, join as joinPath, resolve as resolvePath } from 'node:path'
import type { ApiEvent, ImportSummary, IndexMessage, IndexProgress, IndexSummary, ScoreJobInfo } from '../api/contract'
import { getSetting, openDb, setSetting, type Db } from '../index/db'
import { runIndex } from '../index/indexer'
import { NotFound } from '../index/queries'
import { defaultOutFor, runImport, type ImportOptions } from '../importer/importer'
import { appHome, defaultLibraryDirs } from './paths'
import { jobInfo } from '../scoring/job-info'
import { createScoreJob } from '../scoring/jobs'
import type { ScoreParams } from '../scoring/parameters'
import { runScoreJob, type ScoreHooks } from '../scoring/runner'
import { checkFolder, knownDataset, resolveDataset } from '../scoring/source'
import { addMessages, deleteJobRow, ensureScoringSchema, findJobId, jobRow, setSources, setStatus } from '../scoring/store'

export interface ScoreRequest {
  source: string
  against?: string
  params: ScoreParams
  workers?: number
}

export interface LibraryOptions {
  dbPath: string
  nativeBinding?: string
}

export interface IndexHooks {
  onProgress?: (progress: IndexProgress) => void
  onMessage?: (message: IndexMessage) => void
  isCancelled?: () => boolean
}

/** Which bundled folders this database has indexed, so a release that adds one indexes just that one. */
const DEFAULT_LIBRARY_DONE = 'default-library-indexed'

export class Library {
  readonly db: Db
  private readonly emitter = new EventEmitter()
  private readonly jobs = new Map<string, { cancelled: boolean }>()

  constructor(readonly options: LibraryOptions) {
    this.db = openDb(options.dbPath, { nativeBinding: options.nativeBinding })
    ensureScoringSchema(this.db)
  }

  onEvent(listener: (event: ApiEvent) => void): () => void {
    this.emitter.on('event', listener)
    return () => this.emitter.off('event', listener)
  }

  private emit(event: ApiEvent): void {
    this.emitter.emit('event', event)
  }

  /** Indexes the bundled Da-TACOS library the first time this database is opened (and after an interrupted first time). */
  async ensureDefaultLibrary(hooks: IndexHooks = {}): Promise<IndexSummary | null> {
    // REFRAIN_DEFAULT_LIBRARY=0 starts empty: for benchmarks, tests, and users who want only their own data.
    if (process.env.REFRAIN_DEFAULT_LIBRARY === '0') return null
    const done = indexedFolders(getSetting(this.db, DEFAULT_LIBRARY_DONE))
    const missing = defaultLibraryDirs().filter((dir) => !done.includes(dir))
    if (missing.length === 0) return null
    const summary = await this.index(missing, hooks)
    if (!summary.cancelled) setSetting(this.db, DEFAULT_LIBRARY_DONE, JSON.stringify([...done, ...missing]))
    return summary
  }

  /** Runs one indexing job to the end (the CLI's way). */
  async index(paths: string[], hooks: IndexHooks = {}): Promise<IndexSummary> {
    const summary = await runIndex(this.db, { paths, ...hooks })
    this.emit({ type: 'library.changed' })
    return summary
  }

  /** Starts a job in the background and reports it through events (the workstation's way). */
  startIndex(paths: string[]): string {
    const jobId = randomUUID()
    const job = { cancelled: false }
    this.jobs.set(jobId, job)
    runIndex(this.db, {
      paths,
      jobId,
      isCancelled: () => job.cancelled,
      onProgress: (progress) => this.emit({ type: 'index.progress', progress }),
      onMessage: (message) => this.emit({ type: 'index.message', jobId, message }),
    })
      .then((summary) => this.emit({ type: 'index.done', jobId, summary }))
      .catch((error: Error) => {
        const failure = { level: 'error' as const, file: paths.join(', '), message: `indexing stopped: ${error.message}` }
        this.emit({
          type: 'index.done',
          jobId,
          summary: { filesSeen: 0, filesIndexed: 0, filesUnchanged: 0, filesFailed: 0, works: 0, performances: 0, features: 0, cancelled: false, seconds: 0, messages: [failure] },
        })
      })
      .finally(() => {
        this.jobs.delete(jobId)
        this.emit({ type: 'library.changed' })
      })
    return jobId
  }

  /** Runs one audio import to the end, then indexes what it wrote unless cancelled (the CLI's way). */
  async importAudio(options: Omit<ImportOptions, 'out'> & { out?: string }): Promise<{ summary: ImportSummary; index: IndexSummary | null }> {
    const summary = await runImport({ ...options, out: importOutFor(options.folder, options.out) })
    const index = summary.cancelled || summary.imported + summary.skipped === 0 ? null : await this.index([summary.out])
    return { summary, index }
  }

  /** Starts an audio import in the background; when it finishes (not cancelled) indexes its output. */
  startImport(input: { folder: string; out?: string; worksCsv?: string; workers?: number }): { jobId: string; out: string } {
    // What a person can fix at once is an error of the call, not of the job.
    if (!isDirectory(input.folder)) throw new Error(`${input.folder}: ${existsSync(input.folder) ? 'is not a folder' : 'does not exist'}`)
    if (input.worksCsv && !existsSync(input.worksCsv)) throw new Error(`${input.worksCsv}: does not exist`)
    const jobId = randomUUID()
    const job = { cancelled: false }
    this.jobs.set(jobId, job)
    const out = importOutFor(input.folder, input.out)
    runImport({
      ...input,
      out,
      jobId,
      isCancelled: () => job.cancelled,
      onProgress: (progress) => this.emit({ type: 'import.progress', progress }),
      onMessage: (message) => this.emit({ type: 'import.message', jobId, message }),
    })
      .then(async (summary) => {
        if (!summary.cancelled && summary.imported + summary.skipped > 0) {
          await runIndex(this.db, { paths: [summary.out] }).catch((error: Error) => {
            summary.messages.push({ level: 'error', file: summary.out, message: `imported, but indexing failed: ${error.message}` })
          })
        }
        this.emit({ type: 'import.done', jobId, summary })
      })
      .catch((error: Error) => {
        const failure = { level: 'error' as const, file: input.folder, message: `import stopped: ${error.message}` }
        this.emit({
          type: 'import.done',
          jobId,
          summary: { out, dataset: basenameOf(out), filesSeen: 0, imported: 0, skipped: 0, failed: 0, audioSeconds: 0, cancelled: false, seconds: 0, messages: [failure] },
        })
      })
      .finally(() => {
        this.jobs.delete(jobId)
        this.emit({ type: 'library.changed' })
      })
    return { jobId, out }
  }

  /** Resolves the source (indexing or importing a folder), creates the scoring job and runs it to the end (the CLI's way). */
  async score(request: ScoreRequest, hooks: ScoreHooks & { onJob?: (jobId: string) => void } = {}): Promise<ScoreJobInfo> {
    const jobId = await this.createScore(request, hooks)
    hooks.onJob?.(jobId)
    return runScoreJob(this.db, jobId, { workers: request.workers, ...hooks })
  }

  /** Continues a stopped job where it left off (the CLI's way); a job id prefix will do. */
  async resumeScore(idOrPrefix: string, workers: number | undefined, hooks: ScoreHooks = {}): Promise<ScoreJobInfo> {
    const jobId = this.resumableJob(idOrPrefix)
    await this.resolveSources(jobId, { isCancelled: hooks.isCancelled, onMessage: hooks.onMessage })
    return runScoreJob(this.db, jobId, { workers, ...hooks })
  }

  /**
   * Creates a scoring job and runs it in the background, reporting through events (the
   * workstation's way). A folder not yet indexed is indexed (or its audio imported) as the job's
   * first step, so the call answers at once; a name that is neither a dataset nor a folder fails it.
   */
  async startScore(request: ScoreRequest): Promise<string> {
    const known = (name: string | undefined) => (name === undefined ? null : knownDataset(this.db, name))
    const ready = known(request.source) !== null && (request.against === undefined || known(request.against) !== null)
    if (ready) {
      const jobId = await this.createScore(request)
      this.runScoreInBackground(jobId, request.workers)
      return jobId
    }
    for (const name of [request.source, request.against]) if (name !== undefined && known(name) === null) checkFolder(name)
    const jobId = createScoreJob(this.db, this.options.dbPath, {
      source: known(request.source) ?? request.source,
      against: request.against === undefined ? null : (known(request.against) ?? request.against),
      params: request.params,
    })
    this.runScoreInBackground(jobId, request.workers, (hooks) => this.resolveSources(jobId, hooks))
    return jobId
  }

  startResumeScore(idOrPrefix: string, workers?: number): string {
    const jobId = this.resumableJob(idOrPrefix)
    this.runScoreInBackground(jobId, workers, (hooks) => this.resolveSources(jobId, hooks))
    return jobId
  }

  /** A job started on a folder names it until the folder is indexed (a kill may come first): index it now. */
  private async resolveSources(jobId: string, hooks: IndexHooks): Promise<void> {
    const job = jobInfo(this.db, jobId)
    const isDataset = (name: string | null) => name === null || knownDataset(this.db, name) === name
    if (isDataset(job.source) && isDataset(job.against)) return
    const source = await resolveDataset(this, job.source, hooks)
    const against = job.against === null ? null : await resolveDataset(this, job.against, hooks)
    setSources(this.db, jobId, source, against === source ? null : against)
  }

  private async createScore(request: ScoreRequest, hooks: ScoreHooks = {}): Promise<string> {
    const indexHooks = { isCancelled: hooks.isCancelled, onMessage: hooks.onMessage }
    const source = await resolveDataset(this, request.source, indexHooks)
    const against = request.against === undefined ? null : await resolveDataset(this, request.against, indexHooks)
    return createScoreJob(this.db, this.options.dbPath, { source, against: against === source ? null : against, params: request.params })
  }

  /** Deletes a job that is not running, with its matrix file; returns its full id. */
  deleteScore(idOrPrefix: string): string {
    const jobId = findJobId(this.db, idOrPrefix)
    if (!jobId) throw new NotFound(`no scoring job ${idOrPrefix} (or the prefix names several)`)
    const job = jobInfo(this.db, jobId)
    if (job.status === 'running') throw new Error(`job ${jobId.slice(0, 8)} is running: cancel it first`)
    const matrix = jobRow(this.db, jobId)!.matrix_path
    deleteJobRow(this.db, jobId)
    rmSync(matrix, { force: true })
    this.emit({ type: 'score.deleted', jobId })
    return jobId
  }

  private resumableJob(idOrPrefix: string): string {
    const jobId = findJobId(this.db, idOrPrefix)
    if (!jobId) throw new NotFound(`no scoring job ${idOrPrefix} (or the prefix names several)`)
    const job = jobInfo(this.db, jobId)
    if (job.status === 'running') throw new Error(`job ${jobId.slice(0, 8)} is running${this.jobs.has(jobId) ? '' : ' in another process'}`)
    if (job.status === 'done') throw new Error(`job ${jobId.slice(0, 8)} is finished; nothing to resume`)
    return jobId
  }

  private runScoreInBackground(jobId: string, workers?: number, prepare?: (hooks: IndexHooks) => Promise<void>): void {
    const job = { cancelled: false }
    this.jobs.set(jobId, job)
    const onMessage = (message: IndexMessage) => this.emit({ type: 'score.message', jobId, message })
    const isCancelled = () => job.cancelled
    const prepared = prepare
      ? prepare({ isCancelled, onMessage }).catch((error: Error) => {
          const message = { level: 'error' as const, file: jobInfo(this.db, jobId).source, message: error.message }
          addMessages(this.db, jobId, [message])
          onMessage(message)
          setStatus(this.db, jobId, 'failed')
          return 'failed' as const
        })
      : Promise.resolve()
    prepared
      .then((outcome) => {
        if (outcome === 'failed') return
        return runScoreJob(this.db, jobId, { workers, isCancelled, onMessage, onProgress: (progress) => this.emit({ type: 'score.progress', progress }) })
      })
      .catch(() => undefined)
      .finally(() => {
        this.jobs.delete(jobId)
        this.emit({ type: 'score.done', jobId, job: jobInfo(this.db, jobId) })
      })
  }

  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId)
    if (!job) return false
    job.cancelled = true
    return true
  }

  close(): void {
    for (const job of this.jobs.values()) job.cancelled = true
    this.db.close()
  }
}

/** The folders a setting records; anything unreadable counts as none (re-indexing skips unchanged files). */
function indexedFolders(setting: string | null): string[] {
  try {
    const value: unknown = JSON.parse(setting ?? '[]')
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []
  } catch {
    return []
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

/** Where an import writes: the given folder, else imports/<folder name> in the per-user data folder. */
export function importOutFor(folder: string, out?: string): string {
  return out ? resolvePath(out) : defaultOutFor(joinPath(appHome(), 'imports'), folder)
}
