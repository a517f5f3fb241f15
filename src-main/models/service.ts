// The models capability: the shipped and the user's embedding models with their cards, loading
// one from disk, choosing the active one (which resolveModel then uses for embed and scoring),
// the execution provider that runs it here (found by loading it once in an embed worker, never
// on the main thread), and training a new one as a job with per-epoch progress and cancel.
import { resolve } from 'node:path'
import type { HandlerMap } from '../api/dispatch'
import { embedSequences } from '../embedding'
import { loadModelCard } from '../embedding/card'
import { resolveModel, setActiveModelSource, shippedModels } from '../embedding/models'
import { conflict, errorMessage, invalidInput, notFound } from '../errors'
import type { Db } from '../index/db'
import type { EventBus } from '../jobs/events'
import type { JobHooks, JobRunner, RunningJob } from '../jobs/runner'
import { activeModelPath, addUserModel, setActiveModelPath, userModelFiles, userModelsDir } from './store'
import { summariseCard } from './summary'
import { checkTrainRequest, trainModel, type TrainRun } from './training'
import type { ModelInfo, TrainDone, TrainProgress } from './types'

export interface ModelList {
  models: ModelInfo[]
  /** The active model's id; null when none is set or it is missing (then `problems` says so). */
  active: string | null
  folder: string
  /** Files in the models folders that are not usable models, one line each. */
  problems: string[]
}

export interface ProviderInfo {
  model: { name: string; id: string; path: string } | null
  /** "CUDA", "CPU (CUDA failed: …)"; null when there is no model to run. */
  provider: string | null
  attempts: { provider: string; error: string | null }[]
  /** Why there is no provider line (no model, a model that does not load). */
  problem: string | null
}

export class ModelsService {
  private readonly providers = new Map<string, Promise<ProviderInfo>>()
  private training: string | null = null
  private readonly unregister: () => void

  constructor(private readonly deps: { db: Db; runner: JobRunner; events: EventBus }) {
    this.unregister = setActiveModelSource(() => activeModelPath(deps.db))
  }

  list(): ModelList {
    const active = activeModelPath(this.deps.db)
    const models: ModelInfo[] = []
    const problems: string[] = []
    const seen = new Set<string>()
    const add = (path: string, source: ModelInfo['source']) => {
      if (seen.has(resolve(path))) return
      seen.add(resolve(path))
      try {
        const { card } = loadModelCard(path)
        models.push({ name: card.name, path, id: card.sha256, source, active: false, card: summariseCard(card) })
      } catch (error) {
        problems.push(errorMessage(error))
      }
    }
    for (const path of shippedModels()) add(path, 'shipped')
    for (const path of userModelFiles()) add(path, 'user')
    if (active) add(active, 'elsewhere')
    // The one resolveModel(null) would use: the active model, else the first shipped one.
    const inUse = active ? models.find((m) => resolve(m.path) === resolve(active)) : models.find((m) => m.source === 'shipped')
    if (inUse) inUse.active = true
    return { models, active: inUse?.id ?? null, folder: userModelsDir(), problems }
  }

  /** Checks a model and its card and copies both into the user's models folder. */
  load(path: string): ModelInfo {
    const { path: installed } = addUserModel(path)
    return this.list().models.find((m) => resolve(m.path) === resolve(installed))!
  }

  /** Makes a model active by id (or a unique prefix of it) or by path; neither: back to the shipped default. */
  setActive(ref: { id?: string | null; path?: string | null }): ModelInfo | null {
    const { db } = this.deps
    if (ref.path) {
      const path = resolve(ref.path)
      loadModelCard(path)
      setActiveModelPath(db, path)
    } else if (ref.id) {
      const key = ref.id.toLowerCase()
      const matches = this.list().models.filter((m) => m.id.startsWith(key))
      if (matches.length === 0) throw notFound(`no model has the id ${ref.id} (see refrain models)`)
      if (new Set(matches.map((m) => m.id)).size > 1) throw invalidInput(`the id ${ref.id} names ${matches.length} models: give more of it`)
      setActiveModelPath(db, matches[0].path)
    } else setActiveModelPath(db, null)
    return this.list().models.find((m) => m.active) ?? null
  }

