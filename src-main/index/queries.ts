// Reads the index for the library views: datasets, works, type-ahead search, one work,
// one performance, and which of them have which features (to show, and to filter on in SQL).
// Rows come back in the contract's shapes.
import { FEATURE_KINDS, type FeatureKind } from '../dataset/kinds'
import type { DatasetInfo, FeatureFilter, FeatureInfo, PerformanceDetail, PerformanceRow, WorkRow } from './types'
import { notFound } from '../errors'
import type { Db } from './db'

/** The words of what a person typed, as FTS5 sees words. */
function searchWords(text: string): string[] {
  return text
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
}

const ftsWord = (word: string) => `"${word.replaceAll('"', '""')}"`

/**
 * A search's FTS5 hits with how many of the typed words each matches as a whole word (not only as
 * a prefix), so "Bach" ranks Bach above Bacharach: a CTE `hits(id, rank, whole)` and its
 * parameters. A word is whole where the row holds exactly that token (FTS5 phrase without `*`).
 */
function rankedHits(words: string[]): { cte: string; params: Record<string, string> } {
  const params: Record<string, string> = { match: words.map((word) => `${ftsWord(word)}*`).join(' AND ') }
  const whole = words.map((word, k) => {
    params[`whole${k}`] = ftsWord(word)
    return `(rowid IN (SELECT rowid FROM search WHERE search MATCH @whole${k}))`
  })
  return { cte: `hits AS (SELECT rowid AS id, rank, ${whole.join(' + ')} AS whole FROM search WHERE search MATCH @match)`, params }
}

/** A condition on performances `p`: a feature file of any kind, or of @featureKind. */
function performanceHasFeature(filter: FeatureFilter): string {
  return `EXISTS (SELECT 1 FROM features ff WHERE ff.performance_row = p.id${filter === 'any' ? '' : ' AND ff.kind = @featureKind'})`
}

/** A condition on works `w`: a performance with a feature file of any kind, or of @featureKind. */
function workHasFeature(filter: FeatureFilter): string {
  return `EXISTS (SELECT 1 FROM performances fp JOIN features ff ON ff.performance_row = fp.id
                  WHERE fp.work_row = w.id${filter === 'any' ? '' : ' AND ff.kind = @featureKind'})`
}

const featureKindParam = (filter: FeatureFilter | undefined) => (filter && filter !== 'any' ? { featureKind: filter } : {})

const PERFORMANCE_COLUMNS = `
  d.name AS dataset, p.perf_id AS perfId, w.work_id AS workId, p.title AS title, pa.name AS artist,
  p.year AS year, p.instrumental AS instrumental, w.title AS workTitle, wa.name AS workArtist,
  (SELECT group_concat(kind) FROM features f WHERE f.performance_row = p.id) AS featureList`

const PERFORMANCE_FROM = `
  performances p
  JOIN datasets d ON d.id = p.dataset_id
  JOIN works w ON w.id = p.work_row
  LEFT JOIN artists pa ON pa.id = p.artist_id
  LEFT JOIN artists wa ON wa.id = w.artist_id`

const WORK_COLUMNS = `
  d.name AS dataset, w.work_id AS workId, w.title AS title, a.name AS artist,
  (SELECT count(*) FROM performances p WHERE p.work_row = w.id) AS performances,
  (SELECT count(DISTINCT f.performance_row) FROM performances p JOIN features f ON f.performance_row = p.id
     WHERE p.work_row = w.id) AS withFeatures,
  (SELECT group_concat(DISTINCT f.kind) FROM performances p JOIN features f ON f.performance_row = p.id
     WHERE p.work_row = w.id) AS featureList`

const WORK_FROM = `
  works w JOIN datasets d ON d.id = w.dataset_id LEFT JOIN artists a ON a.id = w.artist_id`

type RawPerformance = Omit<PerformanceRow, 'instrumental' | 'features'> & { instrumental: number | null; featureList: string | null }
type RawWork = Omit<WorkRow, 'features'> & { featureList: string | null }

