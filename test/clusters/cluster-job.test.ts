// Clusters of a real Qmax job on a few demo works (real HPCP of real music): the clusters mostly
// are the works, every cluster's works, mixed flag, medoid and the split works say what its
// members say, the methods nest as they must (average linkage and Louvain only split connected
// components), and every refusal names its cause.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { existsSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { createApp, type App } from '../../src-main/app/app'
import { clusterJob } from '../../src-main/clusters/cluster-job'
import { pairDistance } from '../../src-main/clusters/pair-graph'
import { JobClusters, type ClusterMethod } from '../../src-main/clusters/types'
import { jobRow } from '../../src-main/scoring/store'
import { SCORE_DEFAULTS } from '../../src-main/scoring/parameters'
import type { ScoreJobInfo } from '../../src-main/scoring/types'
import { assertCliBuilt } from '../helpers/cli'
import { removeTempDirs, tempDir } from '../helpers/fixtures'
import { demoSubset, type Subset } from '../helpers/demo-subset'
import { jobMatrix } from '../helpers/matrix'

let app: App
let subset: Subset
let job: ScoreJobInfo

const qmax = { ...SCORE_DEFAULTS, method: 'qmax' as const }

beforeAll(async () => {
  assertCliBuilt()
  const dir = tempDir()
  subset = demoSubset(dir, 'clusterset', { works: 4, singles: 3 })
  app = createApp({ dbPath: join(dir, 'refrain.db'), door: { name: 'cli', version: '0' } })
  expect((await app.library.index([subset.folder])).filesFailed).toBe(0)
  job = await app.scoring.score({ source: 'clusterset', params: qmax, workers: 2 })
  expect(job.status).toBe('done')
  expect(job.threshold).not.toBeNull()
}, 300_000)

afterAll(async () => {
  await app?.close()
  removeTempDirs()
})

/** What each cluster claims, recomputed from its members. */
function expectConsistent(r: JobClusters): void {
  const n = r.items.length
  expect(r.clusters.flatMap((c) => c.members).sort((a, b) => a - b)).toEqual([...Array(n).keys()])
  const d = { d: jobMatrix(app.library.db, r.jobId), n }
  const clustersOfWork = new Map<string, Set<number>>()
  r.clusters.forEach((c, k) => {
    expect(c.id).toBe(k)
    expect(c.size).toBe(c.members.length)
    if (k > 0) expect(c.size).toBeLessThanOrEqual(r.clusters[k - 1].size)
    const works = new Set(c.members.map((m) => r.items[m].workId!))
    expect(new Set(c.works)).toEqual(works)
    expect(c.works).toHaveLength(works.size)
    expect(c.mixed).toBe(works.size > 1)
    for (const w of works) (clustersOfWork.get(w) ?? clustersOfWork.set(w, new Set()).get(w)!).add(c.id)
    expect(c.members).toContain(c.medoid)
    const sum = (i: number) => c.members.reduce((s, j) => (j === i ? s : s + pairDistance(d, i, j)), 0)
    for (const m of c.members) expect(sum(c.medoid)).toBeLessThanOrEqual(sum(m))
  })
  const split = [...clustersOfWork].filter(([, ids]) => ids.size > 1).map(([workId, ids]) => ({ workId, clusters: ids.size }))
  expect(new Set(r.splitWorks.map((w) => JSON.stringify(w)))).toEqual(new Set(split.map((w) => JSON.stringify(w))))
}

