// A job's views written out as CSV or JSON, whatever filter and sort the page shows, every row of
// it: a chunk of rows per call, so a 200,000-pair view crosses the API in pieces the renderer
// joins into one file, and no call holds the whole of it. The head comes with the first chunk and
// JSON's closing brackets with the last; the CSV columns are the ones a spreadsheet or pandas wants.
import type { Db } from '../index/db'
import type { PerformanceRow } from '../index/types'
import type { ExportRequest, PairViewRow, QueryScoreRow } from './error-views'
import { jobInfo } from './job-info'
import { jobPairView, jobQueryScores, jobResults } from './results'
import type { ScorePair } from './types'

type Row = ScorePair | QueryScoreRow | PairViewRow

const perf = (prefix: string) => ['dataset', 'perf_id', 'work_id', 'title', 'artist'].map((f) => `${prefix}_${f}`)
const perfFields = (p: PerformanceRow) => [p.dataset, p.perfId, p.workId, p.title, p.artist]
/** A pair's distance in the view: null there means infinitely far. */
const far = (d: number | null) => (d === null ? 'inf' : d)

const VIEWS = {
  ranked: {
    key: 'pairs',
    head: [...perf('query'), 'rank', ...perf('candidate'), 'distance', 'same_work'],
    fields: (r: ScorePair) => [...perfFields(r.query), r.rank, ...perfFields(r.candidate), r.distance, r.sameWork],
  },
  queries: {
    key: 'queries',
    head: ['query_index', ...perf('query'), 'versions', 'average_precision', 'first_version_rank'],
    fields: (r: QueryScoreRow) => [r.index, ...perfFields(r.query), r.versions, r.ap, r.firstRank],
  },
  pairs: {
    key: 'pairs',
    head: [...perf('a'), ...perf('b'), 'same_work', 'distance', 'd_ab', 'rank_ab', 'd_ba', 'rank_ba'],
    fields: (r: PairViewRow) => [...perfFields(r.a), ...perfFields(r.b), r.sameWork, far(r.distance), far(r.ab.distance), r.ab.rank, r.ba && far(r.ba.distance), r.ba?.rank ?? null],
  },
} as const

function csvField(v: string | number | boolean | null): string {
  const s = v == null ? '' : String(v)
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

const csvLine = (fields: (string | number | boolean | null)[]) => fields.map(csvField).join(',') + '\r\n'

function page(db: Db, jobId: string, request: ExportRequest): { total: number; rows: Row[] } {
  const { offset, limit } = request
  if (request.view === 'queries') return jobQueryScores(db, jobId, { sort: request.sort, order: request.order, offset, limit })
  if (request.view === 'pairs') return jobPairView(db, jobId, { filter: request.filter, order: request.order, offset, limit })
  return jobResults(db, jobId, { ...(request.query ? { query: request.query } : {}), offset, limit })
}

/** The text of rows [offset, offset + limit) of the view, with the head at offset 0 and the tail after the last row. */
export function exportChunk(db: Db, jobId: string, request: ExportRequest): { text: string; total: number; next: number | null } {
  const { total, rows } = page(db, jobId, request)
  const view = VIEWS[request.view]
  const fields = view.fields as (r: Row) => (string | number | boolean | null)[]
  const next = request.offset + request.limit < total ? request.offset + request.limit : null
  const parts: string[] = []
  if (request.format === 'csv') {
    if (request.offset === 0) parts.push(csvLine([...view.head]))
    for (const row of rows) parts.push(csvLine(fields(row)))
  } else {
    if (request.offset === 0) {
      const job = jobInfo(db, jobId)
      const { jobId: _id, format: _format, offset: _offset, limit: _limit, ...shown } = request
      parts.push(`{"job":${JSON.stringify({ jobId, source: job.source, against: job.against, params: job.params, threshold: job.threshold?.value ?? null })},"view":${JSON.stringify(shown)},"total":${total},"${view.key}":[`)
    }
    rows.forEach((row, k) => parts.push(`${request.offset + k === 0 ? '' : ','}\n${JSON.stringify(row)}`))
    if (next === null) parts.push('\n]}\n')
  }
  return { text: parts.join(''), total, next }
}
