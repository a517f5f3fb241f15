// The committed small pop development set (resources/popset-small, built by `npm run pop:build --
// --small` from POP909): its manifest is what the seeded planner gives, its split is by work,
// every version has its HPCP file, the versions differ in all the ways covers do, and it stays
// within its size budget with its licence and provenance.
import h5wasm from 'h5wasm/node'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
// @ts-expect-error plain JavaScript developer scripts, without type declarations
import { chooseSongs, planAll, planSong } from '../scripts/pop/plan.js'
// @ts-expect-error plain JavaScript developer scripts, without type declarations
import { renderVersion } from '../scripts/pop/render.js'
// @ts-expect-error plain JavaScript developer scripts, without type declarations
import { readWav } from '../scripts/demo/wav.js'
// @ts-expect-error plain JavaScript developer scripts, without type declarations
import { splitWorks } from '../scripts/pop/splits.js'
import { REPO } from './helpers/fixtures'

const SET = join(REPO, 'resources', 'popset-small')
const NAME = 'popset-small'

interface Version {
  work: string
  song: string
  version: number
  file: string
  kind: string
  parts: Record<string, { name: string; program: number }>
  soundfont: string
  transpose: number
  tempo: number
  excerpt: { startBar: number; barsPerSection: number; sections: { bars: [number, number]; seconds: [number, number] }[] }
  edits: { kind: string }[]
  order: number[]
  segments: [number, number][]
  seconds: number
  noise: { color: string; snrDb: number } | null
  drums: { pattern: string } | null
}
interface Manifest {
  available: string[]
  options: { seed: number; works: number; versions: number; clip: number }
  songs: { song: string }[]
  versions: Version[]
  results: Record<string, { perf: string; h5: string; seconds: number }>
}

const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'))
const manifest = (): Manifest => json(join(SET, 'manifest.json'))
const metadata = (): Record<string, Record<string, Record<string, string>>> => json(join(SET, `${NAME}_metadata.json`))
const splits = (): Record<'train' | 'validation' | 'test', string[]> => json(join(SET, 'splits.json'))

function bytesUnder(dir: string): number {
  let total = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) total += e.isDirectory() ? bytesUnder(join(dir, e.name)) : statSync(join(dir, e.name)).size
  return total
}

beforeAll(async () => {
  await h5wasm.ready
})

