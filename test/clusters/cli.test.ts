// `refrain clusters` as a user runs it, on a job the built CLI scored: JSON that parses as the
// contract's JobClusters, the readable report, and one-line refusals with the documented exit codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { JobClusters } from '../../src-main/clusters/types'
import { assertCliBuilt, runCli } from '../helpers/cli'
import { removeTempDirs, tempDir } from '../helpers/fixtures'
import { demoSubset } from '../helpers/demo-subset'

let env: { home: string; extra: Record<string, string> }
let job: string

beforeAll(async () => {
  assertCliBuilt()
  env = { home: tempDir(), extra: { REFRAIN_DEFAULT_LIBRARY: '0' } }
  const subset = demoSubset(tempDir(), 'clifolder', { works: 3, singles: 2 })
  const scored = await runCli(['score', subset.folder, '--method', 'qmax', '--workers', '2', '--json'], env, 300_000)
  expect(scored.code).toBe(0)
  job = (JSON.parse(scored.stdout) as { jobId: string }).jobId.slice(0, 8)
}, 300_000)

afterAll(() => removeTempDirs())

describe('refrain clusters', () => {
  it('--json prints the clusters of the job named by an id prefix', async () => {
    const run = await runCli(['clusters', job, '--json'], env)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const result = JobClusters.parse(JSON.parse(run.stdout))
    expect(result.jobId.startsWith(job)).toBe(true)
    expect(result.method).toBe('average')
    expect(result.thresholdOrigin).toMatch(/equal error rate|maximum F1/)
    expect(result.items).toHaveLength(17)
    expect(result.agreement!.ari).toBeGreaterThan(0.5)
  })

  it('prints the method, threshold, agreement and every cluster with its members', async () => {
    const run = await runCli(['clusters', job, '--method', 'components', '--threshold', '0.5'], env)
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/method components, threshold 0\.50000: given with the request/)
    expect(run.stdout).toMatch(/^ {2}ARI\s+-?\d\.\d{3}$/m)
    expect(run.stdout).toMatch(/^ {2}B-cubed F1\s+\d\.\d{3} \(precision/m)
    expect(run.stdout).toMatch(/^cluster 1: \d+ performances/m)
    expect(run.stdout).toMatch(/^\*\s+P_\d+\s+.+ — .+\[W_\d+\]$/m)
  })

  it('refuses a bad threshold, method or job with a one-line message and its exit code', async () => {
    const negative = await runCli(['clusters', job, '--threshold=-1'], env)
    expect(negative.code).toBe(1)
    expect(negative.stderr).toMatch(/^refrain: the threshold must be a finite distance of 0 or more .*not -1\n$/)
    const text = await runCli(['clusters', job, '--threshold', 'close'], env)
    expect(text.code).toBe(2)
    expect(text.stderr).toMatch(/--threshold must be a distance \(a number\), not "close"/)
    const method = await runCli(['clusters', job, '--method', 'ward'], env)
    expect(method.code).toBe(2)
    expect(method.stderr).toMatch(/--method must be components, average, louvain for clusters, not "ward"/)
    const missing = await runCli(['clusters', 'ffffffff'], env)
    expect(missing.code).toBe(4)
    expect(missing.stderr).toMatch(/no scoring job ffffffff/)
  })
})
