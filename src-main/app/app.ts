// The composition root: opens one library database, builds every capability's service on it,
// and joins their handler maps into the one dispatch every door calls. A door (Electron's
// utility process, web mode, the CLI) creates one App and talks to nothing else.
import { createDispatch, type Dispatch } from '../api/dispatch'
import type { ApiEvent, IndexSummary } from '../api/contract'
import { createHandlers, type Door } from '../api/handlers'
import { audioFile } from '../index/queries'
import { Library, type IndexHooks } from '../library/library'
import type { MediaFile } from '../media/serve'

export type { Door }

export interface AppOptions {
  dbPath: string
  /** better-sqlite3 built for another ABI (Electron's), when this process is not plain Node. */
  nativeBinding?: string
  door: Door
}

export interface App {
  readonly dbPath: string
  readonly dispatch: Dispatch
  onEvent(listener: (event: ApiEvent) => void): () => void
  /** Where a performance's audio lies, for the door that serves media; null when it has none. */
  audioFile(dataset: string, perfId: string): MediaFile | null
  /** Indexes the bundled library the first time a database is opened. */
  ensureDefaultLibrary(hooks?: IndexHooks): Promise<IndexSummary | null>
  /** Cancels every running job, waits for each to stop, then closes the database. */
  close(): Promise<void>
}

export function createApp(options: AppOptions): App {
  const library = new Library({ dbPath: options.dbPath, nativeBinding: options.nativeBinding })
  return {
    dbPath: options.dbPath,
    dispatch: createDispatch(createHandlers(library, options.door)),
    onEvent: (listener) => library.onEvent(listener),
    audioFile: (dataset, perfId) => audioFile(library.db, dataset, perfId),
    ensureDefaultLibrary: (hooks) => library.ensureDefaultLibrary(hooks),
    close: async () => library.close(),
  }
}
