// Writes into the index: upserts keyed on the Da-TACOS ids, so indexing the same file
// twice, or resuming after a kill, converges on the same rows.
import type { FeatureFacts } from '../dataset/features'
import type { AudioFacts } from '../media/audio'
import type { DatasetName } from '../dataset/layout'
import type { PerformanceMeta } from '../dataset/metadata'
import type { Db } from './db'

export interface FileStamp {
  size: number
  mtimeMs: number
}

export class IndexStore {
  private readonly datasetIds = new Map<string, number>()
  private readonly artistIds = new Map<string, number>()
  /** Works already written in this run, with what we wrote, so the 13 versions of a work write it once. */
  private readonly works = new Map<string, { id: number; title: string | null; artist: string | null }>()
  private readonly statements

  constructor(readonly db: Db) {
    this.statements = {
      dataset: db.prepare(
        `INSERT INTO datasets (name, kind, root) VALUES (?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET root = CASE WHEN datasets.root = '' THEN excluded.root ELSE datasets.root END
         RETURNING id`,
      ),
      // Another process may have added the same artist since this one read the table.
      artist: db.prepare('INSERT INTO artists (name) VALUES (?) ON CONFLICT(name) DO UPDATE SET name = excluded.name RETURNING id'),
      work: db.prepare(
        `INSERT INTO works (dataset_id, work_id, title, artist_id) VALUES (?, ?, ?, ?)
         ON CONFLICT(dataset_id, work_id) DO UPDATE SET
           title = coalesce(excluded.title, works.title), artist_id = coalesce(excluded.artist_id, works.artist_id)
         RETURNING id`,
      ),
      performance: db.prepare(
        `INSERT INTO performances (dataset_id, work_row, perf_id, title, artist_id, year, released, instrumental, artist_mbid, lengths_ms)
         VALUES (@dataset, @work, @perfId, @title, @artist, @year, @released, @instrumental, @mbid, @lengths)
         ON CONFLICT(dataset_id, perf_id) DO UPDATE SET
           work_row = excluded.work_row, title = excluded.title, artist_id = excluded.artist_id, year = excluded.year, released = excluded.released,
           instrumental = excluded.instrumental, artist_mbid = excluded.artist_mbid, lengths_ms = excluded.lengths_ms
         RETURNING id`,
      ),
      bareperformance: db.prepare(
        `INSERT INTO performances (dataset_id, work_row, perf_id) VALUES (?, ?, ?)
         ON CONFLICT(dataset_id, perf_id) DO UPDATE SET perf_id = perf_id
         RETURNING id`,
      ),
      searchDelete: db.prepare('DELETE FROM search WHERE rowid = ?'),
      searchInsert: db.prepare('INSERT INTO search (rowid, title, artist, work_title, work_artist) VALUES (?, ?, ?, ?, ?)'),
      feature: db.prepare(
        `INSERT INTO features (performance_row, kind, path, shape, frames, duration_sec, problem, key_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(performance_row, kind) DO UPDATE SET
           path = excluded.path, shape = excluded.shape, frames = excluded.frames,
           duration_sec = excluded.duration_sec, problem = excluded.problem, key_json = excluded.key_json`,
      ),
      media: db.prepare(
        `INSERT INTO media (performance_row, kind, path, mime, duration_sec) VALUES (?, 'audio', ?, ?, ?)
         ON CONFLICT(performance_row, kind) DO UPDATE SET path = excluded.path, mime = excluded.mime, duration_sec = excluded.duration_sec`,
      ),
      mediaOfFileDelete: db.prepare('DELETE FROM media WHERE path = ?'),
      fileGet: db.prepare('SELECT size, mtime_ms AS mtimeMs, status FROM files WHERE path = ?'),
      filePut: db.prepare(
        `INSERT INTO files (path, size, mtime_ms, status, message) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms,
           status = excluded.status, message = excluded.message`,
      ),
      featuresOfFileDelete: db.prepare('DELETE FROM features WHERE path = ?'),
      fileDelete: db.prepare('DELETE FROM files WHERE path = ?'),
      filesUnder: db.prepare("SELECT path FROM files WHERE path = @root OR substr(path, 1, length(@prefix)) = @prefix"),
      perfElsewhere: db.prepare(
        `SELECT d.name FROM performances p JOIN datasets d ON d.id = p.dataset_id
         WHERE p.perf_id = ? AND p.dataset_id != ? AND p.title IS NOT NULL LIMIT 1`,
      ),
    }
  }

  /** The dataset of this name already indexed: its kind and the folder it was first indexed from. */
  datasetRecord(name: string): { kind: DatasetName['kind']; root: string } | null {
    const row = this.db.prepare('SELECT kind, root FROM datasets WHERE name = ?').get(name) as { kind: DatasetName['kind']; root: string } | undefined
    return row ?? null
  }

  /** A dataset whose folder is gone, indexed again from another: it lives there now. */
  moveDataset(name: string, root: string): void {
    this.db.prepare('UPDATE datasets SET root = ? WHERE name = ?').run(root, name)
  }

