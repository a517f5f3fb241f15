// dataset/metadata.ts: the real Da-TACOS metadata JSONs, and what happens to bad ones.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { MetadataError, parseMetadata, readMetadataFile, type MetadataRead, type PerformanceMeta } from '../src-main/dataset/metadata'
import { BENCHMARK_JSON, COVERANALYSIS_JSON, metadataEntry, removeTempDirs, tempDir } from './helpers/fixtures'

afterAll(removeTempDirs)

/** How many works have N performances, as {N: works}. */
function versionsPerWork(entries: PerformanceMeta[]): Record<number, number> {
  const perWork = new Map<string, number>()
  for (const entry of entries) perWork.set(entry.workId, (perWork.get(entry.workId) ?? 0) + 1)
  const histogram: Record<number, number> = {}
  for (const n of perWork.values()) histogram[n] = (histogram[n] ?? 0) + 1
  return histogram
}

describe('the real Da-TACOS metadata', () => {
  let benchmark: MetadataRead
  beforeAll(async () => {
    benchmark = await readMetadataFile(BENCHMARK_JSON)
  })

  test('benchmark: 15,000 performances in 3,000 works (1,000 with 13 versions, 2,000 with 1)', () => {
    const read = benchmark
    expect(read.skipped).toEqual([])
    expect(read.entries).toHaveLength(15_000)
    expect(new Set(read.entries.map((e) => e.perfId)).size).toBe(15_000)
    expect(versionsPerWork(read.entries)).toEqual({ 13: 1000, 1: 2000 })
  })

  test('coveranalysis: 10,000 performances in 5,000 works of 2', async () => {
    const read = await readMetadataFile(COVERANALYSIS_JSON)
    expect(read.skipped).toEqual([])
    expect(read.entries).toHaveLength(10_000)
    expect(versionsPerWork(read.entries)).toEqual({ 2: 5000 })
  })

  test('a known entry comes out typed: P_546633 "Under Control" by Beth (2016)', () => {
    const entry = benchmark.entries.find((e) => e.perfId === 'P_546633')
    expect(entry).toEqual({
      workId: 'W_163930',
      perfId: 'P_546633',
      workTitle: 'Under Control',
      workArtist: 'Theo Hutchcraft',
      perfTitle: 'Under Control',
      perfArtist: 'Beth',
      year: 2016,
      released: '2016',
      instrumental: false,
      artistMbid: '36a50773-0a73-4cef-b5ea-532c00af50fd',
      recordingLengthsMs: [122067],
    })
  })

  test('years that are not years ("" and "Unreleased" occur in benchmark) become null, "Yes" becomes true', () => {
    const read = benchmark
    const raw = JSON.parse(gunzipSync(readFileSync(BENCHMARK_JSON)).toString('utf8')) as Record<string, Record<string, { release_year: string; instrumental: string }>>
    const unreleased = Object.values(raw).flatMap((work) => Object.entries(work)).find(([, e]) => e.release_year === 'Unreleased')!
    const instrumental = Object.values(raw).flatMap((work) => Object.entries(work)).find(([, e]) => e.instrumental === 'Yes')!
    expect(read.entries.find((e) => e.perfId === unreleased[0])).toMatchObject({ year: null, released: 'Unreleased' })
    expect(read.entries.find((e) => e.perfId === instrumental[0])!.instrumental).toBe(true)
    expect(read.entries.filter((e) => e.year === null).length).toBe(112)
    for (const entry of read.entries) if (entry.year !== null) expect(Number.isInteger(entry.year)).toBe(true)
  })
})