describe('clusters of a Qmax job on 4 demo works of several versions and 3 singles', () => {
  const results = new Map<ClusterMethod, JobClusters>()

  it.each(['average', 'components', 'louvain'] as const)('%s: the clusters mostly are the works, and each says what its members say', async (method) => {
    const r = await clusterJob(app.library.db, job.jobId, { method })
    results.set(method, r)
    expect(JobClusters.parse(r)).toEqual(r)
    expect(r).toMatchObject({ jobId: job.jobId, method, threshold: job.threshold!.value, thresholdOrigin: job.threshold!.origin })
    expect(r.items).toHaveLength(subset.works.size)
    for (const item of r.items) {
      expect(item.workId).toBe(subset.works.get(item.perfId))
      expect(item.dataset).toBe('clusterset')
      expect(item.title).not.toBeNull()
    }
    expectConsistent(r)
    expect(r.agreement!.ari).toBeGreaterThan(0.5)
    expect(r.agreement!.bcubed.f1).toBeGreaterThan(0.7)
  }, 60_000)

  it('average linkage and Louvain only split connected components, never join them', () => {
    const component = new Map<number, number>()
    for (const c of results.get('components')!.clusters) for (const m of c.members) component.set(m, c.id)
    for (const method of ['average', 'louvain'] as const) {
      const r = results.get(method)!
      expect(r.edges).toBe(results.get('components')!.edges)
      for (const c of r.clusters) expect(new Set(c.members.map((m) => component.get(m))).size).toBe(1)
    }
  })

  it('threshold 0 leaves every performance alone; a huge one with components joins them all', async () => {
    const none = await clusterJob(app.library.db, job.jobId, { threshold: 0, method: 'components' })
    expect(none.clusters.every((c) => c.size === 1)).toBe(true)
    expect(none.edges).toBe(0)
    expect(none.thresholdOrigin).toMatch(/given/)
    expect(none.agreement!.pairwise).toMatchObject({ precision: 1, recall: 0 })
    const all = await clusterJob(app.library.db, job.jobId, { threshold: 1e9, method: 'components' })
    expect(all.clusters).toHaveLength(1)
    expect(all.splitWorks).toEqual([])
    expect(all.clusters[0].mixed).toBe(true)
  }, 60_000)

  it('answers through the API with a job id prefix', async () => {
    const result = await app.dispatch('clusters.job', { jobId: job.jobId.slice(0, 8), method: 'louvain' })
    expect(result.ok).toBe(true)
    if (result.ok) expect((result.value as JobClusters).clusters).toEqual(results.get('louvain')!.clusters)
    const bad = await app.dispatch('clusters.job', { jobId: job.jobId, method: 'ward' })
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
  }, 60_000)
})

describe('refusals', () => {
  it('an unknown job is not found', async () => {
    await expect(clusterJob(app.library.db, 'nosuchjob')).rejects.toMatchObject({ code: 'not-found', message: expect.stringMatching(/no scoring job nosuchjob/) })
  })

  it.each([-0.1, Number.NaN, Infinity])('threshold %f is refused, saying what is allowed', async (threshold) => {
    await expect(clusterJob(app.library.db, job.jobId, { threshold })).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/finite distance of 0 or more/) })
  })

  it('a job whose matrix file is gone is refused, naming the file', async () => {
    const path = jobRow(app.library.db, job.jobId)!.matrix_path
    renameSync(path, `${path}.away`)
    try {
      await expect(clusterJob(app.library.db, job.jobId)).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining(path) })
      expect(existsSync(path)).toBe(false)
    } finally {
      renameSync(`${path}.away`, path)
    }
  })

  it('a running, then stopped job is refused, saying how to resume it', async () => {
    const jobId = app.scoring.startScore({ source: 'clusterset', params: { ...qmax, downsample: 5 }, workers: 1 })
    const done = new Promise<void>((resolve) => app.onEvent((e) => e.type === 'score.done' && e.jobId === jobId && resolve()))
    await expect(clusterJob(app.library.db, jobId)).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/still running/) })
    app.scoring.cancel(jobId)
    await done
    await expect(clusterJob(app.library.db, jobId)).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining(`refrain score --resume ${jobId.slice(0, 8)}`) })
  }, 120_000)

  it('a job scored against another dataset is refused: clusters need one set', async () => {
    const other = demoSubset(tempDir(), 'othersingles', { works: 0, singles: 2 })
    await app.library.index([other.folder])
    const against = await app.scoring.score({ source: 'othersingles', against: 'clusterset', params: qmax, workers: 2 })
    await expect(clusterJob(app.library.db, against.jobId)).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/against clusterset: clusters group one set/) })
  }, 120_000)

  it('a job without a calibrated threshold needs one given', async () => {
    const singles = demoSubset(tempDir(), 'singlesonly', { works: 0, singles: 3 })
    await app.library.index([singles.folder])
    const lone = await app.scoring.score({ source: 'singlesonly', params: qmax, workers: 2 })
    expect(lone.threshold).toBeNull()
    await expect(clusterJob(app.library.db, lone.jobId)).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/no calibrated threshold.*--threshold/) })
    const given = await clusterJob(app.library.db, lone.jobId, { threshold: 0.5, method: 'components' })
    expect(given.items).toHaveLength(3)
  }, 120_000)
})
