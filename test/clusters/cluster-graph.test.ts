// 'clusters.graph' on a real Qmax job of a few demo works, through the API as the workstation
// calls it: its clusters are exactly 'clusters.job''s, each performance's cluster agrees with
// them, the edges decode to exactly the job's linked pairs (read from its matrix here) with their
// distances, a lower cap keeps each performance's closest links and counts the rest, and a bad
// threshold comes back as the backend's one-line reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import type { ClusterGraph } from '../../src-main/clusters/cluster-graph'
import { cappedEdges } from '../../src-main/clusters/graph-edges'
import { thresholdGraph } from '../../src-main/clusters/pair-graph'
import type { JobClusters } from '../../src-main/clusters/types'
import { createApp, type App } from '../../src-main/app/app'
import { SCORE_DEFAULTS } from '../../src-main/scoring/parameters'
import type { ScoreJobInfo } from '../../src-main/scoring/types'
import { assertCliBuilt } from '../helpers/cli'
import { demoSubset } from '../helpers/demo-subset'
import { removeTempDirs, tempDir } from '../helpers/fixtures'
import { jobMatrix } from '../helpers/matrix'

let app: App
let job: ScoreJobInfo

beforeAll(async () => {
  assertCliBuilt()
  const dir = tempDir()
  const subset = demoSubset(dir, 'graphset', { works: 3, singles: 2 })
  app = createApp({ dbPath: join(dir, 'refrain.db'), door: { name: 'web', version: '0' } })
  expect((await app.library.index([subset.folder])).filesFailed).toBe(0)
  job = await app.scoring.score({ source: 'graphset', params: { ...SCORE_DEFAULTS, method: 'qmax' }, workers: 2 })
  expect(job.threshold).not.toBeNull()
}, 300_000)

afterAll(async () => {
  await app?.close()
  removeTempDirs()
})

async function call<T>(method: string, input: unknown): Promise<T> {
  const result = await app.dispatch(method, input)
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`)
  return result.value as T
}

const int32 = (b64: string) => {
  const bytes = Buffer.from(b64, 'base64')
  return new Int32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))
}
const float32 = (b64: string) => {
  const bytes = Buffer.from(b64, 'base64')
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))
}

describe('clusters.graph', () => {
  it.each(['average', 'components', 'louvain'] as const)('%s: the clusters of clusters.job, each node’s cluster, and every linked pair', async (method) => {
    const graph = await call<ClusterGraph>('clusters.graph', { jobId: job.jobId.slice(0, 8), method })
    const clusters = await call<JobClusters>('clusters.job', { jobId: job.jobId, method })
    expect(graph.clusters).toEqual(clusters)
    const n = clusters.items.length
    expect(graph.nodeCluster).toHaveLength(n)
    for (const c of clusters.clusters) for (const m of c.members) expect(graph.nodeCluster[m]).toBe(c.id)

    const expected = thresholdGraph({ d: jobMatrix(app.library.db, job.jobId), n }, clusters.threshold)!
    expect(graph.edges).toMatchObject({ total: expected.from.length, kept: expected.from.length, dropped: 0, perNode: null, cap: 300_000 })
    expect(graph.edges.total).toBe(clusters.edges)
    const pairs = int32(graph.edges.pairs)
    const distances = float32(graph.edges.distances)
    const got = new Map<string, number>()
    for (let e = 0; e < distances.length; e++) got.set(`${pairs[2 * e]}-${pairs[2 * e + 1]}`, distances[e])
    expect(got.size).toBe(expected.from.length)
    expected.from.forEach((f, e) => expect(got.get(`${f}-${expected.to[e]}`)).toBeCloseTo(expected.distance[e], 5))
  }, 120_000)

  it('a lower cap keeps each performance’s closest links and says how many it leaves out', async () => {
    // A threshold that links every pair, so the cap bites.
    const graph = await call<ClusterGraph>('clusters.graph', { jobId: job.jobId, method: 'components', threshold: 1e9, maxEdges: 20 })
    const n = graph.clusters.items.length
    expect(graph.edges.total).toBe((n * (n - 1)) / 2)
    expect(graph.edges.kept).toBeLessThanOrEqual(20)
    expect(graph.edges.dropped).toBe(graph.edges.total - graph.edges.kept)
    const reference = cappedEdges({ d: jobMatrix(app.library.db, job.jobId), n }, 1e9, 20)
    expect(graph.edges.perNode).toBe(reference.perNode)
    expect(Array.from(int32(graph.edges.pairs))).toEqual(Array.from(reference.from).flatMap((f, e) => [f, reference.to[e]]))
  }, 120_000)

  it('refuses a bad threshold or cap with the reason', async () => {
    expect(await app.dispatch('clusters.graph', { jobId: job.jobId, threshold: -1 })).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/finite distance of 0 or more/) } })
    expect(await app.dispatch('clusters.graph', { jobId: job.jobId, maxEdges: 300_001 })).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    expect(await app.dispatch('clusters.graph', { jobId: 'nosuchjob' })).toMatchObject({ ok: false, error: { code: 'not-found' } })
  })
})