describe('bad metadata', () => {
  const one = { W_1: { P_1: metadataEntry('W_1', 'P_1') } }

  test('malformed JSON is a MetadataError saying so', () => {
    expect(() => parseMetadata('{"W_1": {"P_1": {work_title: "x"}}}')).toThrow(MetadataError)
    expect(() => parseMetadata('{"W_1": {"P_1": {work_title: "x"}}}')).toThrow(/not valid JSON/)
  })

  test('truncated JSON (a real file cut in half) is a MetadataError', async () => {
    const text = gunzipSync(readFileSync(COVERANALYSIS_JSON)).toString('utf8')
    const dir = tempDir()
    const path = join(dir, 'cut_metadata.json')
    writeFileSync(path, text.slice(0, text.length / 2))
    await expect(readMetadataFile(path)).rejects.toThrow(MetadataError)
    await expect(readMetadataFile(path)).rejects.toThrow(/not valid JSON/)
  })

  test('an array, a string or null instead of the {W_id: {P_id: …}} object is a MetadataError', () => {
    for (const json of ['[{"W_1": {}}]', '"W_1"', 'null', '42']) {
      expect(() => parseMetadata(json), json).toThrow(MetadataError)
      expect(() => parseMetadata(json), json).toThrow(/not a Da-TACOS metadata object/)
    }
  })

  test('bad entries are skipped with a reason naming them; the good ones are kept', () => {
    const read = parseMetadata(
      JSON.stringify({
        W_1: {
          P_1: metadataEntry('W_1', 'P_1'),
          P_2: metadataEntry('W_2', 'P_2'), // work_id disagrees with where it sits
          X_3: metadataEntry('W_1', 'X_3'), // not a performance id
          P_4: 'not an object',
        },
        W_bad: 'nope',
        Work9: { P_9: metadataEntry('Work9', 'P_9') },
      }),
    )
    expect(read.entries.map((e) => e.perfId)).toEqual(['P_1'])
    expect(read.skipped).toHaveLength(5)
    expect(read.skipped.find((s) => s.includes('P_2'))).toMatch(/W_2.*W_1/)
    expect(read.skipped.find((s) => s.includes('X_3'))).toMatch(/not of the form P_/)
    expect(read.skipped.find((s) => s.includes('P_4'))).toMatch(/not an object/)
    expect(read.skipped.find((s) => s.startsWith('W_bad'))).toMatch(/not an object/)
    expect(read.skipped.find((s) => s.includes('Work9'))).toMatch(/not of the form W_/)
  })

  test('an entry whose perf_id disagrees with its key is skipped with a reason, like a work_id mismatch', () => {
    // A copy-pasted entry left with the wrong perf_id would otherwise silently replace another performance.
    const read = parseMetadata(
      JSON.stringify({
        W_1: {
          P_1: metadataEntry('W_1', 'P_1'),
          P_2: metadataEntry('W_1', 'P_1', { perf_title: 'pasted, perf_id not changed' }),
        },
      }),
    )
    expect(read.entries.map((e) => e.perfId)).toEqual(['P_1'])
    expect(read.entries[0].perfTitle).toBe('Song P_1')
    expect(read.skipped).toHaveLength(1)
    expect(read.skipped[0]).toMatch(/W_1\/P_2: .*P_1/)
  })

  test('a file with no valid entries is an error, not an empty dataset', () => {
    expect(() => parseMetadata('{}')).toThrow(MetadataError)
    expect(() => parseMetadata(JSON.stringify({ W_1: { P_1: metadataEntry('W_2', 'P_1') } }))).toThrow(/holds no performances/)
  })

  test('gzip: a .gz that is not gzip is a MetadataError; a gzipped good file reads', async () => {
    const dir = tempDir()
    const fake = join(dir, 'fake_metadata.json.gz')
    writeFileSync(fake, JSON.stringify(one))
    await expect(readMetadataFile(fake)).rejects.toThrow(/not valid gzip/)
    const real = join(dir, 'mine_metadata.json.gz')
    writeFileSync(real, gzipSync(JSON.stringify(one)))
    expect((await readMetadataFile(real)).entries.map((e) => e.perfId)).toEqual(['P_1'])
  })
})
