// Import planning: works from sub-folders or a CSV, ids stable across runs and machines, the
// CSV dialect, and where an import goes by default.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { defaultOutFor } from '../src-main/importer/importer'
import { parseCsv, planFromFolders, stableNumber } from '../src-main/importer/plan'
import { removeTempDirs, tempDir } from './helpers/fixtures'

afterAll(removeTempDirs)

function touch(path: string): void {
  mkdirSync(join(path, '..'), { recursive: true })
  writeFileSync(path, 'x')
}

describe('planFromFolders', () => {
  it('one work per sub-folder, single files their own works, hidden and non-audio files ignored', async () => {
    const root = tempDir()
    for (const rel of ['Work A/one.wav', 'Work A/deeper/two.FLAC', 'Work B/三.mp3', 'solo.opus', '.hidden.wav', 'Work B/.DS_Store', 'notes.txt', 'cover.jpg']) touch(join(root, rel))
    const plan = await planFromFolders(root)
    const rows = plan.files.map((f) => [f.rel, f.workTitle, f.perfTitle, f.single])
    expect(rows).toEqual([
      ['Work A/deeper/two.FLAC', 'Work A', 'two', false],
      ['Work A/one.wav', 'Work A', 'one', false],
      ['Work B/三.mp3', 'Work B', '三', false],
      ['solo.opus', 'solo', 'solo', true],
    ])
    const [two, one, three, solo] = plan.files
    expect(two.workId).toBe(one.workId)
    expect(new Set([one.workId, three.workId, solo.workId]).size).toBe(3)
    for (const file of plan.files) {
      expect(file.workId).toMatch(/^W_\d{10}$/)
      expect(file.perfId).toMatch(/^P_\d{10}$/)
    }
    // The same relative paths elsewhere give the same ids.
    const copy = tempDir()
    for (const file of plan.files) touch(join(copy, file.rel))
    expect((await planFromFolders(copy)).files.map((f) => [f.workId, f.perfId])).toEqual(plan.files.map((f) => [f.workId, f.perfId]))
  })
  it('ids are fixed numbers: a change to the hashing would renumber everyone\'s imports', () => {
    expect(stableNumber('perf:Work A/one.wav')).toBe(stableNumber('perf:Work A/one.wav'))
    expect(stableNumber('perf:a')).not.toBe(stableNumber('perf:b'))
    expect(stableNumber('perf:Work A/one.wav')).toBeGreaterThanOrEqual(1_000_000_000)
    expect(stableNumber('perf:Work A/one.wav')).toBeLessThan(10_000_000_000)
  })
})

describe('parseCsv', () => {
  it('reads quotes, doubled quotes, commas in fields, CRLF, a BOM and blank lines', () => {
    expect(parseCsv('\uFEFFfile,work\r\n"a, b.wav","Say ""hi"""\r\n\r\nc.wav,Plain\n')).toEqual([
      ['file', 'work'],
      ['a, b.wav', 'Say "hi"'],
      ['c.wav', 'Plain'],
    ])
  })
})

describe('defaultOutFor', () => {
  it('imports/<name>, and <name>-2 when another folder of that name was imported there', () => {
    const imports = tempDir()
    const first = join(tempDir(), 'songs')
    const second = join(tempDir(), 'songs')
    expect(defaultOutFor(imports, first)).toBe(join(imports, 'songs'))
    mkdirSync(join(imports, 'songs'))
    writeFileSync(join(imports, 'songs', '.refrain-import.json'), JSON.stringify({ version: 1, folder: first, files: {} }))
    expect(defaultOutFor(imports, first)).toBe(join(imports, 'songs'))
    expect(defaultOutFor(imports, second)).toBe(join(imports, 'songs-2'))
  })
})
