// A scoring job end to end through the domain service, on real demo HPCP: every stored distance
// is the one the similarity core gives for that pair, the stored rankings and evaluation agree
// with the matrix, and unusable items are left out by name without stopping the job.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { writeFileSync } from 'node:fs'
import { createApp, type App } from '../../src-main/app/app'
import { evaluate } from '../../src-main/eval'
import { jobResults } from '../../src-main/scoring/results'
import { loadSequence } from '../../src-main/scoring/sequences'
import { pairDistance, pairWorkspace } from '../../src-main/scoring/pair'
import { loadItems, QUERY } from '../../src-main/scoring/store'
import { SCORE_DEFAULTS, type ScoreParams } from '../../src-main/scoring/parameters'
import { assertCliBuilt } from '../helpers/cli'
import { metadataEntry, removeTempDirs, tempDir, writeH5 } from '../helpers/fixtures'
import { demoSubset, type Subset } from '../helpers/demo-subset'
import { jobMatrix } from '../helpers/matrix'

let app: App
let subset: Subset
let dir: string

beforeAll(async () => {
  assertCliBuilt()
  dir = tempDir()
  subset = demoSubset(dir, 'mini', { works: 3, singles: 3 })
  app = createApp({ dbPath: join(dir, 'refrain.db'), door: { name: 'web', version: '9.9.9' } })
  await app.library.index([subset.folder])
})

afterAll(async () => {
  await app?.close()
  removeTempDirs()
})

const matrixOf = (jobId: string): Float32Array => jobMatrix(app.library.db, jobId)

