// Defect 4: a chroma dataset of integers (as numpy writes by default from an int array) was
// reported as "N NaN or infinite values" and then kept as a feature. It is refused by name, and
// the float file beside it is still indexed.
import h5wasm from 'h5wasm/node'
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { readChroma } from '../../src-main/dataset/features'
import { openDb } from '../../src-main/index/db'
import { runIndex } from '../../src-main/index/indexer'
import { removeTempDirs, tempDir, writeHpcp } from '../helpers/fixtures'

afterAll(removeTempDirs)

async function writeIntHpcp(path: string, perfId: string, data: BigInt64Array | Int32Array, dtype: string): Promise<string> {
  await h5wasm.ready
  mkdirSync(dirname(path), { recursive: true })
  const file = new h5wasm.File(path, 'w')
  file.create_dataset({ name: 'hpcp', data, shape: [data.length / 12, 12], dtype })
  file.create_attribute('label', 'W_1')
  file.create_attribute('track_id', perfId)
  file.close()
  return path
}

describe('integer chroma', () => {
  test('int64 and int32 hpcp files are refused as "integer type, float expected"; the float one is kept', async () => {
    const root = join(tempDir(), 'ints')
    const folder = join(root, 'ints_hpcp', 'W_1_hpcp')
    const int64 = await writeIntHpcp(join(folder, 'P_1_hpcp.h5'), 'P_1', new BigInt64Array(120).fill(1n), '<q')
    const int32 = await writeIntHpcp(join(folder, 'P_2_hpcp.h5'), 'P_2', new Int32Array(120).fill(1), '<i')
    await writeHpcp(join(folder, 'P_3_hpcp.h5'), 'W_1', 'P_3')
    const db = openDb(join(root, '..', 'refrain.db'))
    try {
      const summary = await runIndex(db, { paths: [root] })
      expect(summary.filesFailed).toBe(2)
      expect(summary.features).toBe(1)
      const errors = summary.messages.filter((m) => m.level === 'error').map((m) => [m.file, m.message]).sort()
      expect(errors).toEqual([
        [int64, '"hpcp" has integer type, float expected'],
        [int32, '"hpcp" has integer type, float expected'],
      ])
      expect(summary.messages.some((m) => /NaN/.test(m.message))).toBe(false)
      const kept = db.prepare('SELECT p.perf_id AS perfId FROM features f JOIN performances p ON p.id = f.performance_row').all()
      expect(kept).toEqual([{ perfId: 'P_3' }])
    } finally {
      db.close()
    }
    await expect(readChroma(int64, 'hpcp')).rejects.toThrow('"hpcp" has integer type, float expected')
  })
})
