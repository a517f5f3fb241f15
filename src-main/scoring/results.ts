// Browsing a job's results: every query's best candidates closest first (from the stored top-k),
// or one query's whole ranking (read from the matrix file, so nothing is cut off).
import type { PerfRef } from '../index/types'
import type { ScorePair } from './types'
import { notFound } from '../errors'
import type { Db } from '../index/db'
import { performanceRowId, performancesByRow } from '../index/queries'
import { rankOrder } from '../eval/rankings'
import { MatrixFile } from './matrix-file'
import { CANDIDATE, jobRow, loadItems, QUERY, topKPage, type StoredItem } from './store'

interface Ranked {
  query: number
  candidate: number
  rank: number
  distance: number | null
}

export function jobResults(db: Db, jobId: string, page: { query?: PerfRef; offset: number; limit: number }): { total: number; rows: ScorePair[] } {
  const row = jobRow(db, jobId)
  if (!row) throw notFound(`no scoring job ${jobId}`)
  const queries = loadItems(db, jobId, QUERY)
  const candidates = row.against === null ? queries : loadItems(db, jobId, CANDIDATE)
  let total: number
  let ranked: Ranked[]
  if (page.query) {
    const perfRow = performanceRowId(db, page.query.dataset, page.query.perfId)
    const q = queries.findIndex((item) => item.performanceRow === perfRow)
    if (q < 0) throw notFound(`${page.query.perfId} is not a query of job ${jobId.slice(0, 8)}`)
    const all = rankRow(row.matrix_path, queries.length, candidates.length, q, row.against === null)
    total = all.length
    ranked = all.slice(page.offset, page.offset + page.limit)
  } else {
    ;({ total, rows: ranked } = topKPage(db, jobId, page.offset, page.limit))
  }
  return { total, rows: toPairs(db, ranked, queries, candidates) }
}

function rankRow(path: string, rows: number, cols: number, q: number, square: boolean): Ranked[] {
  const matrix = MatrixFile.open(path, rows, cols)
  let distances: Float32Array
  try {
    distances = matrix.readRow(q)
  } finally {
    matrix.close()
  }
  return rankOrder(distances, 0, cols, square ? q : null).map((c, k) => ({ query: q, candidate: c, rank: k + 1, distance: Number.isFinite(distances[c]) ? distances[c] : null }))
}

function toPairs(db: Db, ranked: Ranked[], queries: StoredItem[], candidates: StoredItem[]): ScorePair[] {
  const perfs = performancesByRow(db, ranked.flatMap((r) => [queries[r.query].performanceRow, candidates[r.candidate].performanceRow]))
  return ranked.flatMap((r) => {
    const query = perfs.get(queries[r.query].performanceRow)
    const candidate = perfs.get(candidates[r.candidate].performanceRow)
    // A performance re-indexed away since the job ran has no row to show.
    if (!query || !candidate) return []
    return [{ query, candidate, distance: r.distance, rank: r.rank, sameWork: queries[r.query].workLabel === candidates[r.candidate].workLabel }]
  })
}