describe('a scoring job', () => {
  for (const method of ['qmax', 'dmax', 'dtw'] as const) {
    it(`stores, for ${method}, exactly the distance the core computes for every ordered pair`, async () => {
      const params: ScoreParams = { ...SCORE_DEFAULTS, method }
      const job = await app.scoring.score({ source: 'mini', params, workers: 2 })
      expect(job.status).toBe('done')
      expect(job.queries).toBe(subset.works.size)
      expect(job.pairsDone).toBe(job.pairsTotal)
      expect(job.pairsTotal).toBe(job.queries * (job.queries - 1))
      const items = loadItems(app.library.db, job.jobId, QUERY)
      const seqs = await Promise.all(items.map((item) => loadSequence(item.path, { ...params })))
      const matrix = matrixOf(job.jobId)
      const ws = pairWorkspace()
      for (let i = 0; i < items.length; i++) {
        expect(Number.isNaN(matrix[i * items.length + i])).toBe(true)
        for (let j = 0; j < items.length; j++) {
          if (i === j) continue
          const d = pairDistance(seqs[i], seqs[j], params, ws)
          expect(matrix[i * items.length + j]).toBe(Math.fround(d.forward))
          // One alignment gives the pair both ways round (two-stage jobs share it between its sides).
          expect(matrix[j * items.length + i]).toBe(Math.fround(d.reverse))
        }
      }
      // The evaluation saved with the job is the protocol's, over the same matrix.
      const expected = evaluate(matrix, items.map((item) => item.workLabel))
      expect(job.evaluation?.map).toBeCloseTo(expected.map, 12)
      expect(job.evaluation?.queries).toBe(subset.works.size - 3)
      expect(job.evaluation?.excluded).toBe(3)
      expect(job.threshold?.jobId).toBe(job.jobId)
    }, 180_000)
  }

  it('ranks each query by distance, versions of a work first on real music', async () => {
    const job = await app.scoring.score({ source: 'mini', params: { ...SCORE_DEFAULTS, method: 'qmax' } })
    const perfId = [...subset.works.keys()][0]
    const { total, rows } = jobResults(app.library.db, job.jobId, { query: { dataset: 'mini', perfId }, offset: 0, limit: 100 })
    expect(total).toBe(subset.works.size - 1)
    const distances = rows.map((r) => r.distance!)
    expect([...distances].sort((a, b) => a - b)).toEqual(distances)
    const versions = [...subset.works].filter(([p, w]) => w === subset.works.get(perfId) && p !== perfId).length
    expect(rows.slice(0, versions).every((r) => r.sameWork)).toBe(true)
    // Across queries: closest first, each pair naming both performances.
    const all = jobResults(app.library.db, job.jobId, { offset: 0, limit: 10 })
    expect(all.rows[0].distance).toBeLessThanOrEqual(all.rows[9].distance!)
    expect(all.rows[0].query.dataset).toBe('mini')
  }, 120_000)

  it('scores queries against another dataset: every query against every candidate, its own copy first', async () => {
    const copy = demoSubset(dir, 'copy', { works: 3, singles: 3 })
    await app.library.index([copy.folder])
    const job = await app.scoring.score({ source: 'mini', against: 'copy', params: { ...SCORE_DEFAULTS, method: 'dtw' } })
    const n = subset.works.size
    expect(job).toMatchObject({ status: 'done', source: 'mini', against: 'copy', queries: n, candidates: n, pairsTotal: n * n, pairsDone: n * n })
    for (const perfId of [...subset.works.keys()].slice(0, 4)) {
      const { rows } = jobResults(app.library.db, job.jobId, { query: { dataset: 'mini', perfId }, offset: 0, limit: 3 })
      expect(rows[0].candidate).toMatchObject({ dataset: 'copy', perfId })
      expect(rows[0].distance).toBe(0)
      expect(rows[0].sameWork).toBe(true)
    }
    // Every query has a relevant candidate (its copy at least) and finds one first; a work of k
    // performances gives k x k version pairs (each query with each copy of its work).
    const sizes = new Map<string, number>()
    for (const w of subset.works.values()) sizes.set(w, (sizes.get(w) ?? 0) + 1)
    const versionPairs = [...sizes.values()].reduce((sum, k) => sum + k * k, 0)
    expect(job.evaluation).toMatchObject({ queries: n, excluded: 0, top1: n, mr1: 1, versionPairs, nonVersionPairs: n * n - versionPairs })
  }, 120_000)

  it('leaves out silent, constant and too-short performances by name and scores the rest', async () => {
    const bad = demoSubset(dir, 'flawed', { works: 2, singles: 0 })
    const metadata = JSON.parse(JSON.stringify({})) as Record<string, Record<string, unknown>>
    const add = async (workId: string, perfId: string, data: Float32Array) => {
      await writeH5(join(bad.folder, 'flawed_hpcp', `${workId}_hpcp`, `${perfId}_hpcp.h5`), {
        datasets: { hpcp: { data, shape: [data.length / 12, 12] } },
        attrs: { label: workId, track_id: perfId },
      })
      metadata[workId] = { [perfId]: metadataEntry(workId, perfId) }
    }
    await add('W_900001', 'P_900001', new Float32Array(12 * 600))
    await add('W_900002', 'P_900002', new Float32Array(12 * 600).fill(0.5))
    await add('W_900003', 'P_900003', new Float32Array(12 * 40).map((_, k) => (k * 7919) % 13))
    const existing = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(join(bad.folder, 'flawed_metadata.json'), 'utf8'))) as Record<string, unknown>
    writeFileSync(join(bad.folder, 'flawed_metadata.json'), JSON.stringify({ ...existing, ...metadata }))
    await app.library.index([bad.folder])
    const messages: string[] = []
    const job = await app.scoring.score({ source: 'flawed', params: { ...SCORE_DEFAULTS, method: 'qmax' } }, { onMessage: (m) => messages.push(`${m.file}: ${m.message}`) })
    expect(job.status).toBe('done')
    expect(job.itemsSkipped).toBe(3)
    expect(job.queries).toBe(bad.works.size)
    expect(messages.find((m) => m.includes('P_900001_hpcp.h5'))).toMatch(/all zero \(silence\)/)
    expect(messages.find((m) => m.includes('P_900002_hpcp.h5'))).toMatch(/same in every frame/)
    expect(messages.find((m) => m.includes('P_900003_hpcp.h5'))).toMatch(/4 frames after downsampling by 10; qmax needs at least 11/)
    expect(job.messages.length).toBeGreaterThanOrEqual(3)
  }, 120_000)

  it('says there is nothing to score in a dataset with fewer than two usable performances', async () => {
    const one = demoSubset(dir, 'lonely', { works: 0, singles: 1 })
    await app.library.index([one.folder])
    const job = await app.scoring.score({ source: 'lonely', params: { ...SCORE_DEFAULTS, method: 'dtw' } })
    expect(job.status).toBe('failed')
    expect(job.messages.at(-1)?.message).toMatch(/nothing to score: 1 usable performance in "lonely"; at least 2 are needed/)
  }, 60_000)
})
