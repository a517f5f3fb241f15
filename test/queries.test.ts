// index/queries.ts over the real bundled library: type-ahead search, paged work lists, one
// work, one performance.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { WorkRow } from '../src-main/api/contract'
import { openDb, type Db } from '../src-main/index/db'
import { runIndex } from '../src-main/index/indexer'
import { getPerformance, getWork, listDatasets, listWorks, search } from '../src-main/index/queries'
import { removeTempDirs, tempDir } from './helpers/fixtures'

let db: Db

beforeAll(async () => {
  db = openDb(join(tempDir(), 'refrain.db'))
  const summary = await runIndex(db, { paths: ['resources/da-tacos'] })
  expect(summary.filesFailed).toBe(0)
})

afterAll(() => {
  db?.close()
  removeTempDirs()
})

/** SQLite's NOCASE order: ASCII letters folded, then code point by code point. */
function nocaseCompare(a: string, b: string): number {
  const fold = (s: string) => [...s.replace(/[A-Z]/g, (c) => c.toLowerCase())].map((c) => c.codePointAt(0)!)
  const x = fold(a)
  const y = fold(b)
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i]
  return x.length - y.length
}

/** Every word's prefix appears, as a word start, in one of the fields (accents ignored). */
function matchesEveryWord(fields: (string | null)[], words: string[]): boolean {
  const plain = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
  const tokens = fields.flatMap((field) => plain(field ?? '').split(/[^\p{L}\p{N}]+/u))
  return words.every((word) => tokens.some((token) => token.startsWith(plain(word))))
}

describe('search (type-ahead)', () => {
  test('prefixes: "aki ale" finds Aki Aleong\'s P_547131 and its work', () => {
    const found = search(db, 'aki ale', 50)
    expect(found.performances.map((p) => p.perfId)).toContain('P_547131')
    const aki = found.performances.find((p) => p.perfId === 'P_547131')!
    expect(aki).toMatchObject({ artist: 'Aki Aleong', title: 'Trade Winds, Trade Winds', dataset: 'coveranalysis', workId: 'W_163992', year: 1961 })
    expect(aki.features).toHaveLength(7)
    expect(found.works.map((w) => w.workId)).toContain('W_163992')
  })

  test('case does not matter', () => {
    expect(search(db, 'AKI ALEONG', 50).performances.map((p) => p.perfId)).toContain('P_547131')
  })

  test('diacritics are ignored: "husker du" finds Hüsker Dü, "cesaria evora" finds Cesária Évora', () => {
    const husker = search(db, 'husker du', 50).performances
    expect(husker.map((p) => p.perfId)).toContain('P_71011')
    expect(husker.find((p) => p.perfId === 'P_71011')!.artist).toBe('Hüsker Dü')
    const cesaria = search(db, 'cesaria evora', 50).performances
    expect(cesaria.map((p) => p.perfId).sort()).toEqual(expect.arrayContaining(['P_489646', 'P_575547']))
    // And typing the accents finds the same.
    expect(search(db, 'Cesária Évora', 50).performances.map((p) => p.perfId).sort()).toEqual(cesaria.map((p) => p.perfId).sort())
  })

  test('several words must all match (AND, not OR)', () => {
    const both = search(db, 'under control beth', 50).performances
    expect(both.map((p) => p.perfId)).toContain('P_546633')
    for (const perf of both) expect(matchesEveryWord([perf.title, perf.artist, perf.workTitle, perf.workArtist], ['under', 'control', 'beth'])).toBe(true)
    expect(search(db, 'under', 500).performances.length).toBeGreaterThan(both.length)
    expect(search(db, 'aki zzzzqx', 50)).toEqual({ performances: [], works: [] })
  })

  test('within one dataset: only that dataset\'s performances and works', () => {
    const everywhere = search(db, 'love', 500)
    expect(new Set(everywhere.performances.map((p) => p.dataset))).toEqual(new Set(['benchmark', 'coveranalysis']))
    const benchmarkOnly = search(db, 'love', 500, 'benchmark')
    expect(benchmarkOnly.performances.length).toBeGreaterThan(0)
    expect(benchmarkOnly.performances.every((p) => p.dataset === 'benchmark')).toBe(true)
    expect(benchmarkOnly.works.every((w) => w.dataset === 'benchmark')).toBe(true)
    expect(search(db, 'aki aleong', 50, 'benchmark').performances).toEqual([])
  })

  test('the limit is respected', () => {
    const found = search(db, 'the', 7)
    expect(found.performances).toHaveLength(7)
    expect(found.works.length).toBeLessThanOrEqual(7)
  })

  test('quotes, FTS syntax and odd characters do not throw', () => {
    const odd = ['"', "'", '""', 'O\'Brien', '"aki', 'aki"', 'AND', 'OR NOT', 'NEAR(aki ale)', '*', 'aki*', '^aki', 'title:aki', '(', ')', '-', '\\', '%_', '🎵', '   ', '', 'a'.repeat(200), '\u0000']
    for (const text of odd) {
      expect(() => search(db, text, 20), JSON.stringify(text)).not.toThrow()
      expect(() => listWorks(db, { text, offset: 0, limit: 5 }), JSON.stringify(text)).not.toThrow()
    }
    // The words inside still count.
    expect(search(db, '"aki" (aleong)', 20).performances.map((p) => p.perfId)).toContain('P_547131')
    expect(search(db, '', 20)).toEqual({ performances: [], works: [] })
  })
})

