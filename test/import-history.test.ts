// The import history (importer/history.ts, API 'import.history'): each import is a row written
// when it starts and completed when it ends, listed newest first with its counts and status; a row
// left 'running' by a process that is gone reads as interrupted.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import type { ImportSummary } from '../src-main/api/contract'
import { openDb } from '../src-main/index/db'
import { ensureImportHistory, importMessages, listImports, recordImportEnd, recordImportStart } from '../src-main/importer/history'
import { apiHarness } from './helpers/api'
import { removeTempDirs, tempDir } from './helpers/fixtures'
import { makeWav } from './fixtures/decode/wav'

afterAll(() => removeTempDirs())

function summary(over: Partial<ImportSummary>): ImportSummary {
  return { out: '/o', dataset: 'o', filesSeen: 0, imported: 0, skipped: 0, failed: 0, audioSeconds: 0, cancelled: false, seconds: 0, messages: [], ...over }
}

/** The id of a process that has exited (so it no longer exists). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
  return Number(child.stdout)
}

describe('the history store', () => {
  test('start and end: folder, dataset, times, counts and status, newest first', () => {
    const db = openDb(join(tempDir(), 'refrain.db'))
    ensureImportHistory(db)
    ensureImportHistory(db) // opening the library twice keeps the table
    recordImportStart(db, 'a', '/music/first', '/data/imports/first')
    recordImportEnd(db, 'a', summary({ filesSeen: 3, imported: 2, failed: 1, audioSeconds: 12.5, messages: [{ level: 'error', file: '/music/first/x.mp3', message: 'unsupported format' }] }), null)
    recordImportStart(db, 'b', '/music/second', '/data/imports/second')
    recordImportEnd(db, 'b', summary({ imported: 1, cancelled: true }), null)
    recordImportStart(db, 'c', '/music/third', '/data/imports/third')
    recordImportEnd(db, 'c', summary({}), 'import stopped: disk full')
    recordImportStart(db, 'd', '/music/fourth', '/data/imports/fourth')

    const listed = listImports(db)
    expect(listed.map((r) => [r.jobId, r.status])).toEqual([
      ['d', 'running'],
      ['c', 'failed'],
      ['b', 'cancelled'],
      ['a', 'done'],
    ])
    expect(listed[3]).toMatchObject({
      folder: '/music/first',
      out: '/data/imports/first',
      dataset: 'first',
      filesSeen: 3,
      imported: 2,
      failed: 1,
      audioSeconds: 12.5,
      problem: '/music/first/x.mp3: unsupported format',
      finishedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    })
    expect(listed[1]!.problem).toBe('import stopped: disk full')
    expect(listed[0]!.finishedAt).toBeNull()
    expect(listImports(db, 2).map((r) => r.jobId)).toEqual(['d', 'c'])
    // Each file's message is kept with its import, to be read after it ended; a resumed run's replace them.
    expect(importMessages(db, 'a')).toEqual([{ level: 'error', file: '/music/first/x.mp3', message: 'unsupported format' }])
    expect(importMessages(db, 'b')).toEqual([])
    recordImportEnd(db, 'a', summary({ messages: [{ level: 'warning', file: '/music/first/y.wav', message: 'clipped' }] }), null)
    expect(importMessages(db, 'a')).toEqual([{ level: 'warning', file: '/music/first/y.wav', message: 'clipped' }])
    expect(() => importMessages(db, 'nowhere')).toThrow(/no import nowhere/)
    db.close()
  })

  test('an import left running by a process that no longer exists is listed as interrupted', () => {
    const db = openDb(join(tempDir(), 'refrain.db'))
    ensureImportHistory(db)
    recordImportStart(db, 'killed', '/music/x', '/data/imports/x')
    db.prepare('UPDATE import_history SET pid = ? WHERE id = ?').run(deadPid(), 'killed')
    expect(listImports(db)[0]).toMatchObject({ jobId: 'killed', status: 'interrupted', finishedAt: null })
    db.close()
  })
})

test("'import.history' lists an import run through the API, with what it imported", async () => {
  const { app, dispatch } = apiHarness([])
  try {
    const dir = tempDir()
    makeWav(join(dir, 'songs', 'Autumn Leaves', 'one.wav'), 22050, 1, 1)
    makeWav(join(dir, 'songs', 'Autumn Leaves', 'two.wav'), 22050, 1, 1)
    const outcome = await app.importer.importAudio({ folder: join(dir, 'songs'), out: join(dir, 'jazz') })
    expect(outcome.summary.imported).toBe(2)
    const history = await dispatch('import.history', {})
    expect(history).toMatchObject({
      ok: true,
      value: { imports: [{ folder: join(dir, 'songs'), out: join(dir, 'jazz'), dataset: 'jazz', status: 'done', imported: 2, filesSeen: 2, failed: 0 }] },
    })
    expect(await dispatch('import.history', { limit: 0 })).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
  } finally {
    await app.close()
  }
})
