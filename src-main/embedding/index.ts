// The embedding API for the main thread: embedSequences() cuts the items into tasks and runs them
// on a pool of embed workers, so ONNX Runtime never runs on the main thread. It says which
// execution provider ran and why the better ones did not; a model that cannot be used is one
// error; sequences that cannot be embedded come back as problems, the rest as embeddings.
import { availableParallelism } from 'node:os'
import { RefrainError } from '../errors'
import { resolveWorkerScript, TaskFailed, WorkerPool } from '../workers/pool'
import { describeProviders, type ProviderAttempt, type ProviderName } from './providers'
import type { EmbedItem, EmbedTask, EmbedTaskResult } from './types'

export type { EmbedItem } from './types'
export { describeProviders, parseProvider, providerOrder, PROVIDER_LABEL, type ProviderName } from './providers'
export { cardPathFor, loadModelCard, type ModelCard } from './card'

export interface EmbedOptions {
  /** The .onnx file; its card is `<name>.card.json` beside it. */
  model: string
  items: readonly EmbedItem[]
  ep?: ProviderName | 'auto'
  workers?: number
  /** Items per task: a worker reports back after each task. */
  chunk?: number
  onProgress?: (done: number, total: number) => void
  /** Tests: providers made to fail as if they could not load. */
  failProviders?: ProviderName[]
  /** The built worker script (default: out/main/embed-worker.js). */
  script?: string
}

export interface EmbedOutcome {
  provider: ProviderName
  /** Every provider tried, in order, with why it failed (null for the one in use). */
  attempts: ProviderAttempt[]
  /** "CPU (CUDA failed: …)". */
  providerText: string
  dim: number
  embeddings: Map<string, Float32Array>
  problems: { id: string; message: string }[]
}

export async function embedSequences(options: EmbedOptions): Promise<EmbedOutcome> {
  const chunk = Math.max(1, options.chunk ?? 16)
  const tasks: EmbedTask[] = []
  for (let i = 0; i < options.items.length; i += chunk) {
    tasks.push({ model: options.model, ep: options.ep, failProviders: options.failProviders, items: options.items.slice(i, i + chunk) })
  }
  if (tasks.length === 0) tasks.push({ model: options.model, ep: options.ep, failProviders: options.failProviders, items: [] })
  const size = Math.max(1, Math.min(options.workers ?? availableParallelism(), tasks.length))
  const pool = new WorkerPool<EmbedTask, EmbedTaskResult, number>({ script: options.script ?? resolveWorkerScript('embed-worker'), size })
  const embeddings = new Map<string, Float32Array>()
  const problems: EmbedOutcome['problems'] = []
  let first: EmbedTaskResult | null = null
  let done = 0
  try {
    await Promise.all(
      tasks.map(async (task) => {
        let before = 0
        const result = await pool.run(task, (count) => {
          done += count - before
          before = count
          options.onProgress?.(done, options.items.length)
        })
        first ??= result
        for (const r of result.results) {
          if (r.embedding) embeddings.set(r.id, r.embedding)
          else problems.push({ id: r.id, message: r.problem ?? 'not embedded' })
        }
      }),
    )
  } catch (error) {
    // The model itself is unusable (every task would fail alike): one error, no more tasks.
    await pool.cancel()
    if (error instanceof TaskFailed) throw new RefrainError(error.code, error.message)
    throw error
  } finally {
    await pool.close()
  }
  const head = first as EmbedTaskResult | null
  if (!head) throw new RefrainError('io', `${options.model}: no embed task finished`)
  return {
    provider: head.provider,
    attempts: head.attempts,
    providerText: describeProviders(head.provider, head.attempts),
    dim: head.dim,
    embeddings,
    problems,
  }
}

export { resolvePython, runTraining, type TrainEvent, type TrainOptions } from './train'