describe('small pop development set', () => {
  test('the manifest is the plan the seed gives: same songs, same versions', () => {
    const m = manifest()
    expect(m.songs.map((s) => s.song)).toEqual(chooseSongs(m.available, m.options))
    expect(planAll(m.songs, m.options)).toEqual(m.versions)
    // and another seed plans otherwise
    expect(planAll(m.songs, { ...m.options, seed: m.options.seed + 1 })).not.toEqual(m.versions)
  })

  test('at least 50 works of 5 versions, ids stable from the song and version', () => {
    const m = manifest()
    const meta = metadata()
    expect(Object.keys(meta).length).toBeGreaterThanOrEqual(50)
    for (const [work, perfs] of Object.entries(meta)) {
      expect(work).toMatch(/^W_909\d{3}$/)
      expect(Object.keys(perfs)).toHaveLength(5)
    }
    const perfIds = new Set<string>()
    for (const v of m.versions) {
      expect(v.work).toBe(`W_909${v.song}`)
      expect(v.file).toBe(`${v.song}/${v.song}-v${v.version}.wav`)
      const perf = m.results[v.file]?.perf
      expect(perf, v.file).toMatch(/^P_\d+$/)
      perfIds.add(perf)
      expect(meta[v.work][perf].perf_id).toBe(perf)
    }
    expect(perfIds.size).toBe(m.versions.length)
  })

  test('the split is by work, seeded, disjoint, about 70/15/15, and covers every work', () => {
    const m = manifest()
    const s = splits()
    const works = Object.keys(metadata()).sort()
    const all = [...s.train, ...s.validation, ...s.test]
    expect(new Set(all).size).toBe(all.length)
    expect([...all].sort()).toEqual(works)
    expect(s).toEqual(splitWorks(works, m.options.seed))
    expect(Math.abs(s.test.length - 0.15 * works.length)).toBeLessThanOrEqual(1)
    expect(Math.abs(s.validation.length - 0.15 * works.length)).toBeLessThanOrEqual(1)
    for (const name of ['train', 'validation', 'test'] as const) {
      expect(readFileSync(join(SET, 'splits', `${name}_works.txt`), 'utf8').trim().split('\n')).toEqual(s[name])
    }
  })

  test('every version has its HPCP file: (T, 12) float32 as long as the clip, label and track_id', () => {
    const m = manifest()
    for (const v of m.versions) {
      const { perf } = m.results[v.file]
      const path = join(SET, `${NAME}_hpcp`, `${v.work}_hpcp`, `${perf}_hpcp.h5`)
      expect(existsSync(path), path).toBe(true)
      const f = new h5wasm.File(path, 'r')
      try {
        const hpcp = f.get('hpcp') as InstanceType<typeof h5wasm.Dataset>
        expect(hpcp.dtype).toBe('<f')
        expect(hpcp.shape?.[1]).toBe(12)
        // 44100 / 512 frames a second, the clip plus its half-second release
        expect(Math.abs((hpcp.shape?.[0] ?? 0) / (44100 / 512) - (v.seconds + 0.5))).toBeLessThan(0.6)
        expect(f.attrs.label.value).toBe(v.work)
        expect(f.attrs.track_id.value).toBe(perf)
        const data = hpcp.value as Float32Array
        expect(data.some((x) => x > 0)).toBe(true)
      } finally {
        f.close()
      }
    }
  })

  test('the versions differ in all the ways covers do', () => {
    const vs = manifest().versions
    const covers = vs.filter((v) => v.version > 0)
    const some = (test: (v: Version) => boolean) => covers.filter(test).length
    for (const kind of ['arrangement', 'melody', 'accompaniment', 'melody+bass']) expect(some((v) => v.kind === kind), kind).toBeGreaterThan(0)
    expect(vs.filter((v) => v.version === 0).every((v) => v.kind === 'original' && Object.values(v.parts).every((p) => p.program === 0))).toBe(true)
    // melody alone has no accompaniment, accompaniment alone no melody
    expect(covers.filter((v) => v.kind === 'melody').every((v) => Object.keys(v.parts).join() === 'melody')).toBe(true)
    expect(covers.filter((v) => v.kind === 'accompaniment').every((v) => !v.parts.melody && v.parts.piano)).toBe(true)
    expect(covers.filter((v) => v.kind === 'melody+bass').every((v) => v.parts.melody && v.parts.bass && !v.parts.piano)).toBe(true)
    expect(some((v) => v.parts.melody !== undefined && v.parts.melody.program !== 0)).toBeGreaterThan(0)
    expect(some((v) => v.transpose !== 0 && Math.abs(v.transpose) <= 6)).toBeGreaterThan(covers.length / 2)
    expect(some((v) => v.tempo !== 1 && v.tempo >= 0.8 && v.tempo <= 1.25)).toBeGreaterThan(covers.length / 2)
    for (const kind of ['cut', 'repeat', 'swap']) expect(some((v) => v.edits.some((e) => e.kind === kind)), kind).toBeGreaterThan(0)
    expect(some((v) => v.soundfont === 'TimGM6mb')).toBeGreaterThan(0)
    expect(some((v) => v.soundfont === 'FluidR3')).toBeGreaterThan(0)
    for (const color of ['white', 'pink']) expect(some((v) => v.noise?.color === color), color).toBeGreaterThan(0)
    expect(some((v) => v.drums !== null)).toBeGreaterThan(0)
  })

  test('structure edits really change the structure, and versions take different excerpts', () => {
    const vs = manifest().versions
    for (const v of vs.filter((x) => x.version > 0)) {
      // the sections played are not the excerpt's sections in their own order
      expect(v.edits.length, v.file).toBeGreaterThan(0)
      expect(v.order, v.file).not.toEqual(v.order.map((_, i) => i))
      // and the audio is spliced: some segment does not start where the previous one ended
      expect(v.segments.some(([s], i) => i > 0 && Math.abs(s - v.segments[i - 1][1]) > 0.01), v.file).toBe(true)
    }
    const bySong = new Map<string, Set<number>>()
    for (const v of vs) bySong.set(v.song, (bySong.get(v.song) ?? new Set()).add(v.excerpt.startBar))
    // most songs' five versions start in at least three different bars
    const varied = [...bySong.values()].filter((starts) => starts.size >= 3).length
    expect(varied).toBeGreaterThan(bySong.size * 0.6)
  })

  test('at most 15 MB of HPCP, no audio, no importer state', () => {
    expect(bytesUnder(join(SET, `${NAME}_hpcp`))).toBeLessThanOrEqual(15 * 1024 * 1024)
    expect(existsSync(join(SET, `${NAME}_audio`))).toBe(false)
    expect(existsSync(join(SET, '.refrain-import.json'))).toBe(false)
  })

  test('licence and provenance', () => {
    const licence = readFileSync(join(SET, 'LICENSE.md'), 'utf8')
    expect(licence).toContain('MIT License')
    expect(licence).toContain('Copyright (c) 2020 Music X Lab')
    expect(licence).toMatch(/FluidR3_GM\.sf2.*MIT/s)
    expect(licence).toMatch(/TimGM6mb\.sf2.*GPL version 2/s)
    const source = readFileSync(join(SET, 'SOURCE.md'), 'utf8')
    expect(source).toContain('npm run pop:build -- --small')
    expect(source).toContain(`seed ${manifest().options.seed}`)
    for (const r of Object.values(manifest().results)) expect(source).toContain(r.perf)
  })
})

