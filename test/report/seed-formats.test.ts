// The seed project's cover_relationships.txt and cover_mapping.json rebuilt from the indexed
// Da-TACOS benchmark subset (the real metadata the bundled library indexes). The txt matches the
// seed's file byte for byte, the release years that are not numbers ("Unreleased", 7 performances)
// included: the index keeps the year as the metadata wrote it. The mapping has the seed's keys in the seed's order; each
// seed list is our list without its smallest performance id, which --seed-mapping reproduces.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, type App } from '../../src-main/app/app'
import { BENCHMARK_JSON, removeTempDirs, REPO, tempDir } from '../helpers/fixtures'

const SEED = join(REPO, 'test', 'report', 'seed')
const gunzipped = (name: string) => gunzipSync(readFileSync(join(SEED, `${name}.gz`))).toString('utf8')
const seedText = () => gunzipped('cover_relationships.txt')
const seedMappingText = () => gunzipped('cover_mapping.json')

type Metadata = Record<string, Record<string, { release_year: string }>>

let app: App
let out: string

/** The report written through the service, read back from its file. */
async function written(format: 'txt' | 'json', seedMapping?: boolean): Promise<string> {
  const result = await app.report.write({ source: 'benchmark', format, seedMapping }, { folder: join(out, seedMapping ? 'seed' : 'truth') })
  return readFileSync(result.path, 'utf8')
}

beforeAll(async () => {
  out = tempDir()
  app = createApp({ dbPath: join(out, 'refrain.db'), door: { name: 'cli', version: '0' } })
  const summary = await app.library.index([BENCHMARK_JSON])
  expect(summary.filesFailed).toBe(0)
}, 120_000)

afterAll(async () => {
  await app?.close()
  removeTempDirs()
})

describe('the seed project formats from the indexed benchmark subset', () => {
  it('cover_relationships.txt: the seed file byte for byte', async () => {
    const ours = await written('txt')
    const seed = seedText()
    expect(ours.length).toBeGreaterThan(1_600_000)
    // The metadata has years that are not numbers; they print as written.
    const metadata = JSON.parse(gunzipSync(readFileSync(BENCHMARK_JSON)).toString('utf8')) as Metadata
    const odd = new Set(Object.values(metadata).flatMap((perfs) => Object.values(perfs).map((p) => p.release_year)).filter((y) => y !== '' && !/^\d+$/.test(y)))
    expect([...odd]).toEqual(['Unreleased'])
    expect(ours.match(/ \(Unreleased\)\n/g)).toHaveLength(7)
    expect(ours).toBe(seed)
  })

  it('cover_mapping.json: every work with versions, all 13 performances, in the seed key order; each seed list inside ours', async () => {
    const ours = JSON.parse(await written('json')) as Record<string, string[]>
    const seed = JSON.parse(seedMappingText()) as Record<string, string[]>
    expect(Object.keys(ours)).toEqual(Object.keys(seed))
    for (const [work, list] of Object.entries(seed)) {
      expect(ours[work]).toHaveLength(13)
      expect(list.every((p) => ours[work]!.includes(p))).toBe(true)
    }
  })

  it('--seed-mapping: the seed file byte for byte', async () => {
    expect(await written('json', true)).toBe(seedMappingText())
  })
})
