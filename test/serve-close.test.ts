// `refrain serve` stopped with Ctrl-C while a batch job runs: the job is cancelled, the server
// waits for it to stop before the database closes, and the process exits cleanly (exit 0, no
// unhandled rejection); the job is left stopped, and resumable.
import { afterAll, describe, expect, it } from 'vitest'
import { once } from 'node:events'
import { join } from 'node:path'
import { createApp } from '../src-main/app/app'
import { assertCliBuilt, spawnCli } from './helpers/cli'
import { demoSubset } from './helpers/demo-subset'
import { removeTempDirs, tempDir } from './helpers/fixtures'

afterAll(() => removeTempDirs())

describe('refrain serve, Ctrl-C during a batch job', () => {
  it('stops the job, waits for it, and exits 0 without an unhandled rejection', async () => {
    assertCliBuilt()
    const home = tempDir()
    const subset = demoSubset(tempDir(), 'served', { works: 3, singles: 3 })
    const child = spawnCli(['serve', '--json'], { home, extra: { REFRAIN_DEFAULT_LIBRARY: '0' } })
    let stderr = ''
    child.stderr!.on('data', (chunk) => (stderr += chunk))
    const [first] = (await once(child.stdout!, 'data')) as [Buffer]
    const { url, port, db } = JSON.parse(first.toString()) as { url: string; port: number; db: string }
    const token = new URL(url).searchParams.get('token')!
    const call = async (method: string, input: unknown) => {
      const reply = await fetch(`http://127.0.0.1:${port}/api/${method}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(input),
      })
      return (await reply.json()) as { ok: boolean; value: { jobId: string; pairsDone: number; status: string } }
    }
    const started = await call('score.start', { source: subset.folder, workers: 1, params: { method: 'dtw', downsample: 1 } })
    expect(started.ok).toBe(true)
    const { jobId } = started.value
    for (let tries = 0; tries < 600; tries++) {
      const job = await call('score.job', { jobId })
      if (job.value.pairsDone > 0) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    child.kill('SIGINT')
    const [code] = (await once(child, 'close')) as [number | null]
    expect(stderr).not.toMatch(/unhandled|Error:|at .*\.js:\d+/i)
    expect(code).toBe(0)

    const app = createApp({ dbPath: db ?? join(home, 'refrain.db'), door: { name: 'cli', version: '0' } })
    try {
      const job = app.scoring.job(jobId)
      expect(job.status).toBe('stopped')
      expect(job.pairsDone).toBeGreaterThan(0)
      expect(job.pairsDone).toBeLessThan(job.pairsTotal)
    } finally {
      await app.close()
    }
  }, 180_000)
})
