// Which indexed datasets a name or a folder stands for (what a scoring source resolves through),
// and a dataset's performances with one feature's file (what a scoring job compares).
import type { ChromaKind } from '../dataset/kinds'
import type { Db } from './db'

export function datasetExists(db: Db, name: string): boolean {
  return db.prepare('SELECT 1 FROM datasets WHERE name = ?').get(name) !== undefined
}

/** The datasets whose root is `folder` or lies below it. */
export function datasetsUnder(db: Db, folder: string): string[] {
  const rows = db.prepare("SELECT name FROM datasets WHERE root = ? OR root LIKE ? || '/%'").all(folder, folder) as { name: string }[]
  return rows.map((r) => r.name)
}

export interface PerformanceFeature {
  performanceRow: number
  perfId: string
  workLabel: string
  /** The feature file; null when the performance has none indexed. */
  path: string | null
  /** What indexing found wrong with the file, if anything. */
  problem: string | null
  /** path:size:mtime of the file as last indexed (what an embedding is stamped with); null without a file. */
  stamp: string | null
}

/** A performance with its file of one feature (the first parameter) and that file's stamp; WHERE follows. */
const PERFORMANCE_FEATURE = `
  SELECT p.id AS performanceRow, p.perf_id AS perfId, w.work_id AS workLabel, f.path AS path, f.problem AS problem,
    CASE WHEN fl.path IS NULL THEN NULL ELSE fl.path || ':' || fl.size || ':' || fl.mtime_ms END AS stamp
  FROM performances p JOIN datasets d ON d.id = p.dataset_id JOIN works w ON w.id = p.work_row
  LEFT JOIN features f ON f.performance_row = p.id AND f.kind = ?
  LEFT JOIN files fl ON fl.path = f.path`

/** Every performance of a dataset, in index order, with its file of one feature. */
export function performanceFeatures(db: Db, dataset: string, feature: ChromaKind): PerformanceFeature[] {
  return db.prepare(`${PERFORMANCE_FEATURE} WHERE d.name = ? ORDER BY p.id`).all(feature, dataset) as PerformanceFeature[]
}

/** One performance's file of one feature, as performanceFeatures gives it; null when not indexed. */
export function performanceFeature(db: Db, dataset: string, perfId: string, feature: ChromaKind): PerformanceFeature | null {
  const row = db.prepare(`${PERFORMANCE_FEATURE} WHERE d.name = ? AND p.perf_id = ?`).get(feature, dataset, perfId) as PerformanceFeature | undefined
  return row ?? null
}
