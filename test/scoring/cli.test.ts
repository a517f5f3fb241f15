// `refrain score`, `refrain jobs` and `refrain eval` as a user runs them: on the bundled demo
// library, killed mid-way and resumed (the same matrix, byte for byte, as an uninterrupted run),
// with a worker that crashes on one performance, and on a folder with nothing to score.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { assertCliBuilt, runCli, spawnCli } from '../helpers/cli'
import { removeTempDirs, tempDir } from '../helpers/fixtures'
import { demoSubset } from '../helpers/demo-subset'

beforeAll(() => assertCliBuilt())
afterAll(() => removeTempDirs())

const own = (home: string) => ({ home, extra: { REFRAIN_DEFAULT_LIBRARY: '0' } })

interface JobJson {
  jobId: string
  status: string
  pairsDone: number
  pairsTotal: number
  pairsFailed: number
  queries: number
  evaluation: { map: number; mr1: number } | null
  messages: { file: string; message: string }[]
}

/** Polls the job's database (read-only, as another process may) until `n` tiles are recorded. */
async function waitForTiles(db: string, n: number): Promise<number> {
  let tiles = 0
  for (let tries = 0; tries < 3000 && tiles < n; tries++) {
    await new Promise((r) => setTimeout(r, 100))
    if (!existsSync(db)) continue
    const reader = new Database(db, { readonly: true, fileMustExist: true })
    try {
      const hasTable = reader.prepare("SELECT 1 FROM sqlite_master WHERE name = 'score_tiles'").get() !== undefined
      tiles = hasTable ? (reader.prepare('SELECT count(*) AS n FROM score_tiles').get() as { n: number }).n : 0
    } finally {
      reader.close()
    }
  }
  return tiles
}

function matrixBytes(home: string, jobId: string): Buffer {
  return readFileSync(join(home, 'score-jobs', `${jobId}.f32`))
}

describe('refrain score and eval on the demo library', () => {
  it('scores every demo performance against every other, then evaluates the job', async () => {
    const home = tempDir()
    const scored = await runCli(['score', 'demo', '--method', 'qmax', '--downsample', '40', '--json'], { home }, 300_000)
    expect(scored.stderr).not.toMatch(/error/i)
    expect(scored.code).toBe(0)
    const job = JSON.parse(scored.stdout) as JobJson
    expect(job).toMatchObject({ status: 'done', queries: 252, pairsDone: 252 * 251, pairsTotal: 252 * 251, pairsFailed: 0 })
    // 42 works of 5 versions among 42 unrelated tracks: retrieval far above chance (MAP about 0.02).
    expect(job.evaluation!.map).toBeGreaterThan(0.5)

    const cwd = tempDir()
    const out = join(cwd, 'metrics.json')
    const evaluated = await runCli(['eval', job.jobId.slice(0, 8), '--out', out], { home })
    expect(evaluated.code).toBe(0)
    for (const label of ['MAP', 'MRR', 'MR1', 'P@10', 'Top-1', 'Top-10', 'ROC AUC', 'EER', 'max F1', 'threshold']) expect(evaluated.stdout).toContain(label)
    expect(evaluated.stdout).toContain('210 queries with at least one version; 42 excluded')
    const written = JSON.parse(readFileSync(out, 'utf8')) as { map: number; queries: number; excluded: number; top1: number; top10: number; auc: number; threshold: { value: number; rule: string } }
    expect(written.map).toBeCloseTo(job.evaluation!.map, 12)
    expect(written).toMatchObject({ queries: 210, excluded: 42 })
    expect(written.top1).toBeLessThanOrEqual(written.top10)
    expect(written.auc).toBeGreaterThan(0.5)
    expect(written.threshold.rule).toBe('eer')
    expect(evaluated.stdout).toMatch(new RegExp(`MAP\\s+${written.map.toFixed(4)}`))

    const listed = await runCli(['jobs'], { home })
    expect(listed.stdout).toMatch(new RegExp(`${job.jobId.slice(0, 8)}.*done.*qmax hpcp ↓40.*demo.*63252/63252.*${written.map.toFixed(4)}`))
  }, 400_000)
})

describe('a scoring job killed mid-way', () => {
  it('resumes without redoing finished pairs and ends with the same matrix as an uninterrupted run', async () => {
    const data = tempDir()
    const subset = demoSubset(data, 'killme', { works: 3, singles: 3 })
    const args = ['score', subset.folder, '--method', 'dtw', '--downsample', '2', '--workers', '2', '--json']

    const reference = tempDir()
    const whole = await runCli(args, own(reference), 300_000)
    expect(whole.code).toBe(0)
    const wholeJob = JSON.parse(whole.stdout) as JobJson

    const home = tempDir()
    const child = spawnCli(args, own(home))
    const tilesBeforeKill = await waitForTiles(join(home, 'refrain.db'), 8)
    child.kill('SIGKILL')
    await new Promise((r) => child.on('close', r))
    expect(tilesBeforeKill).toBeGreaterThanOrEqual(8)

    const jobs = JSON.parse((await runCli(['jobs', '--json'], own(home))).stdout) as JobJson[]
    expect(jobs).toHaveLength(1)
    expect(jobs[0].status).toBe('stopped')
    expect(jobs[0].pairsDone).toBeGreaterThan(0)
    expect(jobs[0].pairsDone).toBeLessThan(jobs[0].pairsTotal)

    const resumed = await runCli(['score', '--resume', jobs[0].jobId.slice(0, 8), '--json'], own(home), 300_000)
    expect(resumed.code).toBe(0)
    const done = JSON.parse(resumed.stdout) as JobJson
    expect(done).toMatchObject({ jobId: jobs[0].jobId, status: 'done', pairsDone: wholeJob.pairsTotal, pairsFailed: 0 })
    expect(matrixBytes(home, done.jobId).equals(matrixBytes(reference, wholeJob.jobId))).toBe(true)
    expect(done.evaluation).toEqual(wholeJob.evaluation)

    const again = await runCli(['score', '--resume', done.jobId.slice(0, 8)], own(home))
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/is finished; nothing to resume/)

    // Deleting the job removes it from the list and its matrix from the disk.
    const deleted = await runCli(['jobs', '--delete', done.jobId.slice(0, 8)], own(home))
    expect(deleted.stdout).toContain(`deleted job ${done.jobId}`)
    expect(existsSync(join(home, 'score-jobs', `${done.jobId}.f32`))).toBe(false)
    expect(JSON.parse((await runCli(['jobs', '--json'], own(home))).stdout)).toEqual([])
  }, 600_000)
})

