// The score.* API as the Batch page drives it: start on a folder not yet indexed (the call answers
// at once, indexing is the job's first step), events until done, ranked results, evaluation;
// cancel and resume; bad sources refused with a readable message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiEvent, ScoreJobInfo } from '../../src-main/api/contract'
import type { Dispatch } from '../../src-main/api/dispatch'
import type { App } from '../../src-main/app/app'
import { apiHarness } from '../helpers/api'
import { removeTempDirs, tempDir } from '../helpers/fixtures'
import { demoSubset } from '../helpers/demo-subset'
import { existsSync, rmSync } from 'node:fs'
import { jobRow } from '../../src-main/scoring/store'

let app: App
let dispatch: Dispatch
const events: ApiEvent[] = []

beforeAll(() => {
  ;({ app, dispatch } = apiHarness(events))
})

afterAll(async () => {
  await app?.close()
  removeTempDirs()
})

async function call<T>(method: string, input: unknown): Promise<T> {
  const result = await dispatch(method, input)
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`)
  return result.value as T
}

function done(jobId: string): Promise<ScoreJobInfo> {
  return new Promise((resolve) => {
    const off = app.onEvent((event) => {
      if (event.type === 'score.done' && event.jobId === jobId) {
        off()
        resolve(event.job)
      }
    })
  })
}

describe('score.* over the dispatch boundary', () => {
  it('scores a folder given by path, with progress events, results and evaluation', async () => {
    const subset = demoSubset(tempDir(), 'apiset', { works: 2, singles: 2 })
    const { jobId } = await call<{ jobId: string }>('score.start', { source: subset.folder, params: { method: 'qmax' } })
    const job = await done(jobId)
    expect(job).toMatchObject({ status: 'done', source: 'apiset', against: null, queries: subset.works.size, label: 'qmax hpcp ↓10' })
    const progress = events.filter((e) => e.type === 'score.progress' && e.progress.jobId === jobId)
    expect(progress.length).toBeGreaterThan(0)
    const last = progress.at(-1)!
    expect(last.type === 'score.progress' && last.progress.pairsDone === last.progress.pairsTotal).toBe(true)
    expect(job.evaluation?.map).toBeGreaterThan(0.5)

    const listed = await call<{ jobs: ScoreJobInfo[] }>('score.jobs', {})
    expect(listed.jobs.map((j) => j.jobId)).toContain(jobId)
    const results = await call<{ total: number; rows: { distance: number; sameWork: boolean; query: { perfId: string } }[] }>('score.results', { jobId, limit: 5 })
    expect(results.total).toBe(subset.works.size * (subset.works.size - 1))
    expect(results.rows).toHaveLength(5)
    expect(results.rows[0].sameWork).toBe(true)
    const evaluated = await call<ScoreJobInfo>('score.evaluate', { jobId })
    expect(evaluated.evaluation).toEqual(job.evaluation)
    expect(evaluated.threshold?.rule).toBe('eer')
    expect(evaluated.threshold?.calibration?.versionPairs).toBe(job.evaluation?.versionPairs)

    // Compare now calibrates against this job: a version pair is likelier versions than a stranger.
    const byWork = new Map<string, string[]>()
    for (const [perf, work] of subset.works) byWork.set(work, [...(byWork.get(work) ?? []), perf])
    const [[a, b]] = [...byWork.values()].filter((perfs) => perfs.length > 1)
    const stranger = [...byWork.values()].find((perfs) => perfs.length === 1)![0]
    type Scores = { scores: { method: string; probability: number | null; threshold: { jobId: string | null } | null }[] }
    const qmaxOf = async (x: string, y: string) =>
      (await call<Scores>('similarity.compare', { a: { dataset: 'apiset', perfId: x }, b: { dataset: 'apiset', perfId: y } })).scores.find((s) => s.method === 'qmax')!
    const versions = await qmaxOf(a!, b!)
    const strangers = await qmaxOf(a!, stranger!)
    expect(versions.threshold?.jobId).toBe(jobId)
    expect(versions.probability).toBeGreaterThan(strangers.probability!)
    expect(versions.probability).toBeLessThanOrEqual(1)
    expect(strangers.probability).toBeGreaterThanOrEqual(0)
  }, 120_000)

  it('cancels a running job (stopped), resumes it, and finishes with every pair', async () => {
    const subset = demoSubset(tempDir(), 'slowset', { works: 2, singles: 2 })
    const { jobId } = await call<{ jobId: string }>('score.start', { source: subset.folder, params: { method: 'dtw', downsample: 1 }, workers: 1 })
    await new Promise<void>((resolve) => {
      const off = app.onEvent((event) => {
        if (event.type === 'score.progress' && event.progress.jobId === jobId && event.progress.pairsDone > 0) {
          off()
          resolve()
        }
      })
    })
    const stoppedJob = done(jobId)
    expect(await call('score.cancel', { jobId })).toEqual({ cancelled: true })
    const stopped = await stoppedJob
    expect(stopped.status).toBe('stopped')
    expect(stopped.pairsDone).toBeLessThan(stopped.pairsTotal)
    const finished = done(jobId)
    await call('score.resume', { jobId })
    const job = await finished
    expect(job.status).toBe('done')
    expect(job.pairsDone).toBe(job.pairsTotal)
  }, 300_000)

  it('serves the one definition of the parameters: methods, defaults and ranges the contract enforces', async () => {
    const p = await call<{ methods: string[]; defaultMethod: string; defaults: Record<string, unknown>; limits: { downsample: { min: number; max: number } } }>('score.parameters', {})
    expect(p.methods).toEqual(['dtw', 'qmax', 'dmax', 'embedding', 'two-stage'])
    expect(p.defaultMethod).toBe('qmax')
    expect(p.defaults).toEqual({
      feature: 'hpcp',
      downsample: 10,
      downsampleMethod: 'mean',
      keyShift: 'oti',
      band: null,
      model: null,
      k: 100,
      rerank: 'qmax',
      frameStackSize: 9,
      binarizePercentile: 0.095,
      disOnset: 0.5,
      disExtension: 0.5,
    })
    // The range served is the range the boundary holds a call to.
    const over = await dispatch('score.start', { source: 'x', params: { method: 'qmax', downsample: p.limits.downsample.max + 1 } })
    expect(over.ok).toBe(false)
    if (!over.ok) expect(over.error.code).toBe('invalid-input')
  })

  it('refuses a source that is neither a dataset nor a folder, and an unknown job', async () => {
    const result = await dispatch('score.start', { source: '/no/such/folder', params: { method: 'qmax' } })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error).toMatchObject({ code: 'not-found', message: expect.stringMatching(/neither an indexed dataset .* nor a folder/) })
    const bad = await dispatch('score.start', { source: 'x', params: { method: 'qmax', downsample: 0 } })
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.error.code).toBe('invalid-input')
    const missing = await dispatch('score.job', { jobId: 'nope' })
    expect(missing.ok).toBe(false)
    if (!missing.ok) expect(missing.error.code).toBe('not-found')
  })
  it('a finished job whose matrix file went missing is not evaluated as a blank matrix: the file is named, and resume scores it again', async () => {
    const subset = demoSubset(tempDir(), 'lostmatrix', { works: 2, singles: 1 })
    const { jobId } = await call<{ jobId: string }>('score.start', { source: subset.folder, params: { method: 'dtw' } })
    const job = await done(jobId)
    const matrixPath = jobRow(app.library.db, jobId)!.matrix_path
    rmSync(matrixPath)
    const refused = await dispatch('score.evaluate', { jobId })
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } })
    expect(!refused.ok && refused.error.message).toContain(`${matrixPath} is missing`)
    expect(existsSync(matrixPath)).toBe(false)
    await call('score.resume', { jobId })
    expect((await done(jobId)).evaluation?.map).toBe(job.evaluation?.map)
  }, 120_000)
})
