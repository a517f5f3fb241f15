// Browsing a job's results: every query's best candidates closest first (from the stored top-k),
// or one query's whole ranking (read from the matrix file, so nothing is cut off); and, from what
// its evaluation stored, each query's scores and the unordered pairs under a filter, a page at a time.
import { existsSync } from 'node:fs'
import type { PerfRef } from '../index/types'
import type { JobEvaluation, ScorePair, Threshold } from './types'
import { invalidInput, notFound } from '../errors'
import type { Db } from '../index/db'
import { performanceRowId, performancesByRow } from '../index/queries'
import { rankOrder } from '../eval/rankings'
import type { PairFilter, PairViewRow, QueryScoreRow, QuerySort, SortOrder } from './error-views'
import { MatrixFile } from './matrix-file'
import { CANDIDATE, jobRow, loadItems, pairViewPage, pairViewSummary, QUERY, queryScoresPage, topKPage, type JobRow, type StoredItem } from './store'

interface Ranked {
  query: number
  candidate: number
  rank: number
  distance: number | null
}

function jobItems(db: Db, jobId: string): { row: JobRow; queries: StoredItem[]; candidates: StoredItem[] } {
  const row = jobRow(db, jobId)
  if (!row) throw notFound(`no scoring job ${jobId}`)
  const queries = loadItems(db, jobId, QUERY)
  return { row, queries, candidates: row.against === null ? queries : loadItems(db, jobId, CANDIDATE) }
}

export function jobResults(db: Db, jobId: string, page: { query?: PerfRef; offset: number; limit: number }): { total: number; rows: ScorePair[] } {
  const { row, queries, candidates } = jobItems(db, jobId)
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
  const matrix = MatrixFile.read(path, rows, cols)
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

/** One page of every query's scores, sorted in SQL; `stored` is false when the job was evaluated before they were kept. */
export function jobQueryScores(db: Db, jobId: string, page: { sort: QuerySort; order: SortOrder; offset: number; limit: number }): { stored: boolean; total: number; rows: QueryScoreRow[] } {
  const { queries } = jobItems(db, jobId)
  const { total, rows } = queryScoresPage(db, jobId, page.sort, page.order, page.offset, page.limit)
  const perfs = performancesByRow(db, rows.map((r) => queries[r.query].performanceRow))
  return {
    stored: total > 0,
    total,
    rows: rows.flatMap((r) => {
      const query = perfs.get(queries[r.query].performanceRow)
      return query ? [{ index: r.query, query, versions: r.versions, ap: r.ap, firstRank: r.firstRank }] : []
    }),
  }
}

const finite = (x: number | null): number | null => (x !== null && Number.isFinite(x) ? x : null)

/** One page of the unordered-pair view under a filter at the job's threshold, by distance. */
export function jobPairView(db: Db, jobId: string, page: { filter: PairFilter; order: SortOrder; offset: number; limit: number }) {
  const { row, queries, candidates } = jobItems(db, jobId)
  const threshold = row.threshold ? (JSON.parse(row.threshold) as Threshold).value : null
  if (page.filter !== 'all' && threshold === null) throw invalidInput(`job ${jobId.slice(0, 8)} has no threshold, so no pair is a false positive or a missed version: evaluate it first`)
  const at = threshold ?? Infinity
  const summary = pairViewSummary(db, jobId, at)
  const { kept } = summary
  const counts = threshold === null ? { ...summary.counts, falsePositives: 0, missed: 0 } : summary.counts
  const evaluation = row.evaluation ? (JSON.parse(row.evaluation) as JobEvaluation) : null
  const stored = pairViewPage(db, jobId, page.filter, at, page.order, page.offset, page.limit)
  const perfs = performancesByRow(db, stored.flatMap((p) => [queries[p.a].performanceRow, candidates[p.b].performanceRow]))
  const rows: PairViewRow[] = stored.flatMap((p) => {
    const a = perfs.get(queries[p.a].performanceRow)
    const b = perfs.get(candidates[p.b].performanceRow)
    if (!a || !b) return []
    return [{ a, b, sameWork: p.sameWork === 1, distance: finite(p.distance), ab: { distance: finite(p.dAb), rank: p.rankAb }, ba: p.rankBa === null ? null : { distance: finite(p.dBa), rank: p.rankBa } }]
  })
  return {
    stored: counts.all > 0,
    threshold,
    counts,
    kept: { ...kept, farthestNonVersion: finite(kept.farthestNonVersion), nonVersionPairsTotal: evaluation?.nonVersionPairs ?? 0 },
    total: page.filter === 'all' ? counts.all : page.filter === 'false-positives' ? counts.falsePositives : counts.missed,
    rows,
  }
}

/** Where the job's matrix file lies and its shape (rows: queries, columns: candidates, in the job's item order). */
export function jobMatrixInfo(db: Db, jobId: string): { path: string; rows: number; cols: number; exists: boolean } {
  const row = jobRow(db, jobId)
  if (!row) throw notFound(`no scoring job ${jobId}`)
  return { path: row.matrix_path, rows: row.queries, cols: row.candidates, exists: existsSync(row.matrix_path) }
}