/** A group_concat of feature kinds as a sorted list. */
const featureKinds = (list: string | null): FeatureKind[] => (list ? (list.split(',').sort() as FeatureKind[]) : [])

function toPerformance(row: RawPerformance): PerformanceRow {
  const { featureList, instrumental, ...rest } = row
  return { ...rest, instrumental: instrumental === null ? null : instrumental === 1, features: featureKinds(featureList) }
}

function toWork(row: RawWork): WorkRow {
  const { featureList, ...rest } = row
  return { ...rest, features: featureKinds(featureList) }
}

export function listDatasets(db: Db): DatasetInfo[] {
  const datasets = db
    .prepare(
      `SELECT d.name, d.kind, d.root,
         (SELECT count(*) FROM works w WHERE w.dataset_id = d.id) AS works,
         (SELECT count(*) FROM performances p WHERE p.dataset_id = d.id) AS performances,
         (SELECT count(DISTINCT f.performance_row) FROM features f JOIN performances p ON p.id = f.performance_row
            WHERE p.dataset_id = d.id) AS withFeatures
       FROM datasets d ORDER BY d.kind, d.name`,
    )
    .all() as Omit<DatasetInfo, 'featureCounts'>[]
  // Usable files only (no problem found by indexing): what a scoring job would compare.
  const counts = db
    .prepare(
      `SELECT d.name, f.kind, count(*) AS n FROM features f JOIN performances p ON p.id = f.performance_row
         JOIN datasets d ON d.id = p.dataset_id WHERE f.problem IS NULL GROUP BY d.name, f.kind`,
    )
    .all() as { name: string; kind: FeatureKind; n: number }[]
  return datasets.map((dataset) => {
    const featureCounts = Object.fromEntries(FEATURE_KINDS.map((kind) => [kind, 0])) as Record<FeatureKind, number>
    for (const count of counts) if (count.name === dataset.name && count.kind in featureCounts) featureCounts[count.kind] = count.n
    return { ...dataset, featureCounts }
  })
}

export interface WorksQuery {
  dataset?: string
  text: string
  offset: number
  limit: number
  /** Only works with a performance with a feature file (any, or of one kind). */
  features?: FeatureFilter
}

/**
 * Works in title order; with text, the works whose title, artist or any performance matches, those
 * matching more of the typed words as whole words first (as `search` ranks them: "Bach" before
 * "Bacharach"), then in title order.
 */
