// The embedding capability: every performance of a dataset embedded by a model, stored, and
// reused by later jobs (`refrain embed`, and a scoring job's first step for the embedding
// methods). Embeds in chunks on the worker pool and stores each chunk as it finishes, so a
// killed run keeps what it stored and the next run embeds only the rest.
import type { HandlerMap } from '../api/dispatch'
import { errorCode, errorMessage } from '../errors'
import type { Db } from '../index/db'
import { performanceFeature } from '../index/datasets'
import { datasetItems } from '../scoring/items'
import type { PerfRef } from '../index/types'
import { embeddingDistance } from '../scoring/pair'
import type { IndexMessage } from '../jobs/message'
import type { EventBus } from '../jobs/events'
import type { JobHooks, JobRunner, JobWatch } from '../jobs/runner'
import { embedSequences, type ProviderName } from '.'
import { resolveModel, type ModelRef } from './models'
import type { EmbedProgress, EmbedSummary } from './job'
import { ensureEmbeddingSchema, saveEmbeddings, storedEmbeddings, type EmbeddingSource } from './store'

/** Items embedded per round on the pool: each round's embeddings are stored before the next. */
const CHUNK = 128

export interface EmbedRequest {
  dataset: string
  /** An .onnx file with its card beside it; default the shipped model. */
  model?: string | null
  ep?: ProviderName | 'auto'
  workers?: number
}

/** One performance to embed: its row, its feature file, and that file's stamp. */
export interface EmbedTarget extends EmbeddingSource {
  path: string
  label: string
}

export interface EnsureOutcome {
  vectors: Map<number, Float32Array>
  reused: number
  embedded: number
  provider: string | null
  /** Items that could not be embedded (each reported). */
  failed: number
  cancelled: boolean
}

export class EmbeddingService {
  constructor(private readonly deps: { db: Db; runner: JobRunner; events: EventBus }) {
    ensureEmbeddingSchema(deps.db)
  }

  /** Embeds a dataset to the end (the CLI's way). */
  embed(request: EmbedRequest, hooks: JobWatch<EmbedProgress> = {}): Promise<EmbedSummary> {
    return this.embedJob(request, hooks).done
  }

  startEmbed(request: EmbedRequest): string {
    const { events } = this.deps
    return this.embedJob(request, {
      onProgress: (progress) => events.emit({ type: 'embed.progress', progress }),
      onMessage: (message, jobId) => events.emit({ type: 'embed.message', jobId, message }),
      onDone: (summary, jobId) => events.emit({ type: 'embed.done', jobId, summary }),
      failed: (error) => failedSummary(request, error),
    }).jobId
  }

  private embedJob(request: EmbedRequest, hooks: JobHooks<EmbedProgress, EmbedSummary>) {
    return this.deps.runner.run<EmbedProgress, EmbedSummary>({
      kind: 'embed',
      ...hooks,
      work: async (job) => {
        const started = performance.now()
        const model = resolveModel(request.model)
        const messages: IndexMessage[] = []
        const say = (message: IndexMessage) => {
          messages.push(message)
          job.onMessage(message)
        }
        const targets = this.targets(request.dataset, model, say)
        const outcome = await this.ensure(targets, model, { ep: request.ep, workers: request.workers }, {
          isCancelled: job.isCancelled,
          onMessage: say,
          onProgress: (p) => job.onProgress({ ...p, jobId: job.jobId }),
        })
        return {
          dataset: request.dataset,
          model: { name: model.name, id: model.id, path: model.path },
          provider: outcome.provider,
          items: targets.length,
          reused: outcome.reused,
          embedded: outcome.embedded,
          failed: outcome.failed,
          cancelled: outcome.cancelled,
          seconds: (performance.now() - started) / 1000,
          messages,
        }
      },
    })
  }

  /** The performances of a dataset that have the model's feature, as a scoring job takes them (datasetItems). */
  targets(dataset: string, model: ModelRef, say: (message: IndexMessage) => void): EmbedTarget[] {
    const { items, messages } = datasetItems(this.deps.db, dataset, model.card.input.feature)
    messages.forEach(say)
    return items.flatMap((item) => (item.stamp === null ? [] : [{ performanceRow: item.performanceRow, stamp: item.stamp, path: item.path, label: `${item.perfId} in ${dataset}` }]))
  }

