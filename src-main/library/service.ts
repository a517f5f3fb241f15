// The library capability: indexing folders into the database (a job like any other), the
// bundled default library, and every read the library views make. Its handler map answers
// the 'library.*', 'features.*' and 'index.*' methods.
import type { HandlerMap } from '../api/dispatch'
import type { FeatureView } from '../dataset/feature-views'
import { getSetting, setSetting, type Db } from '../index/db'
import { runIndex } from '../index/indexer'
import { audioFile, featurePath, indexedAudioPaths, getPerformance, getWork, listDatasets, listWorks, search, type WorksQuery } from '../index/queries'
import { emptyIndexSummary, type FeatureFilter, type IndexProgress, type IndexSummary } from '../index/types'
import type { EventBus } from '../jobs/events'
import { errorMessage } from '../errors'
import type { JobHooks, JobRunner, JobWatch } from '../jobs/runner'
import type { MediaFile } from '../media/serve'
import { WorkerPool, resolveWorkerScript } from '../workers/pool'
import type { ChromaAnswer, FeatureAnswer, FeatureTask } from './feature-reads'
import { defaultLibraryDirs } from './paths'

/** Which bundled folders this database has indexed, so a release that adds one indexes just that one. */
const DEFAULT_LIBRARY_DONE = 'default-library-indexed'

export type LibraryMethods =
  | 'library.datasets'
  | 'library.works'
  | 'library.search'
  | 'library.work'
  | 'library.performance'
  | 'features.chroma'
  | 'features.view'
  | 'index.start'
  | 'index.cancel'

export class LibraryService {
  /** Reads feature files off the main thread (started on the first read). */
  private features: WorkerPool<FeatureTask, FeatureAnswer> | null = null

  constructor(
    readonly db: Db,
    private readonly runner: JobRunner,
    private readonly events: EventBus,
  ) {}

  private readFeature(task: FeatureTask): Promise<FeatureAnswer> {
    this.features ??= new WorkerPool<FeatureTask, FeatureAnswer>({ script: resolveWorkerScript('feature-worker'), size: 1 })
    return this.features.run(task)
  }

  async close(): Promise<void> {
    await this.features?.close()
  }

  /** Indexes files and folders to the end (the CLI's way, and a job's first step). */
  index(paths: string[], hooks: JobWatch<IndexProgress> = {}): Promise<IndexSummary> {
    return this.indexJob(paths, hooks).done
  }

  /** Starts indexing in the background; progress, messages and the summary arrive as events. */
  startIndex(paths: string[]): string {
    return this.indexJob(paths, {
      onProgress: (progress) => this.events.emit({ type: 'index.progress', progress }),
      onMessage: (message, jobId) => this.events.emit({ type: 'index.message', jobId, message }),
      failed: (error) => failedSummary(paths, error),
      onDone: (summary, jobId) => this.events.emit({ type: 'index.done', jobId, summary }),
    }).jobId
  }

  private indexJob(paths: string[], hooks: JobHooks<IndexProgress, IndexSummary>) {
    return this.runner.run<IndexProgress, IndexSummary>({
      kind: 'index',
      ...hooks,
      work: (job) => runIndex(this.db, { paths, jobId: job.jobId, isCancelled: job.isCancelled, onProgress: job.onProgress, onMessage: job.onMessage }),
      onDone: (summary, jobId) => {
        hooks.onDone?.(summary, jobId)
        this.events.emit({ type: 'library.changed' })
      },
    })
  }

  /** Indexes the bundled library the first time this database is opened (and after an interrupted first time). */
  async ensureDefaultLibrary(hooks: JobWatch<IndexProgress> = {}): Promise<IndexSummary | null> {
    // REFRAIN_DEFAULT_LIBRARY=0 starts empty: for benchmarks, tests, and users who want only their own data.
    if (process.env.REFRAIN_DEFAULT_LIBRARY === '0') return null
    const done = indexedFolders(getSetting(this.db, DEFAULT_LIBRARY_DONE))
    const missing = defaultLibraryDirs().filter((dir) => !done.includes(dir))
    if (missing.length === 0) return null
    const summary = await this.index(missing, hooks)
    if (!summary.cancelled) setSetting(this.db, DEFAULT_LIBRARY_DONE, JSON.stringify([...done, ...missing]))
    return summary
  }

  datasets = () => listDatasets(this.db)
  works = (query: WorksQuery) => listWorks(this.db, query)
  search = (text: string, limit: number, dataset?: string, features?: FeatureFilter) => search(this.db, text, limit, dataset, features)
  work = (workId: string, dataset?: string) => getWork(this.db, workId, dataset)
  performance = (perfId: string, dataset?: string) => getPerformance(this.db, perfId, dataset)
  audioFile = (dataset: string, perfId: string): MediaFile | null => audioFile(this.db, dataset, perfId)
  /** Every audio file an indexed dataset links to (the uploads to keep). */
  audioPaths = () => indexedAudioPaths(this.db)

  handlers(): HandlerMap<LibraryMethods> {
    return {
      'library.datasets': () => ({ datasets: this.datasets() }),
      'library.works': (input) => this.works(input),
      'library.search': (input) => this.search(input.text, input.limit, input.dataset, input.features),
      'library.work': (input) => this.work(input.workId, input.dataset),
      'library.performance': (input) => this.performance(input.perfId, input.dataset),
      'features.chroma': async (input) =>
        (await this.readFeature({ type: 'chroma', path: featurePath(this.db, input.perfId, input.kind, input.dataset), kind: input.kind })) as ChromaAnswer,
      'features.view': async (input) =>
        (await this.readFeature({ type: 'view', path: featurePath(this.db, input.perfId, input.kind, input.dataset), kind: input.kind, points: input.points })) as FeatureView,
      'index.start': (input) => ({ jobId: this.startIndex(input.paths) }),
      'index.cancel': (input) => ({ cancelled: this.runner.cancel(input.jobId, 'index') }),
    }
  }
}

/** What a run that could not go on reports: nothing indexed, and why. */
function failedSummary(paths: string[], error: unknown): IndexSummary {
  return emptyIndexSummary([{ level: 'error', file: paths.join(', '), message: `indexing stopped: ${errorMessage(error)}` }])
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
