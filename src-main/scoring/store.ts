// A scoring job's durable state in the index database: the job and its parameters, the items it
// compares (fixed once they are probed, so a resumed job scores exactly the same set), which tiles
// of the distance matrix are finished, each query's best candidates and, once it is evaluated, each
// query's scores and the unordered-pair view its page finds mistakes in. The distances themselves
// live in a float32 file beside the database (matrix-file.ts). A tile is recorded here only after
// its distances are written there, so whatever this table says is finished, is.
import type { IndexMessage } from '../jobs/message'
import type { JobEvaluation, ScoreJobInfo, Threshold } from './types'
import type { Db } from '../index/db'
import type { ScoreParams } from './parameters'
import type { PairFilter, QuerySort, SortOrder } from './error-views'
import type { PairView } from './pair-view'
import type { QueryScoreRecord } from './query-scores'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS score_jobs (
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  source TEXT NOT NULL,
  against TEXT,
  params TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'stopped', 'done', 'failed')),
  -- The process running it: a 'running' job whose process is gone was killed, and is stopped.
  pid INTEGER,
  probed INTEGER NOT NULL DEFAULT 0,
  queries INTEGER NOT NULL DEFAULT 0,
  candidates INTEGER NOT NULL DEFAULT 0,
  tile INTEGER NOT NULL DEFAULT 0,
  -- Kept with each finished tile, so listing jobs never re-reads every tile.
  pairs_done INTEGER NOT NULL DEFAULT 0,
  pairs_failed INTEGER NOT NULL DEFAULT 0,
  items_skipped INTEGER NOT NULL DEFAULT 0,
  seconds REAL NOT NULL DEFAULT 0,
  matrix_path TEXT NOT NULL,
  evaluation TEXT,
  threshold TEXT,
  messages TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS score_items (
  job_id TEXT NOT NULL REFERENCES score_jobs(id) ON DELETE CASCADE,
  side INTEGER NOT NULL CHECK (side IN (0, 1)),
  idx INTEGER NOT NULL,
  performance_row INTEGER NOT NULL,
  work_label TEXT NOT NULL,
  path TEXT NOT NULL,
  PRIMARY KEY (job_id, side, idx)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS score_tiles (
  job_id TEXT NOT NULL REFERENCES score_jobs(id) ON DELETE CASCADE,
  row_block INTEGER NOT NULL,
  col_block INTEGER NOT NULL,
  PRIMARY KEY (job_id, row_block, col_block)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS score_topk (
  job_id TEXT NOT NULL REFERENCES score_jobs(id) ON DELETE CASCADE,
  query INTEGER NOT NULL,
  rank INTEGER NOT NULL,
  candidate INTEGER NOT NULL,
  distance REAL,
  PRIMARY KEY (job_id, query, rank)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS score_topk_by_distance ON score_topk(job_id, distance);
-- Each query's scores, saved with the evaluation (query-scores.ts); ap and first_rank are NULL
-- for a query without versions.
CREATE TABLE IF NOT EXISTS score_query_scores (
  job_id TEXT NOT NULL REFERENCES score_jobs(id) ON DELETE CASCADE,
  query INTEGER NOT NULL,
  versions INTEGER NOT NULL,
  ap REAL,
  first_rank INTEGER,
  PRIMARY KEY (job_id, query)
) WITHOUT ROWID;
-- The unordered-pair view, saved with the evaluation (pair-view.ts): every version pair and the
-- closest others. Distances as REAL, Infinity included (infinitely far sorts last); d_ba and
-- rank_ba are NULL for a queries x candidates job.
CREATE TABLE IF NOT EXISTS score_pair_view (
  job_id TEXT NOT NULL REFERENCES score_jobs(id) ON DELETE CASCADE,
  a INTEGER NOT NULL,
  b INTEGER NOT NULL,
  same_work INTEGER NOT NULL,
  distance REAL NOT NULL,
  d_ab REAL NOT NULL,
  rank_ab INTEGER NOT NULL,
  d_ba REAL,
  rank_ba INTEGER,
  PRIMARY KEY (job_id, a, b)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS score_pair_view_by_distance ON score_pair_view(job_id, distance);
CREATE INDEX IF NOT EXISTS score_pair_view_by_kind ON score_pair_view(job_id, same_work, distance);
`

/** Side of an item: the queries (rows) or the candidates (columns); a square job has only queries. */
export const QUERY = 0
export const CANDIDATE = 1

/** Messages kept per job: enough to see every kind of problem, not every repetition of one. */
const MAX_MESSAGES = 500

export function ensureScoringSchema(db: Db): void {
  db.exec(SCHEMA)
}

export interface JobRow {
  id: string
  created_at: string
  source: string
  against: string | null
  params: string
  status: ScoreJobInfo['status']
  pid: number | null
  probed: number
  queries: number
  candidates: number
  tile: number
  pairs_done: number
  pairs_failed: number
  items_skipped: number
  seconds: number
  matrix_path: string
  evaluation: string | null
  threshold: string | null
  messages: string
}

export interface StoredItem {
  idx: number
  performanceRow: number
  workLabel: string
  path: string
}

export function createJob(db: Db, job: { id: string; source: string; against: string | null; params: ScoreParams; matrixPath: string }): void {
  db.prepare(
    `INSERT INTO score_jobs (id, created_at, source, against, params, status, pid, matrix_path)
     VALUES (?, ?, ?, ?, ?, 'running', ?, ?)`,
  ).run(job.id, new Date().toISOString(), job.source, job.against, JSON.stringify(job.params), process.pid, job.matrixPath)
}

export function jobRow(db: Db, jobId: string): JobRow | null {
  return (db.prepare('SELECT * FROM score_jobs WHERE id = ?').get(jobId) as JobRow | undefined) ?? null
}

/** A job id or a unique prefix of one (ids are UUIDs; people type the first few characters). */
export function findJobId(db: Db, idOrPrefix: string): string | null {
  const rows = db.prepare("SELECT id FROM score_jobs WHERE id LIKE ? || '%' ESCAPE '\\' LIMIT 2").all(idOrPrefix.replace(/[%_\\]/g, '\\$&')) as { id: string }[]
  return rows.length === 1 ? rows[0].id : null
}

export function jobIds(db: Db): string[] {
  return (db.prepare('SELECT id FROM score_jobs ORDER BY created_at DESC, rowid DESC').all() as { id: string }[]).map((r) => r.id)
}

export function setStatus(db: Db, jobId: string, status: ScoreJobInfo['status']): void {
  db.prepare('UPDATE score_jobs SET status = ?, pid = ? WHERE id = ?').run(status, status === 'running' ? process.pid : null, jobId)
}

/** The datasets a job scores, once the folder it was started on is indexed. */
export function setSources(db: Db, jobId: string, source: string, against: string | null): void {
  db.prepare('UPDATE score_jobs SET source = ?, against = ? WHERE id = ?').run(source, against, jobId)
}

export function addSeconds(db: Db, jobId: string, seconds: number): void {
  db.prepare('UPDATE score_jobs SET seconds = seconds + ? WHERE id = ?').run(seconds, jobId)
}

export function addMessages(db: Db, jobId: string, messages: IndexMessage[]): void {
  if (messages.length === 0) return
  const row = jobRow(db, jobId)
  if (!row) return
  const kept = (JSON.parse(row.messages) as IndexMessage[]).concat(messages).slice(0, MAX_MESSAGES)
  db.prepare('UPDATE score_jobs SET messages = ? WHERE id = ?').run(JSON.stringify(kept), jobId)
}

/** Records the probed items in one transaction: from here on the job's shape is fixed. */
export function saveItems(db: Db, jobId: string, queries: StoredItem[], candidates: StoredItem[] | null, tile: number, skipped: number): void {
  const insert = db.prepare('INSERT INTO score_items (job_id, side, idx, performance_row, work_label, path) VALUES (?, ?, ?, ?, ?, ?)')
  db.transaction(() => {
    db.prepare('DELETE FROM score_items WHERE job_id = ?').run(jobId)
    for (const item of queries) insert.run(jobId, QUERY, item.idx, item.performanceRow, item.workLabel, item.path)
    for (const item of candidates ?? []) insert.run(jobId, CANDIDATE, item.idx, item.performanceRow, item.workLabel, item.path)
    db.prepare('UPDATE score_jobs SET probed = 1, queries = ?, candidates = ?, tile = ?, items_skipped = ? WHERE id = ?').run(
      queries.length,
      (candidates ?? queries).length,
      tile,
      skipped,
      jobId,
    )
  }).immediate()
}

export function loadItems(db: Db, jobId: string, side: number): StoredItem[] {
  return db
    .prepare('SELECT idx, performance_row AS performanceRow, work_label AS workLabel, path FROM score_items WHERE job_id = ? AND side = ? ORDER BY idx')
    .all(jobId, side) as StoredItem[]
}

export function doneTiles(db: Db, jobId: string): Set<string> {
  const rows = db.prepare('SELECT row_block AS r, col_block AS c FROM score_tiles WHERE job_id = ?').all(jobId) as { r: number; c: number }[]
  return new Set(rows.map((t) => tileKey(t.r, t.c)))
}

export const tileKey = (rowBlock: number, colBlock: number): string => `${rowBlock}:${colBlock}`

/** Records a finished tile of `pairs` pairs, `failedPairs` of them failed (once, however often it is called). */
export function markTileDone(db: Db, jobId: string, rowBlock: number, colBlock: number, pairs: number, failedPairs: number): void {
  db.transaction(() => {
    const added = db.prepare('INSERT OR IGNORE INTO score_tiles (job_id, row_block, col_block) VALUES (?, ?, ?)').run(jobId, rowBlock, colBlock).changes
    if (added) db.prepare('UPDATE score_jobs SET pairs_done = pairs_done + ?, pairs_failed = pairs_failed + ? WHERE id = ?').run(pairs, failedPairs, jobId)
  }).immediate()
}

/** Forgets every finished tile (their matrix file is gone), with the counts and top-k built on them. */
export function forgetTiles(db: Db, jobId: string): void {
  db.transaction(() => {
    db.prepare('DELETE FROM score_tiles WHERE job_id = ?').run(jobId)
    forgetTopK(db, jobId)
    db.prepare('UPDATE score_jobs SET pairs_done = 0, pairs_failed = 0 WHERE id = ?').run(jobId)
  }).immediate()
}

/** Forgets the stored rankings (a two-stage job stores them again once its last band is in). */
export function forgetTopK(db: Db, jobId: string): void {
  db.prepare('DELETE FROM score_topk WHERE job_id = ?').run(jobId)
}

export function hasTopK(db: Db, jobId: string, query: number): boolean {
  return db.prepare('SELECT 1 FROM score_topk WHERE job_id = ? AND query = ? LIMIT 1').get(jobId, query) !== undefined
}

export function saveTopK(db: Db, jobId: string, query: number, ranked: { candidate: number; distance: number }[]): void {
  const insert = db.prepare('INSERT OR REPLACE INTO score_topk (job_id, query, rank, candidate, distance) VALUES (?, ?, ?, ?, ?)')
  db.transaction(() => {
    ranked.forEach((r, k) => insert.run(jobId, query, k + 1, r.candidate, Number.isFinite(r.distance) ? r.distance : null))
  }).immediate()
}

export function saveEvaluation(db: Db, jobId: string, evaluation: JobEvaluation, threshold: Threshold | null): void {
  db.prepare('UPDATE score_jobs SET evaluation = ?, threshold = ? WHERE id = ?').run(JSON.stringify(evaluation), threshold ? JSON.stringify(threshold) : null, jobId)
}

/** Forgets a job: its row and, through the foreign keys, its items, tiles and top-k. */
export function deleteJobRow(db: Db, jobId: string): void {
  db.prepare('DELETE FROM score_jobs WHERE id = ?').run(jobId)
}

/** One page of every query's stored best candidates, closest first, and how many there are. */
export function topKPage(db: Db, jobId: string, offset: number, limit: number): { total: number; rows: { query: number; candidate: number; rank: number; distance: number | null }[] } {
  const { n } = db.prepare('SELECT count(*) AS n FROM score_topk WHERE job_id = ?').get(jobId) as { n: number }
  const rows = db
    .prepare(
      `SELECT query, candidate, rank, distance FROM score_topk WHERE job_id = ?
       ORDER BY distance IS NULL, distance, query, rank LIMIT ? OFFSET ?`,
    )
    .all(jobId, limit, offset) as { query: number; candidate: number; rank: number; distance: number | null }[]
  return { total: n, rows }
}


/** Pair-view rows written per transaction: a 15,000-item job's 230,000 take seconds, and the backend answers calls between chunks. */
const VIEW_CHUNK = 20_000

/**
 * Replaces a job's per-query scores and pair view, a chunk at a time (old rows deleted by ranges
 * of queries, new ones in insertion order), yielding to the event loop between chunks. The
 * evaluation is saved after it, so a page shows the new views with the new evaluation.
 */
export async function saveErrorViews(db: Db, jobId: string, queries: QueryScoreRecord[], view: PairView): Promise<void> {
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve))
  const old = db.prepare('SELECT count(*) AS rows, max(a) AS last FROM score_pair_view WHERE job_id = ?').get(jobId) as { rows: number; last: number | null }
  // Queries per chunk, at the old view's rows per query.
  const perChunk = old.last === null ? 1 : Math.max(1, Math.floor((VIEW_CHUNK * (old.last + 1)) / old.rows))
  for (let from = 0; old.last !== null && from <= old.last; from += perChunk) {
    db.prepare('DELETE FROM score_pair_view WHERE job_id = ? AND a >= ? AND a < ?').run(jobId, from, from + perChunk)
    await turn()
  }
  const query = db.prepare('INSERT OR REPLACE INTO score_query_scores (job_id, query, versions, ap, first_rank) VALUES (?, ?, ?, ?, ?)')
  db.transaction(() => {
    db.prepare('DELETE FROM score_query_scores WHERE job_id = ?').run(jobId)
    for (const q of queries) query.run(jobId, q.query, q.versions, q.ap, q.firstRank)
  }).immediate()
  const pair = db.prepare('INSERT INTO score_pair_view (job_id, a, b, same_work, distance, d_ab, rank_ab, d_ba, rank_ba) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
  for (let from = 0; from < view.a.length; from += VIEW_CHUNK) {
    db.transaction(() => {
      for (let k = from; k < Math.min(view.a.length, from + VIEW_CHUNK); k++) {
        pair.run(jobId, view.a[k], view.b[k], view.sameWork[k], view.distance[k], view.ab[k], view.rankAb[k], view.ba ? view.ba[k] : null, view.rankBa ? view.rankBa[k] : null)
      }
    }).immediate()
    await turn()
  }
}

const QUERY_ORDER: Record<QuerySort, string> = { ap: 'ap IS NULL, ap', firstRank: 'first_rank IS NULL, first_rank', versions: 'versions' }

/** One page of a job's per-query scores in SQL order (queries without versions last); total 0 when none are stored. */
export function queryScoresPage(db: Db, jobId: string, sort: QuerySort, order: SortOrder, offset: number, limit: number): { total: number; rows: QueryScoreRecord[] } {
  const { n } = db.prepare('SELECT count(*) AS n FROM score_query_scores WHERE job_id = ?').get(jobId) as { n: number }
  const rows = db
    .prepare(
      `SELECT query, versions, ap, first_rank AS firstRank FROM score_query_scores WHERE job_id = ?
       ORDER BY ${QUERY_ORDER[sort]} ${order === 'desc' ? 'DESC' : 'ASC'}, query LIMIT ? OFFSET ?`,
    )
    .all(jobId, limit, offset) as QueryScoreRecord[]
  return { total: n, rows }
}

export interface StoredPair {
  a: number
  b: number
  sameWork: number
  distance: number
  dAb: number
  rankAb: number
  dBa: number | null
  rankBa: number | null
}

const PAIR_WHERE: Record<PairFilter, string> = {
  all: 'job_id = ?',
  'false-positives': 'job_id = ? AND same_work = 0 AND distance <= ?',
  missed: 'job_id = ? AND same_work = 1 AND distance > ?',
}

/** One page of the pair view under a filter, by distance, ties by the pair's cells. */
export function pairViewPage(db: Db, jobId: string, filter: PairFilter, threshold: number, order: SortOrder, offset: number, limit: number): StoredPair[] {
  const args = filter === 'all' ? [jobId] : [jobId, threshold]
  const dir = order === 'desc' ? 'DESC' : 'ASC'
  const by = (t: string) => `${t}distance ${dir}, ${t}a ${dir}, ${t}b ${dir}`
  // The rows skipped are counted in the index alone (it holds distance, a and b); only the page's rows are read.
  return db
    .prepare(
      `SELECT p.a, p.b, p.same_work AS sameWork, p.distance, p.d_ab AS dAb, p.rank_ab AS rankAb, p.d_ba AS dBa, p.rank_ba AS rankBa
       FROM (SELECT a, b FROM score_pair_view WHERE ${PAIR_WHERE[filter]} ORDER BY ${by('')} LIMIT ? OFFSET ?) AS k
       JOIN score_pair_view p ON p.job_id = ? AND p.a = k.a AND p.b = k.b ORDER BY ${by('p.')}`,
    )
    .all(...args, limit, offset, jobId) as StoredPair[]
}

/** In one pass: the view's pairs of each kind, the farthest non-version one, and what each filter keeps at `threshold`. */
export function pairViewSummary(db: Db, jobId: string, threshold: number) {
  const row = db
    .prepare(
      `SELECT count(*) AS all_, coalesce(sum(same_work), 0) AS versionPairs, max(CASE WHEN same_work = 0 THEN distance END) AS farthestNonVersion,
         coalesce(sum(same_work = 0 AND distance <= ?), 0) AS falsePositives, coalesce(sum(same_work = 1 AND distance > ?), 0) AS missed
       FROM score_pair_view WHERE job_id = ?`,
    )
    .get(threshold, threshold, jobId) as { all_: number; versionPairs: number; farthestNonVersion: number | null; falsePositives: number; missed: number }
  return {
    counts: { all: row.all_, falsePositives: row.falsePositives, missed: row.missed },
    kept: { versionPairs: row.versionPairs, nonVersionPairs: row.all_ - row.versionPairs, farthestNonVersion: row.farthestNonVersion },
  }
}