describe('rendering one version', () => {
  // A made-up four-bar song at 120 bpm, in POP909's shape: a melody track and a piano track of
  // chords over a bass note, so no POP909 file is needed.
  const beats = Array.from({ length: 65 }, (_, i) => i * 0.5)
  const melody = beats.slice(0, 64).map((t, i) => ({ start: t, end: t + 0.45, note: 60 + [0, 2, 4, 5, 7, 9, 11, 12][i % 8], vel: 100, track: 1 }))
  const piano = beats
    .slice(0, 64)
    .filter((_, i) => i % 2 === 0)
    .flatMap((t, i) => [36 + [0, 5, 7, 0][(i >> 1) % 4], 60, 64, 67].map((note) => ({ start: t, end: t + 0.9, note, vel: 80, track: 3 })))
  const song = {
    id: '999',
    perf: { notes: [...melody, ...piano], ccs: [], tracks: ['', 'MELODY', 'BRIDGE', 'PIANO'], beats },
    trackOf: { melody: 1, bridge: 2, piano: 3 },
    summary: { song: '999', duration: 32, beat: 0.5, downbeats: beats.filter((_, i) => i % 4 === 0) },
  }

  test('fluidsynth renders a planned cover to a WAV of the planned length, peak at -1 dBFS', async () => {
    const versions = planSong(song.summary, { seed: 7, versions: 5, clip: 6 })
    const v = versions.find((x: Version) => x.parts.bass) ?? versions[1]
    const dir = mkdtempSync(join(tmpdir(), 'popset-render-'))
    try {
      // fails with "fluidsynth is not installed (apt-get install fluidsynth)" where it is missing
      await renderVersion(song, v, join(dir, 'v.wav'), 7)
      const { rate, channels } = readWav(join(dir, 'v.wav'))
      expect(rate).toBe(44100)
      expect(channels).toHaveLength(1)
      const x = channels[0]
      expect(Math.abs(x.length / rate - (v.seconds + 0.5))).toBeLessThan(0.05)
      let peak = 0
      let energy = 0
      for (const s of x) (peak = Math.max(peak, Math.abs(s))), (energy += s * s)
      expect(peak).toBeGreaterThan(0.85)
      expect(peak).toBeLessThan(0.9)
      expect(Math.sqrt(energy / x.length)).toBeGreaterThan(0.02)
      expect(readdirSync(dir)).toEqual(['v.wav'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