  /**
   * The execution provider that runs the active model here: the model opened once in an embed
   * worker on zero items, remembered per model.
   */
  provider(): Promise<ProviderInfo> {
    let model
    try {
      model = resolveModel(null)
    } catch (error) {
      return Promise.resolve({ model: null, provider: null, attempts: [], problem: errorMessage(error) })
    }
    const ref = { name: model.name, id: model.id, path: model.path }
    let found = this.providers.get(model.id)
    if (!found) {
      found = embedSequences({ model: model.path, items: [], workers: 1 }).then(
        (outcome) => ({ model: ref, provider: outcome.providerText, attempts: outcome.attempts, problem: null }),
        (error: unknown) => ({ model: ref, provider: null, attempts: [], problem: errorMessage(error) }),
      )
      this.providers.set(model.id, found)
    }
    return found
  }

  /** Trains to the end (the CLI's way); rejects with the one-line reason when it cannot. */
  train(run: TrainRun, hooks: JobHooks<TrainProgress, TrainDone> = {}): Promise<TrainDone> {
    return this.trainJob(run, hooks).done
  }

  startTraining(run: TrainRun): string {
    const { events } = this.deps
    return this.trainJob(run, {
      onProgress: (progress) => events.emit({ type: 'train.progress', progress }),
      onDone: (done) => events.emit({ type: 'train.done', done }),
      failed: (error) => ({ jobId: '', model: null, error: errorMessage(error), interrupted: false, seconds: 0 }),
    }).jobId
  }

  private trainJob(run: TrainRun, hooks: JobHooks<TrainProgress, TrainDone>) {
    if (this.training) throw conflict('a model is already being trained: wait for it or cancel it')
    // Names that are not indexed are refused now, not as a job that fails a moment later.
    checkTrainRequest(this.deps.db, run)
    const job: RunningJob<TrainDone> = this.deps.runner.run<TrainProgress, TrainDone>({
      kind: 'train',
      ...hooks,
      failed: hooks.failed ? (error) => ({ ...hooks.failed!(error), jobId: job.jobId }) : undefined,
      work: async (control) => {
        const started = performance.now()
        const abort = new AbortController()
        // The runner's cancel is a flag; the child needs a signal (SIGINT) to export its best epoch.
        const poll = setInterval(() => {
          if (control.isCancelled()) abort.abort()
        }, 200)
        try {
          const done = await trainModel(this.deps.db, run, {
            signal: abort.signal,
            onEpoch: (e) =>
              control.onProgress({ jobId: control.jobId, epoch: e.epoch, epochs: run.epochs ?? 40, lossName: e.lossName, loss: e.loss, valMap: e.valMap, chance: e.chance, seconds: e.seconds }),
          })
          const model = this.list().models.find((m) => resolve(m.path) === resolve(done.installed)) ?? null
          return { jobId: control.jobId, model, error: null, interrupted: done.interrupted, seconds: (performance.now() - started) / 1000 }
        } finally {
          clearInterval(poll)
        }
      },
    })
    this.training = job.jobId
    job.done.then(
      () => (this.training = null),
      () => (this.training = null),
    )
    return job
  }

  close(): void {
    this.unregister()
  }

  handlers(): HandlerMap<'models.list' | 'models.load' | 'models.setActive' | 'models.provider' | 'train.start' | 'train.cancel'> {
    return {
      'models.list': () => this.list(),
      'models.load': (input) => ({ model: this.load(input.path) }),
      'models.setActive': (input) => ({ model: this.setActive(input) }),
      'models.provider': () => this.provider(),
      'train.start': (input) => ({ jobId: this.startTraining(input) }),
      'train.cancel': (input) => ({ cancelled: this.deps.runner.cancel(input.jobId, 'train') }),
    }
  }
}
