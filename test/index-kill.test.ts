// Killing `refrain index` mid-way: the database must open, pass SQLite's integrity check, and
// running the same command again must end exactly where a run that was never killed ends.
import Database from 'better-sqlite3'
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { IndexSummary } from '../src-main/api/contract'
import { assertCliBuilt, runCli, spawnCli } from './helpers/cli'
import { COVERANALYSIS_JSON, removeTempDirs, snapshot, tempDir, writeHpcp } from './helpers/fixtures'

const FEATURE_FILES = 2000

let dir: string
let big: string
let emptyResources: string

afterAll(removeTempDirs)

beforeAll(async () => {
  assertCliBuilt()
  dir = tempDir()
  // A new database's first run indexes the bundled library (tested in cli.test.ts); point the CLI
  // at an empty resources folder so these runs index only the big folder.
  emptyResources = join(dir, 'empty-resources')
  mkdirSync(join(emptyResources, 'da-tacos'), { recursive: true })
  big = join(dir, 'big')
  // The real coveranalysis metadata, plus an hpcp file for 2,000 of its real performances.
  mkdirSync(join(big, 'da-tacos_metadata'), { recursive: true })
  copyFileSync(COVERANALYSIS_JSON, join(big, 'da-tacos_metadata', 'da-tacos_coveranalysis_subset_metadata.json.gz'))
  const metadata = JSON.parse(gunzipSync(readFileSync(COVERANALYSIS_JSON)).toString('utf8')) as Record<string, Record<string, unknown>>
  const pairs = Object.entries(metadata)
    .filter(([workId]) => workId !== 'W_163992')
    .flatMap(([workId, performances]) => Object.keys(performances).map((perfId) => [workId, perfId]))
    .slice(0, FEATURE_FILES)
  for (const [workId, perfId] of pairs) {
    await writeHpcp(join(big, 'da-tacos_coveranalysis_subset_hpcp', `${workId}_hpcp`, `${perfId}_hpcp.h5`), workId, perfId, 24)
  }
}, 60_000)

function filesRows(dbPath: string): number | null {
  if (!existsSync(dbPath)) return null
  try {
    const db = new Database(dbPath, { readonly: true, fileMustExist: true })
    try {
      return (db.prepare('SELECT count(*) AS n FROM files').get() as { n: number }).n
    } finally {
      db.close()
    }
  } catch {
    return null // not created yet, or the schema is being written
  }
}

test('SIGKILL mid-index: the database opens, is intact, and re-running ends where a clean run ends', async () => {
  const env = { home: join(dir, 'home'), extra: { REFRAIN_RESOURCES: emptyResources } }
  const cleanDb = join(dir, 'clean.db')
  const killedDb = join(dir, 'killed.db')

  const clean = runCli(['index', big, '--db', cleanDb], env, 80_000)

  const child = spawnCli(['index', big, '--db', killedDb], env)
  let childStderr = ''
  child.stderr!.on('data', (chunk) => (childStderr += chunk))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })))
  let rowsAtKill: number | null = null
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline && child.exitCode === null) {
    const rows = filesRows(killedDb)
    // Wait until the big folder's metadata and a few batches of feature files are committed.
    if (rows !== null && rows >= 1 + 300) {
      child.kill('SIGKILL')
      rowsAtKill = rows
      break
    }
    await sleep(15)
  }
  const killed = await exited
  expect(killed.signal, `the run ended on its own before it could be killed (stderr: ${childStderr})`).toBe('SIGKILL')
  expect(rowsAtKill).not.toBeNull()

  // It must open (SQLite recovers the WAL) and be intact.
  const db = new Database(killedDb)
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    const rows = (db.prepare('SELECT count(*) AS n FROM files').get() as { n: number }).n
    expect(rows).toBeGreaterThanOrEqual(rowsAtKill!)
    expect(rows, 'the kill came after the run had finished: nothing was tested').toBeLessThan(1 + FEATURE_FILES)
  } finally {
    db.close()
  }

  const resumed = await runCli(['index', big, '--db', killedDb, '--json'], env, 80_000)
  expect(resumed.stderr).toBe('')
  expect(resumed.code).toBe(0)
  const summary = JSON.parse(resumed.stdout) as IndexSummary
  expect(summary).toMatchObject({ filesSeen: FEATURE_FILES + 1, filesFailed: 0, cancelled: false })
  // It resumed rather than starting again: what was committed before the kill is skipped.
  expect(summary.filesUnchanged).toBeGreaterThanOrEqual(rowsAtKill! - 1)
  expect(summary.filesIndexed + summary.filesUnchanged).toBe(FEATURE_FILES + 1)

  const cleanRun = await clean
  expect(cleanRun.code, cleanRun.stderr).toBe(0)
  const expected = snapshot(cleanDb)
  expect(expected.files).toHaveLength(1 + FEATURE_FILES)
  expect(expected.datasets).toEqual([{ name: 'coveranalysis', kind: 'da-tacos', works: 5000, performances: 10000, withFeatures: FEATURE_FILES }])
  expect(snapshot(killedDb)).toEqual(expected)
}, 90_000)
