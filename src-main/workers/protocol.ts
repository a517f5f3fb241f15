// Messages between the pool (main thread) and its workers.
import type { ErrorCode } from '../errors'

export type ToWorker<Task> = { type: 'task'; id: number; task: Task }
export type FromWorker<Result, Progress> =
  | { type: 'ready' }
  | { type: 'progress'; id: number; progress: Progress }
  | { type: 'result'; id: number; result: Result }
  | { type: 'error'; id: number; message: string; code: ErrorCode | null }
