// Defect 1: folder links that lead back up (`self -> .`, `sub/up -> ..`, /proc/self's `root -> /`)
// made `refrain index` and `refrain import` walk forever (or the whole file system). Each walk
// must finish, list every real file once, and say which link it did not follow.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { scanPaths } from '../../src-main/dataset/layout'
import { planFromFolders } from '../../src-main/importer/plan'
import { removeTempDirs, tempDir } from '../helpers/fixtures'

afterAll(removeTempDirs)

/** A folder with an audio file and a feature file, and two links that loop. */
function loopyFolder(): string {
  const root = join(tempDir(), 'loopy')
  mkdirSync(join(root, 'mine_hpcp', 'W_1_hpcp'), { recursive: true })
  writeFileSync(join(root, 'mine_hpcp', 'W_1_hpcp', 'P_1_hpcp.h5'), '')
  mkdirSync(join(root, 'sub'), { recursive: true })
  writeFileSync(join(root, 'sub', 'take.wav'), 'x')
  symlinkSync('.', join(root, 'self'))
  symlinkSync('..', join(root, 'sub', 'up'))
  return root
}

describe('link loops', () => {
  test('index: a folder linking to itself and to its parent is walked once, and the loops are named', async () => {
    const root = loopyFolder()
    const started = Date.now()
    const scan = await scanPaths([root])
    expect(Date.now() - started).toBeLessThan(5000)
    expect(scan.files.map((f) => f.path)).toEqual([join(root, 'mine_hpcp', 'W_1_hpcp', 'P_1_hpcp.h5')])
    expect(scan.problems).toEqual([])
    expect(scan.warnings.map((w) => w.file).sort()).toEqual([join(root, 'self'), join(root, 'sub', 'up')])
    for (const warning of scan.warnings) expect(warning.message).toMatch(/^a link to .* not followed/)
  })

  test('import: the same folder gives one performance, not thousands', async () => {
    const root = loopyFolder()
    const plan = await planFromFolders(root)
    expect(plan.files.map((f) => f.rel)).toEqual(['sub/take.wav'])
    expect(plan.problems.map((p) => [p.file, p.level]).sort()).toEqual([
      [join(root, 'self'), 'warning'],
      [join(root, 'sub', 'up'), 'warning'],
    ])
  })

  test('two links to one folder: its files are found once', async () => {
    const root = loopyFolder()
    symlinkSync(join(root, 'sub'), join(root, 'again'))
    const plan = await planFromFolders(root)
    expect(plan.files.map((f) => f.rel).filter((rel) => rel.endsWith('take.wav'))).toHaveLength(1)
  })

  test.runIf(process.platform === 'linux')('/proc/self (root -> /, cwd -> here) ends quickly instead of walking the whole file system', async () => {
    const started = Date.now()
    const scan = await scanPaths(['/proc/self'])
    expect(Date.now() - started).toBeLessThan(20_000)
    expect(scan.warnings.some((w) => w.file === '/proc/self/root')).toBe(true)
  }, 60_000)
})
