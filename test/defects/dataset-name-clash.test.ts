// Defect 6: a dataset is named after its folder, so two folders of the same name in different
// places (two imports' --out, say) merged into one dataset, the second re-pointing the first's
// files. The second is now refused, naming both folders; indexing the same folder from above or
// below is still one dataset, and a dataset whose folder was moved follows it.
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { RefrainError } from '../../src-main/errors'
import { defaultOutFor, runImport } from '../../src-main/importer/importer'
import { openDb, type Db } from '../../src-main/index/db'
import { runIndex } from '../../src-main/index/indexer'
import { indexedDatasetFolder } from '../../src-main/index/store'
import { assertCliBuilt, runCli } from '../helpers/cli'
import { metadataEntry, removeTempDirs, tempDir, writeHpcp } from '../helpers/fixtures'
import { wavTones } from '../helpers/media'

afterAll(removeTempDirs)

/** `<parent>/set`: a user dataset "set" of one work with performance `perfId`. */
async function datasetFolder(parent: string, perfId: string): Promise<string> {
  const root = join(parent, 'set')
  mkdirSync(root, { recursive: true })
  writeFileSync(join(root, 'set_metadata.json'), JSON.stringify({ W_1: { [perfId]: metadataEntry('W_1', perfId) } }))
  await writeHpcp(join(root, 'set_hpcp', 'W_1_hpcp', `${perfId}_hpcp.h5`), 'W_1', perfId)
  return root
}

const rows = (db: Db) => ({
  datasets: db.prepare('SELECT name, root FROM datasets').all(),
  features: (db.prepare('SELECT path FROM features').all() as { path: string }[]).map((row) => row.path),
  performances: (db.prepare('SELECT perf_id AS id FROM performances ORDER BY perf_id').all() as { id: string }[]).map((row) => row.id),
})

describe('two dataset folders of one name', () => {
  test('the second is refused by name, naming both folders; the first keeps its files', async () => {
    const dir = tempDir()
    const first = await datasetFolder(join(dir, 'a'), 'P_1')
    const second = await datasetFolder(join(dir, 'b'), 'P_2')
    const db = openDb(join(dir, 'refrain.db'))
    try {
      await runIndex(db, { paths: [first] })
      const summary = await runIndex(db, { paths: [second] })
      expect(summary.filesFailed).toBe(2)
      expect(summary.filesIndexed).toBe(0)
      expect(summary.messages).toEqual([
        {
          level: 'error',
          file: second,
          message: `a dataset named "set" is already indexed from ${first}; this folder's 2 files would merge into it and were left out: rename this folder (its name names the dataset), or remove the other dataset first`,
        },
      ])
      expect(rows(db)).toEqual({ datasets: [{ name: 'set', root: first }], features: [join(first, 'set_hpcp', 'W_1_hpcp', 'P_1_hpcp.h5')], performances: ['P_1'] })

      // Both in one run: the first given wins, the second is refused.
      const fresh = openDb(join(dir, 'fresh.db'))
      const both = await runIndex(fresh, { paths: [second, first] }).finally(() => fresh.close())
      expect(both.messages.map((m) => [m.level, m.file])).toEqual([['error', first]])

      // The same folder again, from above and from below: one dataset, no complaint.
      for (const path of [first, join(dir, 'a'), join(first, 'set_hpcp')]) {
        const again = await runIndex(db, { paths: [path] })
        expect(again.messages.filter((m) => m.level === 'error'), path).toEqual([])
      }
    } finally {
      db.close()
    }
  })

  test('a dataset whose folder was moved follows it, and says so', async () => {
    const dir = tempDir()
    const first = await datasetFolder(join(dir, 'a'), 'P_1')
    const db = openDb(join(dir, 'refrain.db'))
    try {
      await runIndex(db, { paths: [first] })
      mkdirSync(join(dir, 'c'))
      const moved = join(dir, 'c', 'set')
      renameSync(first, moved)
      const summary = await runIndex(db, { paths: [moved] })
      expect(summary.filesFailed).toBe(0)
      expect(summary.messages).toContainEqual({ level: 'warning', file: moved, message: `dataset "set" was indexed from ${first}, which is gone; it is now indexed from here` })
      expect(rows(db).datasets).toEqual([{ name: 'set', root: moved }])
      expect(rows(db).features).toContain(join(moved, 'set_hpcp', 'W_1_hpcp', 'P_1_hpcp.h5'))
    } finally {
      db.close()
    }
  })

  test('an import into a folder named like an indexed dataset elsewhere is refused up front (code conflict)', async () => {
    const dir = tempDir()
    const first = await datasetFolder(join(dir, 'a'), 'P_1')
    const audio = join(dir, 'audio')
    mkdirSync(audio)
    writeFileSync(join(audio, 'take.wav'), wavTones(0.5))
    const db = openDb(join(dir, 'refrain.db'))
    try {
      await runIndex(db, { paths: [first] })
      const out = join(dir, 'b', 'set')
      const attempt = runImport({ folder: audio, out, indexedDatasetFolder: (name) => indexedDatasetFolder(db, name) })
      await expect(attempt).rejects.toThrow(RefrainError)
      await expect(attempt).rejects.toMatchObject({ code: 'conflict', message: `dataset "set" is already indexed from ${first}; an import into ${out} would merge into it: choose an output folder with another name` })
      expect(existsSync(out)).toBe(false)
    } finally {
      db.close()
    }
  })

  test('the default output folder steps past a name an indexed dataset elsewhere already has', async () => {
    const dir = tempDir()
    const first = await datasetFolder(join(dir, 'a'), 'P_1')
    const db = openDb(join(dir, 'refrain.db'))
    try {
      await runIndex(db, { paths: [first] })
      const imports = join(dir, 'imports')
      expect(defaultOutFor(imports, join(dir, 'music', 'set'))).toBe(join(imports, 'set'))
      expect(defaultOutFor(imports, join(dir, 'music', 'set'), (name) => indexedDatasetFolder(db, name))).toBe(join(imports, 'set-2'))
      expect(defaultOutFor(imports, join(dir, 'music', 'other'), (name) => indexedDatasetFolder(db, name))).toBe(join(imports, 'other'))
    } finally {
      db.close()
    }
  })

  test('refrain import twice into --out folders of one name: the second says so and the first dataset is untouched', async () => {
    assertCliBuilt()
    const dir = tempDir()
    const env = { home: join(dir, 'home'), extra: { REFRAIN_DEFAULT_LIBRARY: '0' } }
    const db = join(dir, 'refrain.db')
    for (const name of ['one', 'two']) {
      mkdirSync(join(dir, name))
      writeFileSync(join(dir, name, `${name}.wav`), wavTones(0.5))
    }
    const first = await runCli(['import', join(dir, 'one'), '--out', join(dir, 'x', 'set'), '--workers', '1', '--db', db], env, 120_000)
    expect(first.code, first.stderr).toBe(0)
    const second = await runCli(['import', join(dir, 'two'), '--out', join(dir, 'y', 'set'), '--workers', '1', '--db', db], env, 120_000)
    expect(second.code).not.toBe(0)
    expect(second.stderr).toContain(join(dir, 'x', 'set'))
    expect(second.stderr).toContain(join(dir, 'y', 'set'))
    const shown = await runCli(['datasets', '--json', '--db', db], env)
    expect(JSON.parse(shown.stdout)).toEqual([expect.objectContaining({ name: 'set', root: join(dir, 'x', 'set'), performances: 1 })])
  }, 180_000)
})
