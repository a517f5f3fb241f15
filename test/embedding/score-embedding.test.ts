// `refrain score --method embedding` as a user runs it: every pair of a dataset scored from the
// embeddings in seconds, each distance the Euclidean distance of the two performances' unit
// embeddings (as the model card states), the job evaluated like an alignment job, and its
// embeddings stored for the next job.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { createApp } from '../../src-main/app/app'
import { embedSequences } from '../../src-main/embedding'
import { SCORE_DEFAULTS } from '../../src-main/scoring/parameters'
import { CANDIDATE, QUERY, loadItems } from '../../src-main/scoring/store'
import { assertCliBuilt, runCli } from '../helpers/cli'
import { removeTempDirs, tempDir } from '../helpers/fixtures'
import { jobMatrix } from '../helpers/matrix'
import { datasetOf, demoWorks, runPython } from './helpers'

let home: string
let model: string
const env = () => ({ home, extra: { REFRAIN_DEFAULT_LIBRARY: '0' } })

beforeAll(async () => {
  assertCliBuilt()
  home = tempDir()
  const dir = tempDir()
  const works = demoWorks()
  const folder = datasetOf(dir, 'embscore', [...works.multi.slice(0, 4), ...works.single.slice(0, 3)])
  model = join(dir, 'm.onnx')
  runPython(['export.py', '--init-seed', '5', '--out', model])
  expect((await runCli(['index', folder, '--json'], env())).code).toBe(0)
}, 240_000)

afterAll(() => removeTempDirs())

describe('refrain score --method embedding', () => {
  it('scores every ordered pair from the embeddings, evaluates the job, and leaves the embeddings stored', async () => {
    const run = await runCli(['score', 'embscore', '--method', 'embedding', '--model', model, '--workers', '2', '--json'], env(), 180_000)
    expect(run.code, run.stderr).toBe(0)
    const job = JSON.parse(run.stdout) as { jobId: string; status: string; queries: number; pairsDone: number; pairsTotal: number; label: string; params: { feature: string; model: string }; evaluation: { map: number } | null }
    expect(job.status).toBe('done')
    expect(job.queries).toBe(23)
    expect(job.pairsDone).toBe(23 * 22)
    expect(job.label).toBe('embedding m')
    expect(job.params).toMatchObject({ feature: 'hpcp', model })
    expect(job.evaluation?.map).toBeGreaterThan(0)

    const app = createApp({ dbPath: join(home, 'refrain.db'), door: { name: 'cli', version: '0' } })
    try {
      const db = app.library.db
      const items = loadItems(db, job.jobId, QUERY)
      expect(loadItems(db, job.jobId, CANDIDATE)).toEqual([])
      const matrix = jobMatrix(db, job.jobId)
      // The same model run here on the same files gives the distances the job stored.
      const direct = await embedSequences({ model, ep: 'cpu', items: items.map((item) => ({ id: String(item.idx), path: item.path })) })
      const vec = (i: number) => direct.embeddings.get(String(i))!
      for (const [i, j] of [[0, 1], [1, 0], [3, 17], [22, 5]] as const) {
        let dot = 0
        for (let d = 0; d < vec(i).length; d++) dot += vec(i)[d]! * vec(j)[d]!
        expect(matrix[i * 23 + j]).toBeCloseTo(Math.sqrt(Math.max(0, 2 - 2 * dot)), 5)
      }
      expect(Number.isNaN(matrix[0])).toBe(true)

      // The next job reuses what is stored: nothing to embed.
      const embedded = await app.embedding.embed({ dataset: 'embscore', model, ep: 'cpu' })
      expect([embedded.embedded, embedded.reused]).toEqual([0, 23])
    } finally {
      await app.close()
    }
  }, 300_000)

  it('without a model to use, says so in one line', async () => {
    // Resources with no models/ folder: as an installation with no shipped model.
    const run = await runCli(['score', 'embscore', '--method', 'embedding'], { home, extra: { REFRAIN_DEFAULT_LIBRARY: '0', REFRAIN_RESOURCES: tempDir() } })
    expect(run.code).toBe(4)
    expect(run.stderr.trim()).toMatch(/^refrain: no embedding model is shipped in resources\/models\/: train one \(refrain train\) or give --model <file\.onnx>$/)
  })
})

describe('Compare with an embedding model in use', () => {
  it('shows the embedding distance beside the alignments, uncalibrated until an embedding job is evaluated, then with its verdict', async () => {
    // An installation whose shipped model is this one.
    const resources = tempDir()
    mkdirSync(join(resources, 'models'))
    copyFileSync(model, join(resources, 'models', 'm.onnx'))
    copyFileSync(model.replace(/\.onnx$/, '.card.json'), join(resources, 'models', 'm.card.json'))
    const before = process.env.REFRAIN_RESOURCES
    process.env.REFRAIN_RESOURCES = resources
    const app = createApp({ dbPath: join(home, 'refrain.db'), door: { name: 'web', version: '0' } })
    try {
      const items = app.library.work(demoWorks().multi[0]!, 'embscore').performances
      const [a, b] = items.map((p) => ({ dataset: 'embscore', perfId: p.perfId }))
      type Scores = { scores: { method: string; distance: number | null; verdict: string; threshold: { jobId: string | null } | null }[] }
      const compare = async () => {
        const r = await app.dispatch('similarity.compare', { a, b })
        if (!r.ok) throw new Error(r.error.message)
        return (r.value as Scores).scores.find((s) => s.method === 'embedding')!
      }
      const first = await compare()
      expect(first.distance).toBeGreaterThanOrEqual(0)
      expect(first.distance).toBeLessThanOrEqual(2)
      expect(first.verdict).toBe('uncalibrated')

      const job = await app.scoring.score({ source: 'embscore', params: { ...SCORE_DEFAULTS, method: 'embedding' } })
      expect(job.status).toBe('done')
      const second = await compare()
      expect(second.distance).toBeCloseTo(first.distance!, 6)
      expect(second.threshold?.jobId).toBe(job.jobId)
      expect(['versions', 'not versions']).toContain(second.verdict)
    } finally {
      await app.close()
      if (before === undefined) delete process.env.REFRAIN_RESOURCES
      else process.env.REFRAIN_RESOURCES = before
    }
  }, 300_000)
})