export function listWorks(db: Db, query: WorksQuery): { total: number; rows: WorkRow[] } {
  const where: string[] = []
  const params: Record<string, unknown> = { offset: query.offset, limit: query.limit }
  if (query.dataset) {
    where.push('d.name = @dataset')
    params.dataset = query.dataset
  }
  const words = searchWords(query.text)
  let from = WORK_FROM
  let order = 'w.title IS NULL, w.title COLLATE NOCASE, d.name, w.work_id'
  let ranked = ''
  if (words.length > 0) {
    const hits = rankedHits(words)
    ranked = `WITH ${hits.cte},
      matched AS (SELECT p.work_row AS row, max(hit.whole) AS whole FROM hits hit JOIN performances p ON p.id = hit.id GROUP BY p.work_row)`
    from = `${WORK_FROM} JOIN matched m ON m.row = w.id`
    order = `m.whole DESC, ${order}`
    Object.assign(params, hits.params)
  }
  if (query.features) {
    where.push(workHasFeature(query.features))
    Object.assign(params, featureKindParam(query.features))
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : ''
  const { total } = db.prepare(`${ranked} SELECT count(*) AS total FROM ${from} ${clause}`).get(params) as { total: number }
  // The page is chosen first and its columns computed after: the per-work counts for 200 rows, not for every work sorted.
  const rows = db
    .prepare(
      `${ranked} SELECT ${WORK_COLUMNS} FROM ${from}
       WHERE w.id IN (SELECT w.id FROM ${from} ${clause} ORDER BY ${order} LIMIT @limit OFFSET @offset)
       ORDER BY ${order}`,
    )
    .all(params) as RawWork[]
  return { total, rows: rows.map(toWork) }
}

/**
 * Type-ahead: the best-ranked performances, and the works they belong to. Rows matching more of
 * the typed words as whole words come first ("Bach" before "Bacharach"), then FTS5's bm25 rank;
 * works follow their best performance's whole-word count, then their title.
 */
export function search(
  db: Db,
  text: string,
  limit: number,
  dataset?: string,
  features?: FeatureFilter,
): { performances: PerformanceRow[]; works: WorkRow[] } {
  const words = searchWords(text)
  if (words.length === 0) return { performances: [], works: [] }
  const { cte, params } = rankedHits(words)
  const all = { ...params, limit, dataset, ...featureKindParam(features) }
  const inDataset = datasetFilter(dataset)
  const performances = (
    db
      .prepare(
        `WITH ${cte}
         SELECT ${PERFORMANCE_COLUMNS} FROM ${PERFORMANCE_FROM}
         JOIN hits hit ON hit.id = p.id
         WHERE 1 ${inDataset} ${features ? `AND ${performanceHasFeature(features)}` : ''}
         ORDER BY hit.whole DESC, hit.rank LIMIT @limit`,
      )
      .all(all) as RawPerformance[]
  ).map(toPerformance)
  const works = (
    db
      .prepare(
        `WITH ${cte},
         matched AS (SELECT p.work_row AS row, max(hit.whole) AS whole FROM hits hit JOIN performances p ON p.id = hit.id GROUP BY p.work_row)
         SELECT ${WORK_COLUMNS} FROM ${WORK_FROM} JOIN matched m ON m.row = w.id
         WHERE 1 ${inDataset} ${features ? `AND ${workHasFeature(features)}` : ''}
         ORDER BY m.whole DESC, w.title COLLATE NOCASE LIMIT @limit`,
      )
      .all(all) as RawWork[]
  ).map(toWork)
  return { performances, works }
}

/** Resolves a Da-TACOS id, preferring the named dataset and otherwise the one with metadata. */
function datasetFilter(dataset: string | undefined): string {
  return dataset ? 'AND d.name = @dataset' : ''
}

export function getWork(db: Db, workId: string, dataset?: string): { work: WorkRow; performances: PerformanceRow[] } {
  const work = db
    .prepare(`SELECT ${WORK_COLUMNS}, w.id AS row FROM ${WORK_FROM} WHERE w.work_id = @workId ${datasetFilter(dataset)}
              ORDER BY w.title IS NULL LIMIT 1`)
    .get({ workId, dataset }) as (RawWork & { row: number }) | undefined
  if (!work) throw notFound(`no work ${workId}${dataset ? ` in dataset ${dataset}` : ''} is indexed`)
  const { row, ...raw } = work
  const workRow = toWork(raw)
  return { work: workRow, performances: workPerformances(db, row) }
}

/** The performances of the work in row `workRow`, oldest first. */
function workPerformances(db: Db, workRow: number): PerformanceRow[] {
  return (
    db
      .prepare(`SELECT ${PERFORMANCE_COLUMNS} FROM ${PERFORMANCE_FROM} WHERE p.work_row = ?
                ORDER BY p.year IS NULL, p.year, p.perf_id`)
      .all(workRow) as RawPerformance[]
  ).map(toPerformance)
}

function performanceRow(db: Db, perfId: string, dataset?: string): RawPerformance & { row: number; artistMbid: string | null; lengths: string; datasetId: number; workRow: number } {
  const found = db
    .prepare(
      `SELECT ${PERFORMANCE_COLUMNS}, p.id AS row, p.artist_mbid AS artistMbid, p.lengths_ms AS lengths, d.id AS datasetId, p.work_row AS workRow
       FROM ${PERFORMANCE_FROM} WHERE p.perf_id = @perfId ${datasetFilter(dataset)}
       ORDER BY p.title IS NULL, d.name LIMIT 1`,
    )
    .get({ perfId, dataset })
  if (!found) throw notFound(`no performance ${perfId}${dataset ? ` in dataset ${dataset}` : ''} is indexed`)
  return found as ReturnType<typeof performanceRow>
}

export function getPerformance(db: Db, perfId: string, dataset?: string): PerformanceDetail {
  const { row, artistMbid, lengths, datasetId, workRow, ...raw } = performanceRow(db, perfId, dataset)
  const featureFiles = (
    db
      .prepare(
        `SELECT kind, path, shape, frames, duration_sec AS durationSec, problem, key_json AS keyJson
         FROM features WHERE performance_row = ? ORDER BY kind`,
      )
      .all(row) as (Omit<FeatureInfo, 'shape'> & { shape: string; keyJson: string | null })[]
  )
  const keyRow = featureFiles.find((feature) => feature.keyJson)
  const alsoIn = (
    db
      .prepare('SELECT d.name FROM performances p JOIN datasets d ON d.id = p.dataset_id WHERE p.perf_id = ? AND d.id != ? ORDER BY d.name')
      .all(perfId, datasetId) as { name: string }[]
  ).map((other) => other.name)
  const audio = db.prepare("SELECT mime, duration_sec AS durationSec FROM media WHERE performance_row = ? AND kind = 'audio'").get(row) as
    | { mime: string; durationSec: number | null }
    | undefined
  return {
    ...toPerformance(raw),
    audio: audio ?? null,
    artistMbid,
    recordingLengthsMs: JSON.parse(lengths) as number[],
    featureFiles: featureFiles.map(({ keyJson: _key, shape, ...feature }) => ({ ...feature, shape: JSON.parse(shape) as number[] })),
    key: keyRow ? (JSON.parse(keyRow.keyJson!) as PerformanceDetail['key']) : null,
    alsoIn,
    versions: workPerformances(db, workRow),
  }
}

/** Where the file holding one feature of a performance lies. */
export function featurePath(db: Db, perfId: string, kind: FeatureKind, dataset?: string): string {
  const { row } = performanceRow(db, perfId, dataset)
  const found = db.prepare('SELECT path FROM features WHERE performance_row = ? AND kind = ?').get(row, kind) as { path: string } | undefined
  if (!found) throw notFound(`performance ${perfId} has no ${kind} feature indexed`)
  return found.path
}

/** The audio file of a performance in a dataset (both doors serve it from here), or null. */
export function audioFile(db: Db, dataset: string, perfId: string): { path: string; mime: string } | null {
  const found = db
    .prepare(
      `SELECT m.path, m.mime FROM media m JOIN performances p ON p.id = m.performance_row JOIN datasets d ON d.id = p.dataset_id
       WHERE d.name = ? AND p.perf_id = ? AND m.kind = 'audio'`,
    )
    .get(dataset, perfId) as { path: string; mime: string } | undefined
  return found ?? null
}

/** Performances by their row id (how other tables refer to them), as a map. */
export function performancesByRow(db: Db, rows: number[]): Map<number, PerformanceRow> {
  const out = new Map<number, PerformanceRow>()
  const unique = [...new Set(rows)]
  // SQLite limits bound parameters; 500 at a time stays far below it.
  for (let k = 0; k < unique.length; k += 500) {
    const chunk = unique.slice(k, k + 500)
    const found = db
      .prepare(`SELECT ${PERFORMANCE_COLUMNS}, p.id AS row FROM ${PERFORMANCE_FROM} WHERE p.id IN (${chunk.map(() => '?').join(',')})`)
      .all(...chunk) as (RawPerformance & { row: number })[]
    for (const { row, ...raw } of found) out.set(row, toPerformance(raw))
  }
  return out
}

/** The row id of a performance in a dataset. */
export function performanceRowId(db: Db, dataset: string, perfId: string): number {
  return performanceRow(db, perfId, dataset).row
}

/**
 * Every indexed audio file's path. Imported datasets keep audio as links into the folders they
 * were imported from, so web mode follows these (server/upload.ts's linkedUploads) to learn which
 * upload folders a dataset still uses before it cleans the rest up.
 */
export function indexedAudioPaths(db: Db): string[] {
  return (db.prepare(`SELECT path FROM media WHERE kind = 'audio'`).all() as { path: string }[]).map((row) => row.path)
}
