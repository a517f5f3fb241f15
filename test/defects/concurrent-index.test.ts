// Defect 8: two `refrain index` runs on one database at once. The loser failed at once with
// "database is locked": a deferred transaction that reads and then writes cannot wait for the
// other writer. Both must finish, the one that waits saying so, and the index must hold
// everything once.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { IndexSummary } from '../../src-main/api/contract'
import { assertCliBuilt, runCli } from '../helpers/cli'
import { DA_TACOS, removeTempDirs, snapshot, tempDir } from '../helpers/fixtures'

beforeAll(() => assertCliBuilt())
afterAll(removeTempDirs)

describe('two index runs on one database at once', () => {
  test('both finish without "database is locked"; the index holds the whole library once', async () => {
    const dir = tempDir()
    const db = join(dir, 'refrain.db')
    const env = { home: join(dir, 'home'), extra: { REFRAIN_DEFAULT_LIBRARY: '0' } }
    // Each run writes 25,000 performances in batches: long enough for the two to overlap.
    const [a, b] = await Promise.all([runCli(['index', DA_TACOS, '--db', db], env, 180_000), runCli(['index', DA_TACOS, '--db', db], env, 180_000)])
    for (const run of [a, b]) {
      expect(run.stderr).not.toMatch(/locked|busy/i)
      expect(run.code, run.stderr).toBe(0)
    }
    const said = `${a.stderr}${b.stderr}`
    expect(said).toMatch(/waiting for another Refrain process writing to this database/)
    const index = snapshot(db)
    expect(index.performances).toBe(25_000)
    expect(index.withMetadata).toBe(25_000)
    expect(index.searchRows).toBe(25_000)
    expect(index.files.every((f) => (f as { status: string }).status === 'ok')).toBe(true)
    // A third run finds everything unchanged.
    const again = await runCli(['index', DA_TACOS, '--db', db, '--json'], env, 120_000)
    expect((JSON.parse(again.stdout) as IndexSummary).filesIndexed).toBe(0)
  }, 300_000)
})