describe('listWorks', () => {
  test('all 8,000 works, in title order, paged consistently', () => {
    const all = listWorks(db, { text: '', offset: 0, limit: 1000 })
    expect(all.total).toBe(8000)
    expect(all.rows).toHaveLength(1000)
    const first = listWorks(db, { text: '', offset: 0, limit: 50 })
    const second = listWorks(db, { text: '', offset: 50, limit: 50 })
    expect([...first.rows, ...second.rows]).toEqual(all.rows.slice(0, 100))
    expect(first.total).toBe(8000)
    const titled = all.rows.filter((row) => row.title !== null)
    for (let i = 1; i < titled.length; i++) expect(nocaseCompare(titled[i - 1].title!, titled[i].title!), `${titled[i - 1].title} / ${titled[i].title}`).toBeLessThanOrEqual(0)
    const last = listWorks(db, { text: '', offset: 7990, limit: 50 })
    expect(last.rows).toHaveLength(10)
    expect(listWorks(db, { text: '', offset: 8000, limit: 50 }).rows).toEqual([])
  })

  test('paging through everything visits every work exactly once', () => {
    const seen = new Set<string>()
    for (let offset = 0; offset < 8000; offset += 1000) {
      for (const row of listWorks(db, { text: '', offset, limit: 1000 }).rows) seen.add(`${row.dataset}/${row.workId}`)
    }
    expect(seen.size).toBe(8000)
  })

  test('the dataset filter', () => {
    const benchmark = listWorks(db, { dataset: 'benchmark', text: '', offset: 0, limit: 1000 })
    expect(benchmark.total).toBe(3000)
    expect(new Set(benchmark.rows.map((row) => row.dataset))).toEqual(new Set(['benchmark']))
    const counts = benchmark.rows.map((row) => row.performances)
    expect(counts.every((n) => n === 1 || n === 13)).toBe(true)
    expect(listWorks(db, { dataset: 'coveranalysis', text: '', offset: 0, limit: 1 }).total).toBe(5000)
    expect(listWorks(db, { dataset: 'no-such-dataset', text: '', offset: 0, limit: 10 })).toEqual({ total: 0, rows: [] })
  })

  test('the text filter finds works by any of their performances', () => {
    const found = listWorks(db, { text: 'aki aleong', offset: 0, limit: 100 })
    expect(found.rows.map((row: WorkRow) => row.workId)).toContain('W_163992')
    expect(found.total).toBe(found.rows.length)
    // "Dodie Stevens" sang the other version of W_163992: searching her finds the same work.
    expect(listWorks(db, { text: 'dodie stevens', offset: 0, limit: 100 }).rows.map((row) => row.workId)).toContain('W_163992')
    const filtered = listWorks(db, { dataset: 'benchmark', text: 'aki aleong', offset: 0, limit: 100 })
    expect(filtered.rows.map((row) => row.workId)).not.toContain('W_163992')
  })
})

describe('getWork and getPerformance', () => {
  test('a benchmark work with 13 versions returns all 13', () => {
    const { work, performances } = getWork(db, 'W_3964')
    expect(work).toEqual({ dataset: 'benchmark', workId: 'W_3964', title: 'Under the Bridge', artist: expect.any(String), performances: 13, withFeatures: 0, features: [] })
    expect(performances).toHaveLength(13)
    expect(new Set(performances.map((p) => p.perfId)).size).toBe(13)
    expect(performances.map((p) => p.perfId)).toContain('P_3964')
    for (const p of performances) expect(p).toMatchObject({ workId: 'W_3964', dataset: 'benchmark', workTitle: 'Under the Bridge' })
    // Oldest first; undated versions last.
    const years = performances.map((p) => p.year)
    const dated = years.filter((y): y is number => y !== null)
    expect(dated).toEqual([...dated].sort((a, b) => a - b))
    expect(years.slice(dated.length).every((y) => y === null)).toBe(true)
  })

  test('W_163992 holds both coveranalysis versions', () => {
    const { performances } = getWork(db, 'W_163992', 'coveranalysis')
    expect(performances.map((p) => p.perfId).sort()).toEqual(['P_547131', 'P_547140'])
  })

  test('a performance that is not indexed is not found, with a message naming it', () => {
    expect(() => getPerformance(db, 'P_999999999')).toThrow(expect.objectContaining({ code: 'not-found' }))
    expect(() => getPerformance(db, 'P_999999999')).toThrow(/P_999999999/)
    expect(() => getPerformance(db, 'P_547131', 'benchmark')).toThrow(expect.objectContaining({ code: 'not-found' }))
    expect(() => getWork(db, 'W_999999999')).toThrow(expect.objectContaining({ code: 'not-found' }))
  })
})

