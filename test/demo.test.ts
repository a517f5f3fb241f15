// The committed demo library (resources/demo, built by `npm run demo:build`): enough works with
// enough versions and enough unrelated tracks, every performance with its HPCP file and a real
// (not linked) compressed audio clip, within the size budget, with its licence and provenance.
import { existsSync, lstatSync, openSync, readFileSync, readSync, closeSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { inspectFeatureFile, readChroma } from '../src-main/dataset/features'
import { REPO } from './helpers/fixtures'

const DEMO = join(REPO, 'resources', 'demo')
const KEYS = ['work_title', 'work_artist', 'perf_title', 'perf_artist', 'release_year', 'work_id', 'perf_id', 'instrumental']

type Entry = Record<(typeof KEYS)[number], string>
const metadata = (): Record<string, Record<string, Entry>> => JSON.parse(readFileSync(join(DEMO, 'demo_metadata.json'), 'utf8'))

function totalBytes(dir: string): number {
  let total = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    total += entry.isDirectory() ? totalBytes(path) : lstatSync(path).size
  }
  return total
}

function audioOf(workId: string, perfId: string): string[] {
  const dir = join(DEMO, 'demo_audio', workId)
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith(`${perfId}.`)).map((f) => join(dir, f)) : []
}

describe('demo library', () => {
  test('at least 40 works with at least 4 versions and at least 40 single-performance works', () => {
    const works = Object.values(metadata()).map((perfs) => Object.keys(perfs).length)
    expect(works.filter((n) => n >= 4).length).toBeGreaterThanOrEqual(40)
    expect(works.filter((n) => n === 1).length).toBeGreaterThanOrEqual(40)
  })

  test('the metadata keeps the Da-TACOS layout and says who plays what', () => {
    for (const [workId, perfs] of Object.entries(metadata())) {
      const titles = new Set<string>()
      for (const [perfId, entry] of Object.entries(perfs)) {
        expect(Object.keys(entry)).toEqual(KEYS)
        expect(entry.work_id).toBe(workId)
        expect(entry.perf_id).toBe(perfId)
        expect(workId).toMatch(/^W_\d+$/)
        expect(perfId).toMatch(/^P_\d+$/)
        expect(entry.work_title.length).toBeGreaterThan(0)
        expect(entry.work_artist.length).toBeGreaterThan(0)
        expect(entry.perf_artist.length).toBeGreaterThan(0)
        titles.add(entry.work_title)
      }
      // one work is one piece
      expect(titles.size).toBe(1)
    }
  })

  test('every performance has an HPCP file (T x 12, label and track_id matching) and a compressed audio clip', async () => {
    const meta = metadata()
    let checked = 0
    for (const [workId, perfs] of Object.entries(meta)) {
      for (const perfId of Object.keys(perfs)) {
        const hpcp = join(DEMO, 'demo_hpcp', `${workId}_hpcp`, `${perfId}_hpcp.h5`)
        expect(existsSync(hpcp), hpcp).toBe(true)
        const audio = audioOf(workId, perfId)
        expect(audio, `${workId}/${perfId} audio`).toHaveLength(1)
        const stat = lstatSync(audio[0])
        expect(stat.isFile(), `${audio[0]} is a real file, not a link`).toBe(true)
        expect(audio[0]).toMatch(/\.(opus|ogg)$/)
        const head = Buffer.alloc(36)
        const fd = openSync(audio[0], 'r')
        readSync(fd, head, 0, 36, 0)
        closeSync(fd)
        expect(head.toString('ascii', 0, 4)).toBe('OggS')
        expect(head.toString('ascii', 28, 36)).toBe('OpusHead')
        checked++
      }
    }
    // the features themselves, read as the app reads them, for a spread of files
    const all = Object.entries(meta).flatMap(([w, perfs]) => Object.keys(perfs).map((p) => [w, p] as const))
    for (const [workId, perfId] of all.filter((_, i) => i % 25 === 0)) {
      const path = join(DEMO, 'demo_hpcp', `${workId}_hpcp`, `${perfId}_hpcp.h5`)
      const facts = await inspectFeatureFile(path, 'hpcp')
      expect(facts.workId).toBe(workId)
      expect(facts.perfId).toBe(perfId)
      const chroma = await readChroma(path, 'hpcp')
      expect(chroma.frames).toBeGreaterThan(86 * 15)
      expect(chroma.nonFinite).toBe(0)
    }
    expect(checked).toBeGreaterThan(200)
  })

  test('nothing is left over: no links, no importer state, every audio and hpcp file belongs to a performance', () => {
    const meta = metadata()
    for (const w of readdirSync(join(DEMO, 'demo_audio'))) {
      for (const f of readdirSync(join(DEMO, 'demo_audio', w))) expect(meta[w]?.[f.replace(/\..*$/, '')], `${w}/${f}`).toBeDefined()
    }
    for (const w of readdirSync(join(DEMO, 'demo_hpcp'))) {
      for (const f of readdirSync(join(DEMO, 'demo_hpcp', w))) expect(meta[w.replace(/_hpcp$/, '')]?.[f.replace(/_hpcp\.h5$/, '')], `${w}/${f}`).toBeDefined()
    }
    expect(existsSync(join(DEMO, '.refrain-import.json'))).toBe(false)
  })

  test('at most 40 MB in all', () => {
    expect(totalBytes(DEMO)).toBeLessThanOrEqual(40 * 1024 * 1024)
  })

  test('licence and provenance', () => {
    const licence = readFileSync(join(DEMO, 'LICENSE.md'), 'utf8')
    expect(licence).toContain('CC BY-NC-SA 4.0')
    expect(licence).toContain('Foscarin')
    expect(licence).toContain('MAESTRO')
    expect(licence).toMatch(/soundfont/i)
    const source = readFileSync(join(DEMO, 'SOURCE.md'), 'utf8')
    expect(source).toContain('npm run demo:build')
    expect(source).toMatch(/seed \d+/)
    for (const perfs of Object.values(metadata())) for (const perfId of Object.keys(perfs)) expect(source).toContain(perfId)
  })
})
