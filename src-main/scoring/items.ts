// Which performances a job compares: every performance of a dataset, with the chosen feature's
// file. Performances without a usable file are left out here, each with its reason.
import type { ChromaKind } from '../dataset/kinds'
import type { IndexMessage } from '../jobs/message'
import type { Db } from '../index/db'
import { datasetExists, performanceFeatures } from '../index/datasets'
import { notFound } from '../errors'

export interface Candidate {
  performanceRow: number
  perfId: string
  workLabel: string
  path: string
  /** The file's stamp as last indexed (what an embedding is keyed by). */
  stamp: string | null
}

export function datasetItems(db: Db, dataset: string, feature: ChromaKind): { items: Candidate[]; skipped: number; messages: IndexMessage[] } {
  if (!datasetExists(db, dataset)) throw notFound(`no dataset named "${dataset}" is indexed`)
  const rows = performanceFeatures(db, dataset, feature)
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
