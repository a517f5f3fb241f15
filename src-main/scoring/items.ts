// Which performances a job compares: every performance of a dataset, with the chosen feature's
// file. Performances without a usable file are left out here, each with its reason.
import type { ChromaKind } from '../dataset/kinds'
import type { IndexMessage } from '../jobs/message'
import type { Db } from '../index/db'
import { notFound } from '../errors'

export interface Candidate {
  performanceRow: number
  perfId: string
  workLabel: string
  path: string
}

export function datasetItems(db: Db, dataset: string, feature: ChromaKind): { items: Candidate[]; skipped: number; messages: IndexMessage[] } {
  if (!db.prepare('SELECT 1 FROM datasets WHERE name = ?').get(dataset)) throw notFound(`no dataset named "${dataset}" is indexed`)
  const rows = db
    .prepare(
      `SELECT p.id AS performanceRow, p.perf_id AS perfId, w.work_id AS workLabel, f.path AS path, f.problem AS problem
       FROM performances p JOIN datasets d ON d.id = p.dataset_id JOIN works w ON w.id = p.work_row
       LEFT JOIN features f ON f.performance_row = p.id AND f.kind = ?
       WHERE d.name = ? ORDER BY p.id`,
    )
    .all(feature, dataset) as (Candidate & { path: string | null; problem: string | null })[]
  const items: Candidate[] = []
  const skipped: IndexMessage[] = []
  let withoutFeature = 0
  for (const { problem, ...row } of rows) {
    if (row.path === null) withoutFeature++
    else if (problem) skipped.push({ level: 'warning', file: row.path, message: `left out: ${problem}` })
    else items.push(row as Candidate)
  }
  // Da-TACOS metadata lists thousands of performances whose features are not on this machine: one line, not thousands.
  if (withoutFeature > 0) {
    skipped.unshift({ level: 'warning', file: dataset, message: `${withoutFeature} of ${rows.length} performances have no ${feature} feature file indexed; left out` })
  }
  return { items, skipped: withoutFeature + skipped.length, messages: skipped }
}
