// The import capability: a folder of audio becomes a Da-TACOS-layout dataset (runImport), then
// is indexed. One job for both doors, each run kept in the import history (history.ts); its
// handler map answers 'import.start', 'import.cancel', 'import.history' and 'import.messages'.
import { existsSync, statSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import type { HandlerMap } from '../api/dispatch'
import { errorMessage, invalidInput, notFound } from '../errors'
import type { Db } from '../index/db'
import type { IndexProgress, IndexSummary } from '../index/types'
import type { EventBus } from '../jobs/events'
import type { JobControl, JobHooks, JobRunner, JobWatch } from '../jobs/runner'
import { appHome } from '../library/paths'
import { ensureImportHistory, importMessages, listImports, recordImportEnd, recordImportStart } from './history'
import { defaultOutFor, runImport, type ImportOptions } from './importer'
import type { ImportProgress, ImportSummary } from './types'

export interface ImportRequest extends Pick<ImportOptions, 'folder' | 'worksCsv' | 'workers'> {
  /** The dataset folder to write; default imports/<folder name> in the per-user data folder. */
  out?: string
}

export interface ImportOutcome {
  summary: ImportSummary
  /** The indexing of what was imported; null when nothing was (or the import was cancelled). */
  index: IndexSummary | null
}

export interface ImportDeps {
  /** The library database, which keeps the import history. */
  db: Db
  runner: JobRunner
  events: EventBus
  index: (paths: string[], hooks?: JobWatch<IndexProgress>) => Promise<IndexSummary>
  /** The folder a dataset of this name is indexed from, if any: an import never takes over another folder's name. */
  indexedDatasetFolder: (name: string) => string | null
}

export class ImportService {
  constructor(private readonly deps: ImportDeps) {
    ensureImportHistory(deps.db)
  }

  /** Imports to the end, then indexes the result (the CLI's way, and a scoring job's first step). */
  importAudio(request: ImportRequest, hooks: JobWatch<ImportProgress> = {}): Promise<ImportOutcome> {
    return this.importJob(request, hooks).done
  }

  /** Starts an import in the background; what a person can fix at once fails the call instead. */
  startImport(request: ImportRequest): { jobId: string; out: string } {
    if (!isDirectory(request.folder)) {
      throw existsSync(request.folder) ? invalidInput(`${request.folder}: is not a folder`) : notFound(`${request.folder}: does not exist`)
    }
    if (request.worksCsv && !existsSync(request.worksCsv)) throw notFound(`${request.worksCsv}: does not exist`)
    const out = this.outFor(request)
    const { jobId } = this.importJob({ ...request, out }, {
      onProgress: (progress) => this.deps.events.emit({ type: 'import.progress', progress }),
      onMessage: (message, id) => this.deps.events.emit({ type: 'import.message', jobId: id, message }),
      failed: (error) => ({ summary: failedSummary(request.folder, out, error), index: null }),
      onDone: ({ summary }, id) => this.deps.events.emit({ type: 'import.done', jobId: id, summary }),
    })
    return { jobId, out }
  }

  private importJob(request: ImportRequest, hooks: JobHooks<ImportProgress, ImportOutcome>) {
    return this.deps.runner.run<ImportProgress, ImportOutcome>({
      kind: 'import',
      ...hooks,
      work: async (job) => {
        const out = this.outFor(request)
        recordImportStart(this.deps.db, job.jobId, resolve(request.folder), out)
        try {
          const outcome = await this.importThenIndex({ ...request, out }, job)
          recordImportEnd(this.deps.db, job.jobId, outcome.summary, null)
          return outcome
        } catch (error) {
          recordImportEnd(this.deps.db, job.jobId, failedSummary(request.folder, out, error), errorMessage(error))
          throw error
        }
      },
      onDone: (outcome, jobId) => {
        hooks.onDone?.(outcome, jobId)
        this.deps.events.emit({ type: 'library.changed' })
      },
    })
  }

  private async importThenIndex(request: ImportRequest & { out: string }, job: JobControl<ImportProgress>): Promise<ImportOutcome> {
    const summary = await runImport({
      ...request,
      indexedDatasetFolder: this.deps.indexedDatasetFolder,
      jobId: job.jobId,
      isCancelled: job.isCancelled,
      onProgress: job.onProgress,
      onMessage: job.onMessage,
    })
    if (summary.cancelled || summary.imported + summary.skipped === 0) return { summary, index: null }
    const index = await this.deps.index([summary.out], { isCancelled: job.isCancelled, onMessage: job.onMessage }).catch((error: unknown) => {
      summary.messages.push({ level: 'error', file: summary.out, message: `imported, but indexing failed: ${errorMessage(error)}` })
      return null
    })
    return { summary, index }
  }

  /** Where an import writes: the given folder, else imports/<folder name> (made unique) in the per-user data folder. */
  private outFor(request: ImportRequest): string {
    return request.out ? resolve(request.out) : defaultOutFor(join(appHome(), 'imports'), request.folder, this.deps.indexedDatasetFolder)
  }

  handlers(): HandlerMap<'import.start' | 'import.cancel' | 'import.history' | 'import.messages'> {
    return {
      'import.start': (input) => this.startImport(input),
      'import.cancel': (input) => ({ cancelled: this.deps.runner.cancel(input.jobId, 'import') }),
      'import.history': (input) => ({ imports: listImports(this.deps.db, input.limit) }),
      'import.messages': (input) => ({ messages: importMessages(this.deps.db, input.jobId) }),
    }
  }
}


function failedSummary(folder: string, out: string, error: unknown): ImportSummary {
  return {
    out,
    dataset: basename(out),
    filesSeen: 0,
    imported: 0,
    skipped: 0,
    failed: 0,
    audioSeconds: 0,
    cancelled: false,
    seconds: 0,
    messages: [{ level: 'error', file: folder, message: `import stopped: ${errorMessage(error)}` }],
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}
