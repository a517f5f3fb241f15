// The imports run on this library, kept in its database the way scoring jobs are: which folder
// went into which dataset, when it started and finished, its counts and how it ended. A row is
// written when an import starts and completed when it ends, so an import killed with its process
// stays listed, as interrupted (its process is gone), and importing the folder again resumes it.
// Its per-file warnings and errors are kept beside it, to be read after it ended.
import { basename } from 'node:path'
import { z } from 'zod'
import type { Db } from '../index/db'
import { processAlive } from '../jobs/alive'
import { notFound } from '../errors'
import type { IndexMessage } from '../jobs/message'
import type { ImportSummary } from './types'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS import_history (
  id TEXT PRIMARY KEY,
  folder TEXT NOT NULL,
  out TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL CHECK (status IN ('running', 'done', 'cancelled', 'failed')),
  -- The process running it: a 'running' import whose process is gone was killed.
  pid INTEGER,
  files_seen INTEGER NOT NULL DEFAULT 0,
  imported INTEGER NOT NULL DEFAULT 0,
  skipped INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  audio_seconds REAL NOT NULL DEFAULT 0,
  -- Why it failed, or the first file that could not be imported and why.
  problem TEXT
);
CREATE INDEX IF NOT EXISTS import_history_by_start ON import_history(started_at);
-- Each file's warning or error, kept with its import so that they can be read after it ended.
CREATE TABLE IF NOT EXISTS import_messages (
  import_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  level TEXT NOT NULL,
  file TEXT NOT NULL,
  message TEXT NOT NULL,
  PRIMARY KEY (import_id, seq)
);
`

export const IMPORT_STATUSES = ['running', 'done', 'cancelled', 'failed', 'interrupted'] as const

export const ImportRecord = z.object({
  jobId: z.string(),
  folder: z.string(),
  /** The dataset folder written, and the dataset's name (the folder's). */
  out: z.string(),
  dataset: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** 'interrupted': recorded as running by a process that no longer exists. */
  status: z.enum(IMPORT_STATUSES),
  filesSeen: z.number(),
  imported: z.number(),
  skipped: z.number(),
  failed: z.number(),
  audioSeconds: z.number(),
  problem: z.string().nullable(),
})
export type ImportRecord = z.infer<typeof ImportRecord>

export function ensureImportHistory(db: Db): void {
  db.exec(SCHEMA)
}

export function recordImportStart(db: Db, jobId: string, folder: string, out: string): void {
  db.prepare(`INSERT INTO import_history (id, folder, out, started_at, status, pid) VALUES (?, ?, ?, ?, 'running', ?)`).run(
    jobId,
    folder,
    out,
    new Date().toISOString(),
    process.pid,
  )
}

/** Completes an import's row from its summary (or the error that stopped it). */
export function recordImportEnd(db: Db, jobId: string, summary: ImportSummary, error: string | null): void {
  const status = error !== null ? 'failed' : summary.cancelled ? 'cancelled' : 'done'
  const first = summary.messages.find((message) => message.level === 'error')
  const problem = error ?? (first ? (first.message.startsWith(first.file) ? first.message : `${first.file}: ${first.message}`) : null)
  db.prepare(
    `UPDATE import_history SET finished_at = ?, status = ?, pid = NULL, files_seen = ?, imported = ?, skipped = ?, failed = ?,
       audio_seconds = ?, problem = ? WHERE id = ?`,
  ).run(new Date().toISOString(), status, summary.filesSeen, summary.imported, summary.skipped, summary.failed, summary.audioSeconds, problem, jobId)
  // A resumed import's messages replace those of the run before it.
  db.prepare('DELETE FROM import_messages WHERE import_id = ?').run(jobId)
  const insert = db.prepare('INSERT INTO import_messages (import_id, seq, level, file, message) VALUES (?, ?, ?, ?, ?)')
  summary.messages.forEach((m, seq) => insert.run(jobId, seq, m.level, m.file, m.message))
}

/** An ended import's warnings and errors, file by file, in the order they came. */
export function importMessages(db: Db, jobId: string): IndexMessage[] {
  if (!db.prepare('SELECT 1 FROM import_history WHERE id = ?').get(jobId)) throw notFound(`no import ${jobId} in this library's history`)
  return db.prepare('SELECT level, file, message FROM import_messages WHERE import_id = ? ORDER BY seq').all(jobId) as IndexMessage[]
}

interface Row {
  id: string
  folder: string
  out: string
  started_at: string
  finished_at: string | null
  status: Exclude<ImportRecord['status'], 'interrupted'>
  pid: number | null
  files_seen: number
  imported: number
  skipped: number
  failed: number
  audio_seconds: number
  problem: string | null
}

/** The imports, newest first. */
export function listImports(db: Db, limit = 100): ImportRecord[] {
  const rows = db.prepare('SELECT * FROM import_history ORDER BY started_at DESC, rowid DESC LIMIT ?').all(limit) as Row[]
  return rows.map((row) => ({
    jobId: row.id,
    folder: row.folder,
    out: row.out,
    dataset: basename(row.out),
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    status: row.status === 'running' && !processAlive(row.pid) ? 'interrupted' : row.status,
    filesSeen: row.files_seen,
    imported: row.imported,
    skipped: row.skipped,
    failed: row.failed,
    audioSeconds: row.audio_seconds,
    problem: row.problem,
  }))
}