describe('Ctrl-C during refrain score', () => {
  it('stops after the tiles in flight, keeps them and says how to resume', async () => {
    const data = tempDir()
    const subset = demoSubset(data, 'interrupted', { works: 2, singles: 2 })
    const home = tempDir()
    const child = spawnCli(['score', subset.folder, '--method', 'dtw', '--downsample', '1', '--workers', '1'], own(home))
    let stderr = ''
    child.stderr!.on('data', (chunk) => (stderr += chunk))
    expect(await waitForTiles(join(home, 'refrain.db'), 2)).toBeGreaterThanOrEqual(2)
    child.kill('SIGINT')
    const code = await new Promise((r) => child.on('close', r))
    expect(code).toBe(130)
    expect(stderr).toMatch(/stopping: finished pairs are kept/)
    const [job] = JSON.parse((await runCli(['jobs', '--json'], own(home))).stdout) as JobJson[]
    expect(job.status).toBe('stopped')
    expect(job.pairsDone).toBeGreaterThan(0)
    expect(job.pairsDone).toBeLessThan(job.pairsTotal)
  }, 300_000)
})

describe('refrain score with bad input', () => {
  it('replaces a worker that crashes on one performance, reports its pairs and finishes the rest', async () => {
    const data = tempDir()
    const subset = demoSubset(data, 'crashy', { works: 2, singles: 2 })
    const victim = [...subset.works.keys()][1]
    const home = tempDir()
    const result = await runCli(['score', subset.folder, '--method', 'qmax', '--json'], { home, extra: { REFRAIN_DEFAULT_LIBRARY: '0', REFRAIN_TEST_CRASH: `${victim}_hpcp.h5` } }, 300_000)
    expect(result.code).toBe(3)
    const job = JSON.parse(result.stdout) as JobJson
    const n = subset.works.size
    expect(job).toMatchObject({ status: 'done', pairsDone: n * (n - 1), pairsFailed: n - 1 })
    const crashes = job.messages.filter((m) => m.message.includes('the worker crashed on this pair'))
    expect(crashes).toHaveLength(n - 1)
    expect(crashes.every((m) => m.message.includes(`${victim}_hpcp.h5`))).toBe(true)
  }, 300_000)

  it('names the folder when it holds nothing to score, and the flag when it is wrong', async () => {
    const home = tempDir()
    const empty = join(tempDir(), 'empty')
    mkdirSync(empty)
    const result = await runCli(['score', empty, '--method', 'qmax'], own(home))
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(empty)
    const missing = await runCli(['score', 'no-such-dataset', '--method', 'qmax'], own(home))
    expect(missing.code).toBe(4)
    expect(missing.stderr).toMatch(/"no-such-dataset" is neither an indexed dataset/)
    const method = await runCli(['score', empty, '--method', 'cosine'], own(home))
    expect(method.code).toBe(2)
    expect(method.stderr).toMatch(/--method/)
    const band = await runCli(['score', empty, '--method', 'qmax', '--band', '5'], own(home))
    expect(band.code).toBe(2)
    expect(band.stderr).toMatch(/--band apply to --method dtw only/)
    const stackOnDtw = await runCli(['score', empty, '--method', 'dtw', '--frame-stack-size', '12'], own(home))
    expect(stackOnDtw.code).toBe(2)
    expect(stackOnDtw.stderr).toMatch(/--frame-stack-size, --binarize-percentile, --dis-onset and --dis-extension apply to Qmax and Dmax only/)
    const stackOut = await runCli(['score', empty, '--method', 'qmax', '--frame-stack-size', '0'], own(home))
    expect(stackOut.code).toBe(2)
    expect(stackOut.stderr).toMatch(/^refrain: --frame-stack-size: /)
  }, 120_000)
})

describe('refrain score with Qmax settings of its own', () => {
  it('scores with the frame stack, κ and gap penalties given, and says so in the job', async () => {
    const home = tempDir()
    const subset = demoSubset(tempDir(), 'stacked', { works: 2, singles: 1 })
    const args = ['score', subset.folder, '--method', 'qmax', '--frame-stack-size', '12', '--binarize-percentile', '0.12', '--dis-onset', '0.7', '--dis-extension', '0.3', '--json']
    const scored = await runCli(args, own(home), 120_000)
    expect(scored.code).toBe(0)
    const job = JSON.parse(scored.stdout) as JobJson & { label: string; params: Record<string, unknown> }
    expect(job.status).toBe('done')
    expect(job.params).toMatchObject({ method: 'qmax', frameStackSize: 12, binarizePercentile: 0.12, disOnset: 0.7, disExtension: 0.3 })
    expect(job.label).toBe('qmax hpcp ↓10 stack 12 κ 0.12 gaps 0.7/0.3')
  }, 180_000)
})
