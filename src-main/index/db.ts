// Opens the SQLite index (WAL, so the CLI, web mode and the app can read while one writes)
// and brings its schema up to date; and how a long job writes to it while another process may
// be writing too (writeTransaction).
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

export type Db = Database.Database

const SCHEMA_VERSION = 1

const SCHEMA = `
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS datasets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('da-tacos', 'user')),
  root TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS artists (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS works (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  work_id TEXT NOT NULL,
  title TEXT,
  artist_id INTEGER REFERENCES artists(id),
  UNIQUE (dataset_id, work_id)
);
CREATE TABLE IF NOT EXISTS performances (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  work_row INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
  perf_id TEXT NOT NULL,
  title TEXT,
  artist_id INTEGER REFERENCES artists(id),
  year INTEGER,
  released TEXT,
  instrumental INTEGER,
  artist_mbid TEXT,
  lengths_ms TEXT NOT NULL DEFAULT '[]',
  UNIQUE (dataset_id, perf_id)
);
CREATE INDEX IF NOT EXISTS performances_by_perf_id ON performances(perf_id);
CREATE INDEX IF NOT EXISTS performances_by_work ON performances(work_row);
CREATE INDEX IF NOT EXISTS performances_by_artist ON performances(artist_id);
CREATE INDEX IF NOT EXISTS works_by_title ON works(title COLLATE NOCASE);
CREATE TABLE IF NOT EXISTS features (
  performance_row INTEGER NOT NULL REFERENCES performances(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  path TEXT NOT NULL,
  shape TEXT NOT NULL,
  frames INTEGER,
  duration_sec REAL,
  problem TEXT,
  key_json TEXT,
  PRIMARY KEY (performance_row, kind)
);
CREATE TABLE IF NOT EXISTS media (
  performance_row INTEGER NOT NULL REFERENCES performances(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('audio')),
  path TEXT NOT NULL,
  mime TEXT NOT NULL,
  duration_sec REAL,
  PRIMARY KEY (performance_row, kind)
);
CREATE INDEX IF NOT EXISTS media_by_path ON media(path);
CREATE TABLE IF NOT EXISTS files (
  path TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  mtime_ms REAL NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
  message TEXT
);
CREATE VIRTUAL TABLE IF NOT EXISTS search USING fts5(
  title, artist, work_title, work_artist,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '1 2 3'
);
`

export interface OpenOptions {
  /** A better-sqlite3 addon built for another ABI (Electron's), when not Node's own. */
  nativeBinding?: string
}

export function openDb(path: string, options: OpenOptions = {}): Db {
  mkdirSync(dirname(path), { recursive: true })
  const db = new Database(path, { nativeBinding: options.nativeBinding })
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  const version = db.pragma('user_version', { simple: true }) as number
  if (version > SCHEMA_VERSION) {
    db.close()
    throw new Error(`${path} was written by a newer Refrain (schema ${version}); this one reads schema ${SCHEMA_VERSION}`)
  }
  db.exec(SCHEMA)
  addMissingColumns(db)
  // A write: only when it changes, so opening a database another process is writing does not wait.
  if (version !== SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`)
  return db
}

/**
 * Columns added after a database was first written: CREATE TABLE IF NOT EXISTS leaves an old
 * table as it was. Such a row reads NULL there until its dataset is indexed again.
 */
function addMissingColumns(db: Db): void {
  const has = (table: string, column: string) => (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).some((c) => c.name === column)
  if (!has('performances', 'released')) db.exec('ALTER TABLE performances ADD COLUMN released TEXT')
}

export function getSetting(db: Db, key: string): string | null {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined
  return row?.value ?? null
}

export function setSetting(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value)
}

/** How long one attempt at the write lock blocks the event loop before it yields and tries again. */
const LOCK_ATTEMPT_MS = 200

const isBusy = (error: unknown) => /^SQLITE_BUSY/.test(String((error as { code?: unknown })?.code ?? ''))

/**
 * Runs `fn` in an IMMEDIATE transaction, which takes the write lock before it reads: while
 * another process writes it waits, where a deferred one (reading first, then needing to write)
 * fails at once with "database is locked". It waits in short attempts with the event loop free
 * between them, so progress and Ctrl-C still work, and as long as the other writer goes on;
 * `onWait` is called once, when the first attempt finds the lock taken.
 */
export async function writeTransaction<T>(db: Db, fn: () => T, onWait?: () => void): Promise<T> {
  const timeout = db.pragma('busy_timeout', { simple: true }) as number
  let waited = false
  for (;;) {
    let started = false
    db.pragma(`busy_timeout = ${LOCK_ATTEMPT_MS}`)
    try {
      return db
        .transaction(() => {
          started = true
          return fn()
        })
        .immediate()
    } catch (error) {
      // Only a lock not taken is tried again: `fn` has not run, so nothing is done twice.
      if (started || !isBusy(error)) throw error
    } finally {
      db.pragma(`busy_timeout = ${timeout}`)
    }
    if (!waited) onWait?.()
    waited = true
    await sleep(20)
  }
}