  /** The embeddings of `targets`, from the store where unchanged, else computed now and stored. */
  async ensure(
    targets: readonly EmbedTarget[],
    model: ModelRef,
    options: { ep?: ProviderName | 'auto'; workers?: number },
    hooks: JobWatch<Omit<EmbedProgress, 'jobId'>>,
  ): Promise<EnsureOutcome> {
    const { db } = this.deps
    const vectors = storedEmbeddings(db, model.id, targets)
    const reused = vectors.size
    const missing = targets.filter((t) => !vectors.has(t.performanceRow))
    let provider: string | null = null
    let embedded = 0
    let failed = 0
    hooks.onProgress?.({ done: reused, total: targets.length })
    for (let k = 0; k < missing.length; k += CHUNK) {
      if (hooks.isCancelled?.()) return { vectors, reused, embedded, failed, provider, cancelled: true }
      const chunk = missing.slice(k, k + CHUNK)
      const byId = new Map(chunk.map((t) => [String(t.performanceRow), t]))
      const outcome = await embedSequences({
        model: model.path,
        items: chunk.map((t) => ({ id: String(t.performanceRow), label: t.label, path: t.path })),
        ...(options.ep ? { ep: options.ep } : {}),
        ...(options.workers ? { workers: options.workers } : {}),
        onProgress: (done) => hooks.onProgress?.({ done: reused + k + done, total: targets.length }),
      })
      provider ??= outcome.providerText
      const entries = [...outcome.embeddings].map(([id, vector]) => ({ ...byId.get(id)!, vector }))
      await saveEmbeddings(db, model.id, entries)
      for (const e of entries) vectors.set(e.performanceRow, e.vector)
      embedded += entries.length
      failed += outcome.problems.length
      for (const p of outcome.problems) hooks.onMessage?.({ level: 'warning', file: byId.get(p.id)?.path ?? p.id, message: `left out: ${p.message}` }, '')
    }
    hooks.onProgress?.({ done: targets.length, total: targets.length })
    return { vectors, reused, embedded, failed, provider, cancelled: false }
  }

  /** A dataset's embeddings under a model, for a scoring job's first step (what is stored is reused). */
  async vectorsOf(dataset: string, modelPath: string | null, hooks: JobWatch<never>): Promise<{ vectors: Map<number, Float32Array>; dim: number; cancelled: boolean }> {
    const model = resolveModel(modelPath)
    const say = (message: IndexMessage) => hooks.onMessage?.(message, '')
    const outcome = await this.ensure(this.targets(dataset, model, say), model, {}, { isCancelled: hooks.isCancelled, onMessage: hooks.onMessage })
    return { vectors: outcome.vectors, dim: model.card.output.dim, cancelled: outcome.cancelled }
  }

  /**
   * The Euclidean distance of two performances' embeddings under the model in use (stored, or
   * computed now): Compare's embedding row. Null when no model is there to use or either
   * performance lacks the model's feature; a model that fails to load is an error.
   */
  async pairDistance(a: PerfRef, b: PerfRef): Promise<number | null> {
    let model: ModelRef
    try {
      model = resolveModel(null)
    } catch (error) {
      if (errorCode(error) === 'not-found') return null
      throw error
    }
    const targets: EmbedTarget[] = []
    for (const ref of [a, b]) {
      const row = performanceFeature(this.deps.db, ref.dataset, ref.perfId, model.card.input.feature)
      if (!row?.path || !row.stamp || row.problem) return null
      targets.push({ performanceRow: row.performanceRow, stamp: row.stamp, path: row.path, label: `${ref.perfId} in ${ref.dataset}` })
    }
    const { vectors } = await this.ensure(targets, model, { workers: 1 }, {})
    const [va, vb] = targets.map((t) => vectors.get(t.performanceRow))
    return va && vb ? embeddingDistance(va, vb) : null
  }

  handlers(): HandlerMap<'embed.start' | 'embed.cancel'> {
    return {
      'embed.start': (input) => ({ jobId: this.startEmbed(input) }),
      'embed.cancel': (input) => ({ cancelled: this.deps.runner.cancel(input.jobId, 'embed') }),
    }
  }
}

function failedSummary(request: EmbedRequest, error: unknown): EmbedSummary {
  return {
    dataset: request.dataset,
    model: { name: '', id: '', path: request.model ?? '' },
    provider: null,
    items: 0,
    reused: 0,
    embedded: 0,
    failed: 0,
    cancelled: false,
    seconds: 0,
    messages: [{ level: 'error', file: request.model ?? request.dataset, message: `embedding stopped: ${errorMessage(error)}` }],
  }
}
