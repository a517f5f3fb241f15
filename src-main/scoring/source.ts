// What `refrain score <folder or dataset>` names, as an indexed dataset: a dataset's name, a
// folder already indexed (its dataset's root), a Da-TACOS-layout folder (indexed now), or a folder
// of audio (imported now, then indexed). Whatever it takes is the same thing the Datasets and
// Import pages do.
import { existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Db } from '../index/db'
import { NotFound } from '../index/queries'
import type { IndexHooks, Library } from '../library/library'

/** The dataset a name or an already indexed folder stands for, without indexing anything; else null. */
export function knownDataset(db: Db, nameOrFolder: string): string | null {
  if (datasetExists(db, nameOrFolder)) return nameOrFolder
  const under = datasetsUnder(db, resolve(nameOrFolder))
  return under.length === 1 ? under[0] : null
}

/** Throws the message a person can act on when `nameOrFolder` is no folder at all. */
export function checkFolder(nameOrFolder: string): string {
  const folder = resolve(nameOrFolder)
  if (!existsSync(folder)) throw new NotFound(`"${nameOrFolder}" is neither an indexed dataset (see refrain datasets) nor a folder`)
  if (!statSync(folder).isDirectory()) throw new NotFound(`${folder}: is not a folder`)
  return folder
}

export async function resolveDataset(library: Library, nameOrFolder: string, hooks: IndexHooks = {}): Promise<string> {
  const db = library.db
  if (datasetExists(db, nameOrFolder)) return nameOrFolder
  const folder = checkFolder(nameOrFolder)
  const known = datasetsUnder(db, folder)
  if (known.length === 1) return known[0]
  if (known.length === 0) {
    const summary = await library.index([folder], hooks)
    const indexed = datasetsUnder(db, folder)
    if (indexed.length === 1) return indexed[0]
    if (indexed.length === 0 && summary.filesIndexed === 0) {
      const { summary: imported } = await library.importAudio({ folder, isCancelled: hooks.isCancelled, onMessage: hooks.onMessage })
      if (imported.cancelled) throw new ScoringCancelled('stopped while importing the folder')
      if (imported.imported + imported.skipped === 0) throw new Error(`${folder}: holds no Da-TACOS dataset and no audio file that imports`)
      return imported.dataset
    }
    known.push(...indexed)
  }
  throw new Error(`${folder} holds ${known.length} datasets (${known.join(', ')}): name one`)
}

class ScoringCancelled extends Error {}

function datasetExists(db: Db, name: string): boolean {
  return db.prepare('SELECT 1 FROM datasets WHERE name = ?').get(name) !== undefined
}

function datasetsUnder(db: Db, folder: string): string[] {
  const rows = db.prepare("SELECT name FROM datasets WHERE root = ? OR root LIKE ? || '/%'").all(folder, folder) as { name: string }[]
  return rows.map((r) => r.name)
}
