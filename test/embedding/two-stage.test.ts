// Two-stage retrieval (score --method two-stage): each query's K nearest candidates by embedding
// re-ranked by alignment, the rest after them in embedding order. With K covering every candidate
// it is the full alignment job, cell for cell; with a small K exactly the pairs one side or the
// other shortlisted are aligned (the distances are symmetric, so a pair is known from both sides),
// and the evaluation says how many versions were aligned.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { createApp, type App } from '../../src-main/app/app'
import { SCORE_DEFAULTS, TOP_K } from '../../src-main/scoring/parameters'
import { RERANK_OFFSET } from '../../src-main/scoring/rerank'
import { rankOrder } from '../../src-main/eval/rankings'
import { assertCliBuilt, runCli } from '../helpers/cli'
import { removeTempDirs, tempDir } from '../helpers/fixtures'
import { jobMatrix } from '../helpers/matrix'
import { datasetOf, demoWorks, runPython } from './helpers'

let app: App
let model: string
let home: string

beforeAll(async () => {
  assertCliBuilt()
  const dir = tempDir()
  const works = demoWorks()
  const folder = datasetOf(dir, 'twostage', [...works.multi.slice(0, 3), ...works.single.slice(0, 2)])
  model = join(dir, 'm.onnx')
  runPython(['export.py', '--init-seed', '9', '--out', model])
  home = tempDir()
  app = createApp({ dbPath: join(home, 'refrain.db'), door: { name: 'cli', version: '0' } })
  expect((await app.library.index([folder])).filesFailed).toBe(0)
}, 240_000)

afterAll(async () => {
  await app?.close()
  removeTempDirs()
})

const matrixOf = (jobId: string): Float32Array => jobMatrix(app.library.db, jobId)

describe('two-stage retrieval', () => {
  it('with K covering every candidate, is the full Qmax job cell for cell', async () => {
    const full = await app.scoring.score({ source: 'twostage', params: { ...SCORE_DEFAULTS, method: 'qmax' }, workers: 2 })
    const both = await app.scoring.score({ source: 'twostage', params: { ...SCORE_DEFAULTS, method: 'two-stage', model, k: 100, rerank: 'qmax' }, workers: 2 })
    expect(both.status).toBe('done')
    expect(both.label).toBe('two-stage K=100 (m) → qmax hpcp ↓10')
    const a = matrixOf(full.jobId)
    const b = matrixOf(both.jobId)
    expect(b.length).toBe(17 * 17)
    for (let i = 0; i < a.length; i++) {
      if (Number.isNaN(a[i])) expect(Number.isNaN(b[i])).toBe(true)
      else expect(b[i]).toBe(a[i])
    }
    expect(both.evaluation?.map).toBe(full.evaluation?.map)
    expect(both.evaluation?.stage1Recall).toBe(1)
  }, 300_000)

  it('with a small K aligns the pairs either side shortlisted, at their full alignment distance; the rest keep the embedding order behind them', async () => {
    const k = 3
    const embedding = await app.scoring.score({ source: 'twostage', params: { ...SCORE_DEFAULTS, method: 'embedding', model }, workers: 2 })
    const dtw = await app.scoring.score({ source: 'twostage', params: { ...SCORE_DEFAULTS, method: 'dtw' }, workers: 2 })
    const job = await app.scoring.score({ source: 'twostage', params: { ...SCORE_DEFAULTS, method: 'two-stage', model, k, rerank: 'dtw' }, workers: 2 })
    expect(job.status).toBe('done')
    const e = matrixOf(embedding.jobId)
    const full = matrixOf(dtw.jobId)
    const t = matrixOf(job.jobId)
    const n = 17
    const nearest = Array.from({ length: n }, (_, q) => rankOrder(e, q * n, n, q).slice(0, k))
    let fromTheOtherSide = 0
    for (let q = 0; q < n; q++) {
      // Sharing a pair between its two sides rests on the alignment being symmetric.
      for (let c = 0; c < n; c++) if (c !== q) expect(full[q * n + c]).toBe(full[c * n + q])
      const shortlisted = [...Array(n).keys()].filter((c) => c !== q && (nearest[q]!.includes(c) || nearest[c]!.includes(q)))
      fromTheOtherSide += shortlisted.length - k
      const aligned = [...Array(n).keys()].filter((c) => c !== q && t[q * n + c]! < RERANK_OFFSET)
      expect(aligned).toEqual(shortlisted)
      for (const c of aligned) expect(t[q * n + c]).toBe(full[q * n + c])
      for (let c = 0; c < n; c++) {
        if (c === q || shortlisted.includes(c)) continue
        expect(t[q * n + c]).toBeCloseTo(RERANK_OFFSET + e[q * n + c]!, 3)
      }
    }
    expect(fromTheOtherSide).toBeGreaterThan(0)
    // The stored rankings (the job page's ranked pairs) are those of the finished matrix, shared pairs in.
    const stored = app.library.db.prepare('SELECT query, candidate FROM score_topk WHERE job_id = ? ORDER BY query, rank').all(job.jobId) as { query: number; candidate: number }[]
    for (let q = 0; q < n; q++) {
      expect(stored.filter((r) => r.query === q).map((r) => r.candidate)).toEqual(rankOrder(t, q * n, n, q).slice(0, TOP_K))
    }
    const recall = job.evaluation?.stage1Recall
    expect(recall).toBeGreaterThan(0)
    expect(recall).toBeLessThanOrEqual(1)
    // `refrain eval` prints it beside the other metrics.
    const printed = await runCli(['eval', job.jobId, '--out', join(home, 'eval.json')], { home, extra: { REFRAIN_DEFAULT_LIBRARY: '0' } })
    expect(printed.stdout).toMatch(new RegExp(`^recall@3 +${recall!.toFixed(4)} \\(stage 1: versions aligned`, 'm'))

    // The distributions, threshold and ROC are the re-rank's: DTW distances of the pairs aligned in
    // either direction; a pair aligned in neither is counted apart, never drawn near the offset.
    let neither = 0
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (t[i * n + j]! >= RERANK_OFFSET && t[j * n + i]! >= RERANK_OFFSET) neither++
    expect(neither).toBeGreaterThan(0)
    const histogram = job.evaluation!.histogram!
    expect(histogram.infinite.versions + histogram.infinite.nonVersions).toBe(neither)
    expect(histogram.edges.at(-1)).toBeLessThanOrEqual(2)
    expect(job.threshold?.value).toBeLessThanOrEqual(2)
  }, 300_000)
})
