// The composition root: opens one library database, builds every capability's service on it,
// and joins their handler maps into the one dispatch every door calls. A door (Electron's
// backend process, web mode, the CLI) creates one App and talks to nothing else.
import { createDispatch, type Dispatch, type HandlerMap } from '../api/dispatch'
import type { ApiEvent } from '../api/contract'
import { ClustersService } from '../clusters/service'
import { ReportService } from '../report/service'
import { CompareService } from '../compare/service'
import { resolveModel } from '../embedding/models'
import { EmbeddingService } from '../embedding/service'
import { ImportService } from '../importer/service'
import { openDb } from '../index/db'
import { datasetExists, datasetsUnder } from '../index/datasets'
import { indexedDatasetFolder } from '../index/store'
import type { IndexProgress, IndexSummary } from '../index/types'
import { EventBus } from '../jobs/events'
import { JobRunner, type JobWatch } from '../jobs/runner'
import { LibraryService } from '../library/service'
import type { MediaFile } from '../media/serve'
import { ModelsService } from '../models/service'
import { ScoringService } from '../scoring/service'
import { ensureScoringSchema } from '../scoring/store'

/** What a native open dialog picks: a folder (a dataset, audio to import) or a model file (.onnx). */
export type PickKind = 'folder' | 'model'

/** What a door says about itself: which one it is, and whether it can show native open dialogs. */
export interface Door {
  name: 'electron' | 'web' | 'cli'
  version: string
  /** A native open dialog (Electron's); web mode and the CLI have none. */
  pick?: (what: PickKind) => Promise<string | null>
}

export interface AppOptions {
  dbPath: string
  /** better-sqlite3 built for another ABI (Electron's), when this process is not plain Node. */
  nativeBinding?: string
  door: Door
}

export interface App {
  readonly dbPath: string
  readonly dispatch: Dispatch
  readonly library: LibraryService
  readonly importer: ImportService
  readonly scoring: ScoringService
  readonly compare: CompareService
  readonly embedding: EmbeddingService
  readonly models: ModelsService
  readonly clusters: ClustersService
  readonly report: ReportService
  onEvent(listener: (event: ApiEvent) => void): () => void
  /** Where a performance's audio lies, for the door that serves media; null when it has none. */
  audioFile(dataset: string, perfId: string): MediaFile | null
  /** Indexes the bundled library the first time a database is opened. */
  ensureDefaultLibrary(hooks?: JobWatch<IndexProgress>): Promise<IndexSummary | null>
  /** Cancels every running job, waits for each to stop, then closes the database. */
  close(): Promise<void>
}

export function createApp(options: AppOptions): App {
  const db = openDb(options.dbPath, { nativeBinding: options.nativeBinding })
  ensureScoringSchema(db)
  const runner = new JobRunner()
  const events = new EventBus()
  const library = new LibraryService(db, runner, events)
  const importer = new ImportService({ db, runner, events, index: (paths, hooks) => library.index(paths, hooks), indexedDatasetFolder: (name) => indexedDatasetFolder(db, name) })
  const embedding = new EmbeddingService({ db, runner, events })
  const models = new ModelsService({ db, runner, events })
  const clusters = new ClustersService(db)
  const report = new ReportService(db)
  const compare = new CompareService(db, (a, b) => embedding.pairDistance(a, b), events)
  const scoring = new ScoringService({
    db,
    dbPath: options.dbPath,
    runner,
    events,
    datasetExists: (name) => datasetExists(db, name),
    datasetsUnder: (folder) => datasetsUnder(db, folder),
    index: (paths, hooks) => library.index(paths, hooks),
    importAudio: (request, hooks) => importer.importAudio(request, hooks),
    embed: (dataset, model, hooks) => embedding.vectorsOf(dataset, model, hooks),
    modelFeature: (model) => resolveModel(model).card.input.feature,
  })
  const { door } = options
  const appHandlers: HandlerMap<'app.info' | 'app.pickFolder' | 'app.pickModel'> = {
    'app.info': () => ({ version: door.version, dbPath: options.dbPath, door: door.name === 'electron' ? 'electron' : 'web', canPick: Boolean(door.pick) }),
    'app.pickFolder': async () => ({ path: door.pick ? await door.pick('folder') : null }),
    'app.pickModel': async () => ({ path: door.pick ? await door.pick('model') : null }),
  }
  let closing: Promise<void> | null = null
  return {
    dbPath: options.dbPath,
    dispatch: createDispatch({ ...appHandlers, ...library.handlers(), ...importer.handlers(), ...scoring.handlers(), ...compare.handlers(), ...embedding.handlers(), ...models.handlers(), ...clusters.handlers(), ...report.handlers() }),
    library,
    importer,
    scoring,
    compare,
    embedding,
    models,
    clusters,
    report,
    onEvent: (listener) => events.on(listener),
    audioFile: (dataset, perfId) => library.audioFile(dataset, perfId),
    ensureDefaultLibrary: (hooks) => library.ensureDefaultLibrary(hooks),
    close: () =>
      (closing ??= (async () => {
        await runner.close()
        await compare.close()
        await library.close()
        models.close()
        db.close()
      })()),
  }
}