describe('whole words rank above prefixes', () => {
  const plain = (s: string | null) => (s ?? '').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
  const hasWholeWord = (fields: (string | null)[], word: string) => fields.some((field) => plain(field).split(/[^\p{L}\p{N}]+/u).includes(word))

  test('"bach": every performance naming Bach (Johann Sebastian Bach, "Pop Looks Bach") comes before Burt Bacharach\'s', () => {
    const found = search(db, 'bach', 50).performances
    const whole = found.map((p) => hasWholeWord([p.title, p.artist, p.workTitle, p.workArtist], 'bach'))
    // Both kinds are in the real metadata: 5 performances name Bach, about 200 Bacharach.
    expect(whole.filter(Boolean).length).toBe(5)
    expect(found.some((p) => p.workArtist === 'Burt Bacharach')).toBe(true)
    expect(whole.slice(0, 5)).toEqual([true, true, true, true, true])
    expect(whole.slice(5).every((w) => !w)).toBe(true)
    // Works too: those holding a whole-word match first.
    const works = search(db, 'bach', 50).works
    expect(works.slice(0, 2).map((w) => w.artist === 'Johann Sebastian Bach' || /\bBach\b/.test(w.title ?? ''))).toEqual([true, true])
  })

  test('"bach" in the Library\'s works list: the works with a whole-word match first, then the rest by title, on every page', () => {
    const all = listWorks(db, { text: 'bach', offset: 0, limit: 1000 })
    expect(all.total).toBe(all.rows.length)
    const whole = all.rows.map((w) => hasWholeWord([w.title, w.artist], 'bach'))
    const firstPrefix = whole.indexOf(false)
    // Bach's works and "Pop Looks Bach", then Bacharach's: no whole-word match after the first prefix-only one.
    expect(firstPrefix).toBeGreaterThanOrEqual(3)
    expect(whole.slice(firstPrefix).some(Boolean)).toBe(false)
    expect(all.rows.slice(firstPrefix).some((w) => w.artist === 'Burt Bacharach')).toBe(true)
    for (const group of [all.rows.slice(0, firstPrefix), all.rows.slice(firstPrefix)]) {
      const titles = group.map((w) => (w.title ?? '').toLowerCase())
      expect(titles).toEqual([...titles].sort())
    }
    // Paged, the same order.
    const paged = [0, 10, 20, 30, 40, 50].flatMap((offset) => listWorks(db, { text: 'bach', offset, limit: 10 }).rows.map((w) => w.workId))
    expect(paged).toEqual(all.rows.slice(0, 60).map((w) => w.workId))
  })
})

describe('which performances and works have features', () => {
  test('a work lists the feature kinds of its performances and how many have any', () => {
    const { work } = getWork(db, 'W_163992', 'coveranalysis')
    expect(work).toMatchObject({ performances: 2, withFeatures: 1, features: ['cens', 'crema', 'hpcp', 'key', 'madmom', 'mfcc', 'tags'] })
  })

  test('the works list filtered to those with features, in SQL: of 8,000 works only W_163992 has any here', () => {
    expect(listWorks(db, { text: '', offset: 0, limit: 50, features: 'any' })).toMatchObject({ total: 1, rows: [{ workId: 'W_163992' }] })
    expect(listWorks(db, { text: '', offset: 0, limit: 50, features: 'mfcc' }).total).toBe(1)
    expect(listWorks(db, { dataset: 'benchmark', text: '', offset: 0, limit: 50, features: 'any' })).toEqual({ total: 0, rows: [] })
    expect(listWorks(db, { text: 'dodie stevens', offset: 0, limit: 50, features: 'hpcp' }).rows.map((w) => w.workId)).toEqual(['W_163992'])
    expect(listWorks(db, { text: 'under the bridge', offset: 0, limit: 50, features: 'any' }).total).toBe(0)
  })

  test('search filtered to performances with features keeps Aki Aleong\'s and drops Dodie Stevens\' version of the same work', () => {
    expect(search(db, 'trade winds', 50).performances.map((p) => p.perfId)).toEqual(expect.arrayContaining(['P_547131', 'P_547140']))
    const withFeatures = search(db, 'trade winds', 50, undefined, 'any')
    expect(withFeatures.performances.map((p) => p.perfId)).toEqual(['P_547131'])
    expect(withFeatures.works.map((w) => w.workId)).toEqual(['W_163992'])
    expect(search(db, 'trade winds', 50, undefined, 'crema').performances.map((p) => p.perfId)).toEqual(['P_547131'])
  })

  test('each dataset counts its performances with a usable file of each kind', () => {
    const byName = new Map(listDatasets(db).map((d) => [d.name, d]))
    expect(byName.get('coveranalysis')!.featureCounts).toEqual({ hpcp: 1, crema: 1, cens: 1, mfcc: 1, madmom: 1, key: 1, tags: 1 })
    expect(byName.get('benchmark')!.featureCounts).toEqual({ hpcp: 0, crema: 0, cens: 0, mfcc: 0, madmom: 0, key: 0, tags: 0 })
  })
})
