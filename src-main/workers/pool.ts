// A generic pool of worker threads: a queue of tasks, each run by the next free worker, with
// progress and results back on the main thread. A worker that crashes (throws outside a task,
// exits, runs out of memory) is replaced; its task fails with WorkerCrashed and the queue goes
// on. cancel() drops the queue and stops running tasks. The worker script calls serveTasks().
import { Worker } from 'node:worker_threads'
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { RefrainError, type ErrorCode } from '../errors'
import type { FromWorker, ToWorker } from './protocol'

export class WorkerCrashed extends RefrainError {
  constructor(message: string) {
    super('io', message)
  }
}
export class TaskCancelled extends RefrainError {
  constructor(message: string) {
    super('cancelled', message)
  }
}
/** The task's handler threw: its message, and its code where it had one (else invalid input: the task's data). */
export class TaskFailed extends RefrainError {
  constructor(message: string, code: ErrorCode | null) {
    super(code ?? 'invalid-input', message)
  }
}

export interface PoolOptions {
  /** Path of the built worker script (see resolveWorkerScript). */
  script: string
  /** Threads; default: the CPU cores. */
  size?: number
  workerData?: unknown
  /** Per-worker heap limit, so one huge task cannot take the process down. */
  maxOldGenerationSizeMb?: number
}

interface Pending<Task, Result, Progress> {
  id: number
  task: Task
  onProgress?: (progress: Progress) => void
  resolve: (result: Result) => void
  reject: (error: Error) => void
}

interface Slot<Task, Result, Progress> {
  worker: Worker
  current: Pending<Task, Result, Progress> | null
  /** Set when we terminate it on purpose (cancel/close), so its exit is no crash. */
  retired: boolean
}

export class WorkerPool<Task, Result, Progress = unknown> {
  readonly size: number
  private readonly slots = new Set<Slot<Task, Result, Progress>>()
  private readonly queue: Pending<Task, Result, Progress>[] = []
  private nextId = 1
  private closed = false

  constructor(private readonly options: PoolOptions) {
    this.size = Math.max(1, Math.floor(options.size ?? availableParallelism()))
  }

  /** Queues a task; resolves with its result, rejects with TaskFailed, WorkerCrashed or TaskCancelled. */
  run(task: Task, onProgress?: (progress: Progress) => void): Promise<Result> {
    if (this.closed) return Promise.reject(new TaskCancelled('the pool is closed'))
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, onProgress, resolve, reject })
      this.pump()
    })
  }

  /** Tasks waiting or running. */
  get pending(): number {
    let running = 0
    for (const slot of this.slots) if (slot.current) running++
    return this.queue.length + running
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return
      if (!slot.current) this.assign(slot, this.queue.shift()!)
    }
    while (this.queue.length > 0 && this.slots.size < this.size && !this.closed) {
      this.assign(this.spawn(), this.queue.shift()!)
    }
  }

  private assign(slot: Slot<Task, Result, Progress>, pending: Pending<Task, Result, Progress>): void {
    slot.current = pending
    // A busy worker keeps the process alive (its caller awaits the result); an idle one does not.
    slot.worker.ref()
    const message: ToWorker<Task> = { type: 'task', id: pending.id, task: pending.task }
    slot.worker.postMessage(message)
  }

  private spawn(): Slot<Task, Result, Progress> {
    const worker = new Worker(this.options.script, {
      workerData: this.options.workerData,
      resourceLimits: this.options.maxOldGenerationSizeMb ? { maxOldGenerationSizeMb: this.options.maxOldGenerationSizeMb } : undefined,
      stdout: false,
      stderr: false,
    })
    const slot: Slot<Task, Result, Progress> = { worker, current: null, retired: false }
    this.slots.add(slot)
    worker.on('message', (message: FromWorker<Result, Progress>) => {
      const current = slot.current
      if (message.type === 'ready' || !current || message.id !== current.id) return
      if (message.type === 'progress') {
        current.onProgress?.(message.progress)
        return
      }
      slot.current = null
      slot.worker.unref()
      if (message.type === 'result') current.resolve(message.result)
      else current.reject(new TaskFailed(message.message, message.code))
      this.pump()
    })
    let why = ''
    worker.on('error', (error) => {
      why = error.message
    })
    worker.on('exit', (code) => {
      this.slots.delete(slot)
      const current = slot.current
      slot.current = null
      if (current) {
        if (slot.retired) current.reject(new TaskCancelled('cancelled'))
        else current.reject(new WorkerCrashed(`the worker stopped (${why || `exit code ${code}`})`))
      }
      if (!this.closed) this.pump()
    })
    worker.unref()
    return slot
  }

  /** Drops every waiting task and stops the running ones (they reject with TaskCancelled). */
  async cancel(): Promise<void> {
    for (const pending of this.queue.splice(0)) pending.reject(new TaskCancelled('cancelled'))
    await Promise.all([...this.slots].filter((slot) => slot.current).map((slot) => this.retire(slot)))
  }

  private async retire(slot: Slot<Task, Result, Progress>): Promise<void> {
    slot.retired = true
    await slot.worker.terminate()
  }

  /** Cancels what is left and ends every worker. */
  async close(): Promise<void> {
    await this.cancel()
    this.closed = true
    await Promise.all([...this.slots].map((slot) => this.retire(slot)))
  }
}

/**
 * Finds a built worker script `<name>.js`: beside this module (the bundle's out/main), or,
 * walking up from it, in out/main/ (for code run from source, e.g. under vitest after a build).
 */
export function resolveWorkerScript(name: string, from: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(from))
  const tried: string[] = []
  for (;;) {
    for (const candidate of [join(dir, `${name}.js`), join(dir, 'out', 'main', `${name}.js`)]) {
      tried.push(candidate)
      if (existsSync(candidate)) return candidate
    }
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`cannot find the worker script ${name}.js (build with \`npm run build\`; looked in ${tried.slice(0, 3).join(', ')}…)`)
    dir = parent
  }
}
