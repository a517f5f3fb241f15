// The worker side of the pool: run each task the pool sends through `handler`, reporting
// progress and the result (or the error's message and code) back. A worker runs one task at a time.
import { parentPort } from 'node:worker_threads'
import { errorCode, errorMessage } from '../errors'
import type { FromWorker, ToWorker } from './protocol'

export function serveTasks<Task, Result, Progress>(handler: (task: Task, report: (progress: Progress) => void) => Promise<Result>): void {
  const port = parentPort
  if (!port) throw new Error('serveTasks() must run inside a worker thread')
  const send = (message: FromWorker<Result, Progress>) => port.postMessage(message)
  port.on('message', (message: ToWorker<Task>) => {
    if (message?.type !== 'task') return
    const { id, task } = message
    handler(task, (progress) => send({ type: 'progress', id, progress })).then(
      (result) => send({ type: 'result', id, result }),
      (error: unknown) => send({ type: 'error', id, message: errorMessage(error), code: errorCode(error) }),
    )
  })
  send({ type: 'ready' })
}
