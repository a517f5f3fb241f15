// The one background-job runner for indexing, imports and scoring: every long job starts
// here, reports progress (throttled the same way for all), can be cancelled by id, and ends
// with exactly one result. close() cancels every running job and waits for each to stop, so
// the database is never closed under a job that still writes to it.
import { randomUUID } from 'node:crypto'
import type { IndexMessage } from './message'

export type JobKind = 'index' | 'import' | 'score' | 'embed' | 'train'

/** What a job's work sees of the runner. */
export interface JobControl<P> {
  readonly jobId: string
  /** True once cancel() (or the caller's own signal, such as a terminal's Ctrl-C) asked it to stop. */
  isCancelled(): boolean
  onProgress(progress: P): void
  onMessage(message: IndexMessage): void
}

/** What a caller may watch and steer of a job; every field optional. */
export interface JobHooks<P, R = unknown> {
  /** Another reason to stop besides cancel(): a terminal's Ctrl-C, an enclosing job's cancel. */
  isCancelled?: () => boolean
  onProgress?: (progress: P) => void
  onMessage?: (message: IndexMessage, jobId: string) => void
  /**
   * The result a job that threw ends with (a summary naming the cause), for jobs whose watchers
   * expect one; without it the error rejects `done`.
   */
  failed?: (error: unknown) => R
  /** Called once with the job's result, after its last progress report. */
  onDone?: (result: R, jobId: string) => void
}

/** What a caller that runs a job to the end watches of it: a terminal's progress bar and Ctrl-C, an enclosing job. */
export type JobWatch<P> = Pick<JobHooks<P>, 'isCancelled' | 'onProgress' | 'onMessage'>

export interface JobSpec<P, R> extends JobHooks<P, R> {
  kind: JobKind
  /** An id the job already has (a scoring job's row); default: a new UUID. */
  jobId?: string
  work: (job: JobControl<P>) => Promise<R>
}

export interface RunningJob<R> {
  jobId: string
  done: Promise<R>
}

/** At most this often a job's progress reaches its watchers; the last report is never dropped. */
export const PROGRESS_INTERVAL_MS = 100

interface Entry {
  kind: JobKind
  cancelled: boolean
  settled: Promise<unknown>
}

export class JobRunner {
  private readonly jobs = new Map<string, Entry>()
  private closed = false

  run<P, R>(spec: JobSpec<P, R>): RunningJob<R> {
    if (this.closed) throw new Error('the library is closing: no new jobs')
    const jobId = spec.jobId ?? randomUUID()
    if (this.jobs.has(jobId)) throw new Error(`job ${jobId} is already running`)
    const entry: Entry = { kind: spec.kind, cancelled: false, settled: Promise.resolve() }
    const progress = throttle(spec.onProgress)
    const control: JobControl<P> = {
      jobId,
      isCancelled: () => entry.cancelled || (spec.isCancelled?.() ?? false),
      onProgress: progress.report,
      onMessage: (message) => spec.onMessage?.(message, jobId),
    }
    const done = (async () => {
      let result: R
      try {
        result = await spec.work(control)
      } catch (error) {
        if (!spec.failed) throw error
        result = spec.failed(error)
      } finally {
        progress.flush()
        this.jobs.delete(jobId)
      }
      spec.onDone?.(result, jobId)
      return result
    })()
    entry.settled = done.catch(() => undefined)
    this.jobs.set(jobId, entry)
    return { jobId, done }
  }

  /** Asks a running job to stop after the work in flight; false when no such job runs here. */
  cancel(jobId: string, kind?: JobKind): boolean {
    const entry = this.jobs.get(jobId)
    if (!entry || (kind !== undefined && entry.kind !== kind)) return false
    entry.cancelled = true
    return true
  }

  isRunning(jobId: string): boolean {
    return this.jobs.has(jobId)
  }

  /** Cancels every job and resolves once each has stopped; no job starts after it. */
  async close(): Promise<void> {
    this.closed = true
    for (const entry of this.jobs.values()) entry.cancelled = true
    await Promise.all([...this.jobs.values()].map((entry) => entry.settled))
  }
}

/** Passes a report on at most every PROGRESS_INTERVAL_MS; flush() sends the one held back. */
function throttle<P>(listener: ((progress: P) => void) | undefined) {
  let last = -Infinity
  let pending: { value: P } | null = null
  return {
    report(progress: P) {
      if (!listener) return
      const now = performance.now()
      if (now - last >= PROGRESS_INTERVAL_MS) {
        last = now
        pending = null
        listener(progress)
      } else pending = { value: progress }
    },
    flush() {
      if (listener && pending) listener(pending.value)
      pending = null
    },
  }
}