  dataset(name: DatasetName, root: string): number {
    const cached = this.datasetIds.get(name.name)
    if (cached !== undefined) return cached
    const { id } = this.statements.dataset.get(name.name, name.kind, root) as { id: number }
    this.datasetIds.set(name.name, id)
    return id
  }

  private artist(name: string | null): number | null {
    if (name === null) return null
    if (this.artistIds.size === 0) {
      for (const row of this.db.prepare('SELECT id, name FROM artists').iterate() as Iterable<{ id: number; name: string }>) {
        this.artistIds.set(row.name, row.id)
      }
    }
    let id = this.artistIds.get(name)
    if (id === undefined) {
      id = (this.statements.artist.get(name) as { id: number }).id
      this.artistIds.set(name, id)
    }
    return id
  }

  private work(datasetId: number, workId: string, title: string | null, artist: string | null): number {
    const key = `${datasetId}/${workId}`
    const known = this.works.get(key)
    if (known && (title ?? known.title) === known.title && (artist ?? known.artist) === known.artist) return known.id
    const { id } = this.statements.work.get(datasetId, workId, title, this.artist(artist)) as { id: number }
    this.works.set(key, { id, title: title ?? known?.title ?? null, artist: artist ?? known?.artist ?? null })
    return id
  }

  putPerformance(datasetId: number, meta: PerformanceMeta): void {
    const work = this.work(datasetId, meta.workId, meta.workTitle, meta.workArtist)
    const { id } = this.statements.performance.get({
      dataset: datasetId,
      work,
      perfId: meta.perfId,
      title: meta.perfTitle,
      artist: this.artist(meta.perfArtist),
      year: meta.year,
      released: meta.released,
      instrumental: meta.instrumental === null ? null : Number(meta.instrumental),
      mbid: meta.artistMbid,
      lengths: JSON.stringify(meta.recordingLengthsMs),
    }) as { id: number }
    this.statements.searchDelete.run(id)
    this.statements.searchInsert.run(id, meta.perfTitle, meta.perfArtist, meta.workTitle, meta.workArtist)
  }

  /** The dataset already holding this performance with metadata, other than `datasetId`. */
  performanceElsewhere(datasetId: number, perfId: string): string | null {
    const row = this.statements.perfElsewhere.get(perfId, datasetId) as { name: string } | undefined
    return row?.name ?? null
  }

  /** A feature file may arrive before (or without) its metadata: keep it on a bare row. */
  putFeature(datasetId: number, workId: string, perfId: string, path: string, facts: FeatureFacts): void {
    const work = this.work(datasetId, workId, null, null)
    const { id } = this.statements.bareperformance.get(datasetId, work, perfId) as { id: number }
    this.statements.feature.run(
      id,
      facts.kind,
      path,
      JSON.stringify(facts.shape),
      facts.frames,
      facts.durationSec,
      facts.problem,
      facts.key ? JSON.stringify(facts.key) : null,
    )
  }

  /** An audio file, like a feature file, may arrive before (or without) its metadata. */
  putAudio(datasetId: number, workId: string, perfId: string, path: string, facts: AudioFacts): void {
    const work = this.work(datasetId, workId, null, null)
    const { id } = this.statements.bareperformance.get(datasetId, work, perfId) as { id: number }
    this.statements.media.run(id, path, facts.mime, facts.durationSec)
  }

  /** The work an already-indexed performance belongs to, for an audio file outside a W_<id> folder. */
  workOf(datasetId: number, perfId: string): string | null {
    const row = this.db
      .prepare('SELECT w.work_id AS workId FROM performances p JOIN works w ON w.id = p.work_row WHERE p.dataset_id = ? AND p.perf_id = ?')
      .get(datasetId, perfId) as { workId: string } | undefined
    return row?.workId ?? null
  }

  isUnchanged(path: string, stamp: FileStamp): boolean {
    const row = this.statements.fileGet.get(path) as { size: number; mtimeMs: number; status: string } | undefined
    return row !== undefined && row.status === 'ok' && row.size === stamp.size && row.mtimeMs === stamp.mtimeMs
  }

  /** A feature file that no longer reads (or no longer exists) must not keep showing as a good feature. */
  forgetFeatures(path: string): void {
    this.statements.featuresOfFileDelete.run(path)
    this.statements.mediaOfFileDelete.run(path)
  }

  forgetFile(path: string): void {
    this.forgetFeatures(path)
    this.statements.fileDelete.run(path)
  }

  /** Every indexed file at or below a folder. */
  filesUnder(root: string, separator: string): string[] {
    const prefix = root.endsWith(separator) ? root : root + separator
    return (this.statements.filesUnder.all({ root, prefix }) as { path: string }[]).map((row) => row.path)
  }

  putFile(path: string, stamp: FileStamp, problem: string | null): void {
    this.statements.filePut.run(path, stamp.size, stamp.mtimeMs, problem === null ? 'ok' : 'failed', problem)
  }
}

/**
 * The folder the dataset of this name was indexed from, or null: what an import asks before
 * writing a dataset of the same name (importer's indexedDatasetFolder).
 */
export function indexedDatasetFolder(db: Db, name: string): string | null {
  const row = db.prepare('SELECT root FROM datasets WHERE name = ?').get(name) as { root: string } | undefined
  return row?.root || null
}
