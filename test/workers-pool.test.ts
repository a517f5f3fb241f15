// The generic worker pool: a queue over N threads, progress and results back, a crashed
// worker replaced (its task failed, the rest go on), errors passed as messages, and cancel.
import { writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { TaskCancelled, TaskFailed, WorkerCrashed, WorkerPool } from '../src-main/workers/pool'
import { removeTempDirs, tempDir } from './helpers/fixtures'

afterAll(removeTempDirs)

// A worker speaking the pool's protocol (src-main/workers/serve.ts does this for built workers).
const SCRIPT = `
import { parentPort, threadId } from 'node:worker_threads'
parentPort.on('message', async ({ id, task }) => {
  if (task.op === 'crash') process.exit(3)
  if (task.op === 'throw-outside') setTimeout(() => { throw new Error('boom outside a task') })
  if (task.op === 'fail') return parentPort.postMessage({ type: 'error', id, message: 'no such thing: ' + task.value })
  for (let i = 1; i <= 3; i++) {
    await new Promise((r) => setTimeout(r, task.ms ?? 5))
    parentPort.postMessage({ type: 'progress', id, progress: i / 3 })
  }
  parentPort.postMessage({ type: 'result', id, result: { value: task.value * 2, thread: threadId } })
})
parentPort.postMessage({ type: 'ready' })
`

function script(): string {
  const path = join(tempDir(), 'worker.mjs')
  writeFileSync(path, SCRIPT)
  return path
}

type Task = { op?: string; value: number; ms?: number }
type Result = { value: number; thread: number }

describe('WorkerPool', () => {
  it('runs a queue of tasks on at most `size` threads, with progress', async () => {
    const pool = new WorkerPool<Task, Result, number>({ script: script(), size: 2 })
    const progress: number[] = []
    const results = await Promise.all(Array.from({ length: 7 }, (_, i) => pool.run({ value: i }, (p) => progress.push(p))))
    expect(results.map((r) => r.value)).toEqual([0, 2, 4, 6, 8, 10, 12])
    expect(new Set(results.map((r) => r.thread)).size).toBe(2)
    expect(progress.filter((p) => p === 1)).toHaveLength(7)
    await pool.close()
  })

  it('defaults to one thread per core', () => {
    expect(new WorkerPool({ script: script() }).size).toBe(availableParallelism())
  })

  it('replaces a crashed worker; its task fails with WorkerCrashed and the rest finish', async () => {
    const pool = new WorkerPool<Task, Result, number>({ script: script(), size: 1 })
    const outcomes = await Promise.allSettled([pool.run({ value: 1 }), pool.run({ op: 'crash', value: 2 }), pool.run({ value: 3 }), pool.run({ op: 'throw-outside', value: 4, ms: 50 }), pool.run({ value: 5 })])
    expect(outcomes[0]).toMatchObject({ status: 'fulfilled', value: { value: 2 } })
    expect(outcomes[1].status).toBe('rejected')
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(WorkerCrashed)
    expect((outcomes[1] as PromiseRejectedResult).reason.message).toMatch(/exit code 3/)
    expect(outcomes[2]).toMatchObject({ status: 'fulfilled', value: { value: 6 } })
    expect((outcomes[3] as PromiseRejectedResult).reason).toBeInstanceOf(WorkerCrashed)
    expect((outcomes[3] as PromiseRejectedResult).reason.message).toMatch(/boom outside a task/)
    expect(outcomes[4]).toMatchObject({ status: 'fulfilled', value: { value: 10 } })
    await pool.close()
  })

  it("passes a task's error as TaskFailed, keeping the worker", async () => {
    const pool = new WorkerPool<Task, Result, number>({ script: script(), size: 1 })
    await expect(pool.run({ op: 'fail', value: 7 })).rejects.toThrow(TaskFailed)
    await expect(pool.run({ op: 'fail', value: 7 })).rejects.toThrow('no such thing: 7')
    expect((await pool.run({ value: 1 })).value).toBe(2)
    await pool.close()
  })

  it('cancel drops waiting tasks and stops running ones', async () => {
    const pool = new WorkerPool<Task, Result, number>({ script: script(), size: 2 })
    const runs = Array.from({ length: 6 }, (_, i) => pool.run({ value: i, ms: 2000 }))
    await new Promise((r) => setTimeout(r, 200))
    const settled = Promise.allSettled(runs)
    const started = Date.now()
    await pool.cancel()
    const outcomes = await settled
    expect(Date.now() - started).toBeLessThan(1500)
    for (const outcome of outcomes) expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(TaskCancelled)
    expect(pool.pending).toBe(0)
    // The pool still works after a cancel.
    expect((await pool.run({ value: 4 })).value).toBe(8)
    await pool.close()
    await expect(pool.run({ value: 1 })).rejects.toThrow(TaskCancelled)
  })
})
