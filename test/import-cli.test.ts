// `refrain import` through the built CLI: audio of every format, rate and channel count, names
// in any script, and bad files -> a Da-TACOS-layout dataset that h5py reads and `refrain index`
// indexes; a second run skips finished files; SIGINT and SIGKILL lose nothing finished; a
// crashed worker is replaced and its file reported.
import { execFileSync } from 'node:child_process'
import { copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { ImportSummary, IndexSummary } from '../src-main/api/contract'
import { assertCliBuilt, runCli, spawnCli, type CliResult } from './helpers/cli'
import { REPO, removeTempDirs, tempDir } from './helpers/fixtures'
import { makeWav } from './fixtures/decode/wav'

const FIXTURES = join(REPO, 'test', 'fixtures', 'decode')
const PYTHON = '/usr/bin/python3'
const hasH5py = (() => {
  try {
    execFileSync(PYTHON, ['-c', 'import h5py'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

afterAll(removeTempDirs)
beforeAll(() => assertCliBuilt())

type ImportJson = ImportSummary & { index: IndexSummary | null }
const env = (home: string, extra: Record<string, string> = {}) => ({ home, extra: { REFRAIN_DEFAULT_LIBRARY: '0', ...extra } })

function parse(result: CliResult): ImportJson {
  try {
    return JSON.parse(result.stdout) as ImportJson
  } catch {
    throw new Error(`not JSON (exit ${result.code}):\nstdout: ${result.stdout}\nstderr: ${result.stderr}`)
  }
}

/** Every hpcp file under `out`, relative. */
function h5Files(out: string): string[] {
  const found: string[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else found.push(relative(out, path))
    }
  }
  const name = out.split('/').pop()!
  if (existsSync(join(out, `${name}_hpcp`))) walk(join(out, `${name}_hpcp`))
  return found.sort()
}

/** h5py's view of every hpcp file: shape, dtype, label, track_id, value range. */
function readWithH5py(out: string): Record<string, { shape: number[]; dtype: string; label: string; track_id: string; min: number; max: number; compression: string | null }> {
  const script = `
import h5py, json, sys, glob, os
out = {}
for path in sorted(glob.glob(os.path.join(sys.argv[1], '*_hpcp', '*', '*.h5'))):
    with h5py.File(path, 'r') as f:
        d = f['hpcp']
        data = d[()]
        out[os.path.relpath(path, sys.argv[1])] = dict(shape=list(d.shape), dtype=str(d.dtype), label=f.attrs['label'], track_id=f.attrs['track_id'],
            min=float(data.min()) if data.size else 0.0, max=float(data.max()) if data.size else 0.0, compression=d.compression)
print(json.dumps(out))
`
  return JSON.parse(execFileSync(PYTHON, ['-c', script, out], { encoding: 'utf8' }))
}

describe('import -> index -> show', () => {
  let home: string
  let src: string
  let out: string
  let first: ImportJson
  let firstResult: CliResult

  beforeAll(async () => {
    const dir = tempDir()
    home = join(dir, 'home')
    src = join(dir, 'my songs')
    out = join(dir, 'datasets', 'mine')
    // Work "Yesterday": three versions in different formats, rates and channel counts.
    makeWav(join(src, 'Yesterday', 'take 1 (44.1k stereo).wav'), 44100, 2, 2)
    makeWav(join(src, 'Yesterday', 'live', 'take "2" 96k 24-bit.wav'), 96000, 2, 1, { bits: 24 })
    copyFileSync(join(FIXTURES, 'tone-48k-stereo.flac'), join(src, 'Yesterday', 'studio.flac'))
    // Work in Cyrillic, with CJK file names and odd formats.
    makeWav(join(src, 'Группа крови', '版本 一.wav'), 8000, 1, 1, { bits: 8 })
    makeWav(join(src, 'Группа крови', "O'Brien 6ch.wav"), 22050, 6, 1, { bits: 32, float: true, extensible: true })
    copyFileSync(join(FIXTURES, 'tone-44k-6ch.ogg'), join(src, 'Группа крови', 'vorbis.ogg'))
    // Single files: their own works.
    copyFileSync(join(FIXTURES, 'tone-22k-mono.mp3'), join(src, 'lonely.mp3'))
    copyFileSync(join(FIXTURES, 'tone-48k-stereo.opus'), join(src, 'opus song.opus'))
    makeWav(join(src, 'silence.wav'), 44100, 2, 1, { bits: 16 }, () => 0)
    // Bad files.
    writeFileSync(join(src, 'empty.wav'), '')
    writeFileSync(join(src, 'notes.mp3'), 'not an mp3 at all, just text\n')
    const m4a = Buffer.alloc(256)
    m4a.write('ftypM4A ', 4, 'latin1')
    writeFileSync(join(src, 'song.m4a'), m4a)
    writeFileSync(join(src, 'cut.flac'), readFileSync(join(FIXTURES, 'tone-48k-stereo.flac')).subarray(0, 60))
    symlinkSync(join(src, 'gone.wav'), join(src, 'dangling.wav'))
    writeFileSync(join(src, 'cover.jpg'), 'not looked at')
    firstResult = await runCli(['import', src, '--out', out, '--json', '--workers', '2'], env(home), 240_000)
    first = parse(firstResult)
  }, 300_000)

  test('imports the good files and names each bad one, exit 3', () => {
    expect(firstResult.code).toBe(3)
    expect(first).toMatchObject({ out, dataset: 'mine', filesSeen: 13, imported: 9, skipped: 0, failed: 4, cancelled: false })
    expect(first.audioSeconds).toBeCloseTo(2 + 1 + 0.5 + 1 + 1 + 0.5 + 1 + 1 + 1, 0)
    const errors = first.messages.filter((m) => m.level === 'error').map((m) => `${relative(src, m.file)}: ${m.message}`)
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^empty\.wav: empty file/),
        expect.stringMatching(/^notes\.mp3: unsupported format/),
        expect.stringMatching(/^song\.m4a: unsupported format \(MP4\/M4A/),
        expect.stringMatching(/^cut\.flac: no audio could be decoded/),
        expect.stringMatching(/^dangling\.wav: broken link/),
      ]),
    )
    expect(errors.join('\n')).not.toMatch(/cover\.jpg|silence/)
    expect(first.index).toMatchObject({ performances: 9, features: 9, filesFailed: 0 })
  })

  test('writes the Da-TACOS layout: metadata JSON, hpcp files, links to the audio', () => {
    const metadata = JSON.parse(readFileSync(join(out, 'mine_metadata.json'), 'utf8')) as Record<string, Record<string, Record<string, string>>>
    const entries = Object.entries(metadata).flatMap(([workId, perfs]) => Object.entries(perfs).map(([perfId, entry]): Record<string, string> => ({ ...entry, workId, perfId })))
    expect(entries).toHaveLength(9)
    for (const entry of entries) {
      expect(entry.workId).toMatch(/^W_\d+$/)
      expect(entry.perfId).toMatch(/^P_\d+$/)
      expect(entry).toMatchObject({ work_id: entry.workId, perf_id: entry.perfId })
      expect(Object.keys(entry).sort()).toEqual(['instrumental', 'perfId', 'perf_artist', 'perf_id', 'perf_title', 'release_year', 'workId', 'work_artist', 'work_id', 'work_title'])
      expect(existsSync(join(out, 'mine_hpcp', `${entry.workId}_hpcp`, `${entry.perfId}_hpcp.h5`))).toBe(true)
      const audioDir = join(out, 'mine_audio', entry.workId)
      const audio = readdirSync(audioDir).find((name) => name.startsWith(`${entry.perfId}.`))!
      expect(lstatSync(join(audioDir, audio)).isSymbolicLink()).toBe(true)
      expect(readlinkSync(join(audioDir, audio)).startsWith(src)).toBe(true)
    }
    const byWork = (title: string) => entries.filter((e) => e.work_title === title)
    // Titles come from tags where a file has them (the compressed fixtures do), else from the file name.
    expect(byWork('Yesterday').map((e) => e.perf_title).sort()).toEqual(['Tone für 歌', 'take "2" 96k 24-bit', 'take 1 (44.1k stereo)'])
    expect(new Set(byWork('Yesterday').map((e) => e.workId)).size).toBe(1)
    expect(byWork('Группа крови').map((e) => e.perf_title).sort()).toEqual(["O'Brien 6ch", 'Tone für 歌', '版本 一'])
    expect(byWork('Группа крови').find((e) => e.perf_title === 'Tone für 歌')).toMatchObject({ perf_artist: 'Test Ensemble', release_year: '1999', work_artist: '' })
    // lonely.mp3 and "opus song.opus" sit directly in the folder: works of their own, titled from their tags.
    const singles = byWork('Tone für 歌')
    expect(singles).toHaveLength(2)
    expect(new Set(singles.map((e) => e.workId)).size).toBe(2)
    for (const single of singles) expect(single).toMatchObject({ perf_title: 'Tone für 歌', work_artist: 'Test Ensemble', perf_artist: 'Test Ensemble', release_year: '1999' })
    expect(byWork('silence')).toEqual([expect.objectContaining({ perf_title: 'silence', perf_artist: '', release_year: '' })])
    expect(h5Files(out).filter((f) => f.endsWith('.partial'))).toEqual([])
  })

  test.skipIf(!hasH5py)(`h5py reads every file: hpcp (T, 12) float32, label and track_id${hasH5py ? '' : ' (SKIPPED: /usr/bin/python3 lacks h5py; apt-get install python3-h5py, as .ci/run does)'}`, () => {
    const metadata = JSON.parse(readFileSync(join(out, 'mine_metadata.json'), 'utf8')) as Record<string, Record<string, { perf_title: string }>>
    const files = readWithH5py(out)
    expect(Object.keys(files)).toHaveLength(9)
    for (const [path, file] of Object.entries(files)) {
      const [, workId, perfId] = /(W_\d+)_hpcp\/(P_\d+)_hpcp\.h5$/.exec(path)!
      expect(file).toMatchObject({ dtype: 'float32', label: workId, track_id: perfId, compression: 'gzip' })
      expect(file.shape[1]).toBe(12)
      expect(file.shape[0]).toBeGreaterThan(0)
      // ~86.13 frames per second of audio.
      const seconds = metadata[workId][perfId].perf_title === 'take 1 (44.1k stereo)' ? 2 : null
      if (seconds) expect(Math.abs(file.shape[0] - seconds * 86.13)).toBeLessThan(5)
      // Silence is valid audio: all-zero HPCP, not an error.
      if (metadata[workId][perfId].perf_title === 'silence') expect(file.max).toBe(0)
      else expect(file.max).toBeGreaterThan(0)
      expect(file.min).toBeGreaterThanOrEqual(0)
      expect(file.max).toBeLessThanOrEqual(1)
    }
  })

  test('the library shows the imported works', async () => {
    const search = await runCli(['search', 'Yesterday', '--json'], env(home))
    expect(search.code).toBe(0)
    const works = JSON.parse(search.stdout).works as { workId: string; performances: number; dataset: string }[]
    expect(works).toEqual([expect.objectContaining({ dataset: 'mine', performances: 3 })])
    const show = await runCli(['show', works[0].workId, '--json'], env(home))
    expect(show.code).toBe(0)
    expect(show.stdout).toContain('take 1 (44.1k stereo)')
    const datasets = JSON.parse((await runCli(['datasets', '--json'], env(home))).stdout) as { name: string; performances: number; withFeatures: number }[]
    expect(datasets.find((d) => d.name === 'mine')).toMatchObject({ performances: 9, withFeatures: 9 })
  })

  test('a second run skips finished files, same ids; a touched file is imported again', async () => {
    const before = readFileSync(join(out, 'mine_metadata.json'), 'utf8')
    const again = parse(await runCli(['import', src, '--out', out, '--json'], env(home), 240_000))
    expect(again).toMatchObject({ imported: 0, skipped: 9, failed: 4 })
    expect(readFileSync(join(out, 'mine_metadata.json'), 'utf8')).toBe(before)
    utimesSync(join(src, 'lonely.mp3'), new Date(), new Date(Date.now() - 3600_000))
    const third = parse(await runCli(['import', src, '--out', out, '--json'], env(home), 240_000))
    expect(third).toMatchObject({ imported: 1, skipped: 8 })
    expect(readFileSync(join(out, 'mine_metadata.json'), 'utf8')).toBe(before)
  }, 300_000)
})

test('--works CSV: titles group files, W_<id> is kept, unlisted files are left out, missing ones named', async () => {
  const dir = tempDir()
  const src = join(dir, 'flat')
  makeWav(join(src, 'a.wav'), 44100, 1, 0.5)
  makeWav(join(src, 'b.wav'), 44100, 1, 0.5)
  makeWav(join(src, 'sub', 'c.wav'), 44100, 1, 0.5)
  makeWav(join(src, 'unlisted.wav'), 44100, 1, 0.5)
  const csv = join(dir, 'works.csv')
  writeFileSync(csv, '\uFEFFfile,work\r\na.wav,"Song, with comma"\r\nb.wav,"Song, with comma"\r\nsub/c.wav,W_77\r\nmissing.wav,Other\r\n')
  const out = join(dir, 'csvset')
  const result = await runCli(['import', src, '--out', out, '--works', csv, '--json'], env(join(dir, 'home')), 120_000)
  const summary = parse(result)
  expect(result.code).toBe(3)
  expect(summary).toMatchObject({ filesSeen: 4, imported: 3, failed: 1 })
  expect(summary.messages.map((m) => `${m.level}: ${m.message}`).join('\n')).toMatch(/1 audio file in the folder not listed/)
  expect(summary.messages.find((m) => m.level === 'error')).toMatchObject({ file: join(src, 'missing.wav'), message: 'does not exist' })
  const metadata = JSON.parse(readFileSync(join(out, 'csvset_metadata.json'), 'utf8')) as Record<string, Record<string, { work_title: string }>>
  expect(Object.keys(metadata.W_77)).toHaveLength(1)
  const song = Object.entries(metadata).find(([, perfs]) => Object.values(perfs)[0].work_title === 'Song, with comma')!
  expect(Object.keys(song[1])).toHaveLength(2)
}, 150_000)

describe('stopping and resuming', () => {
  /** Many files, since progress is recorded at most once a second: a kill on the recorded count must still find work left however fast the machine is. */
  const LONG_FILES = 30
  function longFolder(): { dir: string; src: string; out: string } {
    const dir = tempDir()
    const src = join(dir, 'long')
    for (let i = 0; i < LONG_FILES; i++) makeWav(join(src, `work ${i % 3}`, `file ${i}.wav`), 48000, 2, 6)
    return { dir, src, out: join(dir, 'out', 'long') }
  }
  const finished = (out: string) => {
    try {
      return Object.keys(JSON.parse(readFileSync(join(out, '.refrain-import.json'), 'utf8')).files).length
    } catch {
      return 0
    }
  }

  test('SIGKILL mid-import: no half files under real names; the same command finishes the rest', async () => {
    const { dir, src, out } = longFolder()
    const child = spawnCli(['import', src, '--out', out, '--workers', '1', '--json'], env(join(dir, 'home')))
    const started = Date.now()
    while (finished(out) < 2 && Date.now() - started < 120_000) await sleep(50)
    child.kill('SIGKILL')
    await new Promise((resolve) => child.on('close', resolve))
    const done = finished(out)
    expect(done).toBeGreaterThanOrEqual(2)
    expect(done).toBeLessThan(LONG_FILES)
    if (hasH5py) expect(Object.keys(readWithH5py(out)).length).toBeGreaterThanOrEqual(done)
    const resumed = parse(await runCli(['import', src, '--out', out, '--json'], env(join(dir, 'home')), 240_000))
    expect(resumed.skipped).toBe(done)
    expect(resumed.imported + resumed.skipped).toBe(LONG_FILES)
    expect(resumed.failed).toBe(0)
    expect(h5Files(out)).toHaveLength(LONG_FILES)
    expect(h5Files(out).filter((f) => f.endsWith('.partial'))).toEqual([])
    if (hasH5py) expect(Object.keys(readWithH5py(out))).toHaveLength(LONG_FILES)
  }, 300_000)

  test('SIGINT stops cleanly (exit 130), keeping finished files', async () => {
    const { dir, src, out } = longFolder()
    const child = spawnCli(['import', src, '--out', out, '--workers', '1', '--json'], env(join(dir, 'home')))
    let stdout = ''
    child.stdout!.on('data', (chunk) => (stdout += chunk))
    const started = Date.now()
    while (finished(out) < 1 && Date.now() - started < 120_000) await sleep(50)
    child.kill('SIGINT')
    const code = await new Promise((resolve) => child.on('close', resolve))
    expect(code).toBe(130)
    const summary = JSON.parse(stdout) as ImportJson
    expect(summary.cancelled).toBe(true)
    expect(summary.index).toBeNull()
    expect(summary.imported).toBeGreaterThanOrEqual(1)
    expect(finished(out)).toBe(summary.imported)
    const metadata = JSON.parse(readFileSync(join(out, 'long_metadata.json'), 'utf8')) as Record<string, Record<string, unknown>>
    expect(Object.values(metadata).reduce((n, perfs) => n + Object.keys(perfs).length, 0)).toBe(summary.imported)
    const rest = parse(await runCli(['import', src, '--out', out, '--json'], env(join(dir, 'home')), 240_000))
    expect(rest).toMatchObject({ skipped: summary.imported, imported: LONG_FILES - summary.imported, cancelled: false })
  }, 300_000)
})

test('a worker that crashes is replaced; its file is reported and the rest are imported', async () => {
  const dir = tempDir()
  const src = join(dir, 'crashy')
  for (const name of ['a', 'b', 'crash-me', 'd', 'e']) makeWav(join(src, `${name}.wav`), 44100, 1, 0.5)
  mkdirSync(join(dir, 'home'))
  const result = await runCli(['import', src, '--out', join(dir, 'out'), '--workers', '1', '--json'], env(join(dir, 'home'), { REFRAIN_TEST_CRASH: 'crash-me.wav' }), 120_000)
  const summary = parse(result)
  expect(result.code).toBe(3)
  expect(summary).toMatchObject({ imported: 4, failed: 1 })
  expect(summary.messages).toEqual([expect.objectContaining({ level: 'error', file: join(src, 'crash-me.wav'), message: expect.stringMatching(/worker crashed/) })])
}, 150_000)

test('usage errors: no folder, a bad --workers, a folder that does not exist', async () => {
  const home = tempDir()
  expect((await runCli(['import'], env(home))).code).toBe(2)
  expect((await runCli(['import', home, '--workers', '0'], env(home))).code).toBe(2)
  const missing = await runCli(['import', join(home, 'nope'), '--out', join(home, 'o')], env(home))
  expect(missing.code).toBe(1)
  expect(missing.stderr).toMatch(/nope: does not exist/)
}, 150_000)
