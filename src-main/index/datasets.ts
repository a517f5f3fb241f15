// Which indexed datasets a name or a folder stands for: what a scoring source resolves through.
import type { Db } from './db'

export function datasetExists(db: Db, name: string): boolean {
  return db.prepare('SELECT 1 FROM datasets WHERE name = ?').get(name) !== undefined
}

/** The datasets whose root is `folder` or lies below it. */
export function datasetsUnder(db: Db, folder: string): string[] {
  const rows = db.prepare("SELECT name FROM datasets WHERE root = ? OR root LIKE ? || '/%'").all(folder, folder) as { name: string }[]
  return rows.map((r) => r.name)
}
