// What `refrain score <folder or dataset>` names, as an indexed dataset: a dataset's name, or a
// folder, indexed now (a Da-TACOS-layout folder; re-indexing skips unchanged files, and finishes
// one an earlier run left half done) or, when it holds no dataset, its audio imported and indexed.
// Whatever it takes is what the Datasets and Import pages do, reached through SourceDeps.
import { existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { cancelled, invalidInput, notFound } from '../errors'
import type { ImportOutcome, ImportRequest } from '../importer/service'
import type { ImportProgress } from '../importer/types'
import type { IndexProgress, IndexSummary } from '../index/types'
import type { JobWatch } from '../jobs/runner'

export interface SourceDeps {
  datasetExists(name: string): boolean
  datasetsUnder(folder: string): string[]
  index(paths: string[], hooks?: JobWatch<IndexProgress>): Promise<IndexSummary>
  importAudio(request: ImportRequest, hooks?: JobWatch<ImportProgress>): Promise<ImportOutcome>
}

/** What a job records as its source before it is resolved: a dataset's name, or the folder's full path. */
export function sourceName(deps: Pick<SourceDeps, 'datasetExists'>, nameOrFolder: string): string {
  return deps.datasetExists(nameOrFolder) ? nameOrFolder : checkFolder(nameOrFolder)
}

/** The folder a name stands for, or the message a person can act on when it is none. */
function checkFolder(nameOrFolder: string): string {
  const folder = resolve(nameOrFolder)
  if (!existsSync(folder)) throw notFound(`"${nameOrFolder}" is neither an indexed dataset (see refrain datasets) nor a folder`)
  if (!statSync(folder).isDirectory()) throw invalidInput(`${folder}: is not a folder`)
  return folder
}

/**
 * The dataset a source stands for, indexing or importing a folder to the end first. A cancelled
 * index or import throws `cancelled`, so no job ever records a half-indexed folder as its dataset.
 */
export async function resolveDataset(deps: SourceDeps, nameOrFolder: string, hooks: JobWatch<never> = {}): Promise<string> {
  if (deps.datasetExists(nameOrFolder)) return nameOrFolder
  const folder = checkFolder(nameOrFolder)
  const { isCancelled, onMessage } = hooks
  const summary = await deps.index([folder], { isCancelled, onMessage })
  if (summary.cancelled) throw cancelled(`stopped while indexing ${folder}`)
  const indexed = deps.datasetsUnder(folder)
  if (indexed.length === 1) return indexed[0]
  if (indexed.length === 0 && summary.filesIndexed + summary.filesUnchanged === 0) {
    const { summary: imported } = await deps.importAudio({ folder }, { isCancelled, onMessage })
    if (imported.cancelled) throw cancelled(`stopped while importing the audio of ${folder}`)
    if (imported.imported + imported.skipped === 0) throw invalidInput(`${folder}: holds no Da-TACOS dataset and no audio file that imports`)
    return imported.dataset
  }
  throw invalidInput(`${folder} holds ${indexed.length} datasets (${indexed.join(', ')}): name one`)
}
