// jobs/runner.ts: the one runner every index, import and scoring job starts through. What its
// callers rely on: cancel by id, progress that is throttled but never loses its last report, a
// failure turned into the job's one result (or rejected), and close() waiting for every job.
import { describe, expect, it } from 'vitest'
import { JobRunner, PROGRESS_INTERVAL_MS } from '../../src-main/jobs/runner'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A job that counts until cancelled (or `steps`), reporting each step. */
function counting(steps = Infinity) {
  return async (job: { isCancelled(): boolean; onProgress(n: number): void }) => {
    let n = 0
    while (!job.isCancelled() && n < steps) {
      job.onProgress(++n)
      await sleep(1)
    }
    return n
  }
}

describe('JobRunner', () => {
  it('cancels the job named, and only a job of the kind named', async () => {
    const runner = new JobRunner()
    const a = runner.run({ kind: 'index', work: counting() })
    const b = runner.run({ kind: 'score', work: counting(20) })
    expect(runner.cancel(a.jobId, 'score')).toBe(false)
    expect(runner.isRunning(a.jobId)).toBe(true)
    await sleep(5)
    expect(runner.cancel(a.jobId, 'index')).toBe(true)
    expect(await a.done).toBeGreaterThan(0)
    expect(await b.done).toBe(20)
    expect(runner.isRunning(a.jobId)).toBe(false)
    expect(runner.cancel(a.jobId)).toBe(false)
  })

  it('throttles progress, and the last report always arrives before onDone', async () => {
    const runner = new JobRunner()
    const seen: Array<number | string> = []
    const steps = 200
    const started = performance.now()
    const result = await runner.run({
      kind: 'import',
      work: counting(steps),
      onProgress: (n: number) => seen.push(n),
      onDone: () => seen.push('done'),
    }).done
    const elapsed = performance.now() - started
    expect(result).toBe(steps)
    expect(seen.at(-1)).toBe('done')
    expect(seen.at(-2)).toBe(steps)
    // One report per interval at most, plus the first and the flushed last one.
    expect(seen.length - 1).toBeLessThanOrEqual(Math.ceil(elapsed / PROGRESS_INTERVAL_MS) + 2)
    expect(seen.length - 1).toBeLessThan(steps / 4)
  })

  it('turns a failure into the result `failed` makes, or rejects without it', async () => {
    const runner = new JobRunner()
    const boom = async () => {
      throw new Error('disk full')
    }
    const results: string[] = []
    const ended = await runner.run({ kind: 'index', work: boom, failed: (error) => `failed: ${(error as Error).message}`, onDone: (r) => results.push(r) }).done
    expect(ended).toBe('failed: disk full')
    expect(results).toEqual(['failed: disk full'])
    await expect(runner.run({ kind: 'index', work: boom }).done).rejects.toThrow('disk full')
  })

  it('close() cancels every job, resolves only once each has stopped, and refuses new ones', async () => {
    const runner = new JobRunner()
    const finished: string[] = []
    const slowStop = async (job: { isCancelled(): boolean }) => {
      while (!job.isCancelled()) await sleep(1)
      await sleep(50) // the work in flight finishes after the cancel
      finished.push('slow')
    }
    runner.run({ kind: 'score', work: slowStop })
    runner.run({ kind: 'index', work: async () => { throw new Error('ignored by close') } })
    await runner.close()
    expect(finished).toEqual(['slow'])
    expect(() => runner.run({ kind: 'index', work: counting(1) })).toThrow(/closing/)
  })

  it('an outside signal (a terminal Ctrl-C) cancels like cancel() does', async () => {
    const runner = new JobRunner()
    let interrupted = false
    const job = runner.run({ kind: 'index', work: counting(), isCancelled: () => interrupted })
    await sleep(5)
    interrupted = true
    expect(await job.done).toBeGreaterThan(0)
  })
})
