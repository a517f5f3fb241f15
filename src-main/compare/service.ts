// What 'similarity.compare', 'similarity.thresholdSources' and 'similarity.judge' run: finds both
// performances' feature files, compares them on the compare worker thread (one, started on first
// use; comparisons queue) while the learned embedding's distance is computed beside it, and judges
// the distances against one threshold source at one operating point (judge.ts); judging again with
// another source or point aligns nothing again. A comparison given a progressId raises a
// 'compare.progress' event as it enters each stage.
import type { HandlerMap } from '../api/dispatch'
import type { z } from 'zod'
import type { methods } from '../api/contract'
import type { PerfRef } from '../index/types'
import { errorCode, RefrainError } from '../errors'
import type { Db } from '../index/db'
import { featurePath } from '../index/queries'
import { ALIGNMENT_DEFAULTS, type AlignmentParams, type ScoreMethod } from '../scoring/parameters'
import { resolveWorkerScript, TaskFailed, WorkerPool } from '../workers/pool'
import { compareStages, pairOf, type CompareStage, type Comparison } from './compare'
import type { EventBus } from '../jobs/events'
import type { CompareSide, CompareTask } from './compare-worker'
import { judge } from './judge'
import { calibrationSets, chooseSet } from './sources'
import type { CompareResult, Judgement, OperatingPoint, PairFacts, ThresholdSource } from './types'

type CompareInput = z.output<(typeof methods)['similarity.compare']['input']>
type JudgeInput = z.output<(typeof methods)['similarity.judge']['input']>

/** The methods a threshold source may calibrate for Compare (two-stage is a batch strategy, not a pair's distance). */
const JUDGED_METHODS: readonly ScoreMethod[] = ['dtw', 'qmax', 'dmax', 'embedding']

/** The embedding distance of two performances under the model in use; null where there is no model to use. */
export type EmbeddingDistance = (a: PerfRef, b: PerfRef) => Promise<number | null>

export class CompareService {
  private pool: WorkerPool<CompareTask, Comparison, CompareStage> | null = null

  constructor(
    private readonly db: Db,
    private readonly embeddingDistance: EmbeddingDistance = async () => null,
    private readonly events: EventBus | null = null,
  ) {}

  async compare(input: CompareInput): Promise<CompareResult> {
    const started = performance.now()
    const params = { ...ALIGNMENT_DEFAULTS, ...input.params }
    const side = (ref: { dataset: string; perfId: string }): CompareSide => ({
      label: `${ref.perfId} in ${ref.dataset}`,
      path: featurePath(this.db, ref.perfId, params.feature, ref.dataset),
    })
    const task: CompareTask = { a: side(input.a), b: side(input.b), params }
    const stages = compareStages(params)
    const { progressId } = input
    const report = (stage: CompareStage) => {
      if (progressId) this.events?.emit({ type: 'compare.progress', progressId, stage, step: stages.indexOf(stage) + 1, steps: stages.length })
    }
    report('start')
    // The learned embedding's distance beside the alignments', where a model is there to use; its
    // first use loads the model, as long as starting the worker, so the two overlap.
    const embedding = this.embeddingDistance(input.a, input.b)
    embedding.catch(() => {})
    this.pool ??= new WorkerPool<CompareTask, Comparison, CompareStage>({ script: resolveWorkerScript('compare-worker'), size: 1 })
    const result = await this.pool.run(task, report).catch((error: Error) => {
      // The worker's own message already names the file; a crash (e.g. out of memory) does not.
      if (error instanceof TaskFailed) throw error
      throw new RefrainError(errorCode(error) ?? 'io', `comparing ${task.a.label} with ${task.b.label}: ${error.message}`)
    })
    report('embedding')
    const embedded = await embedding
    const scores = embedded === null ? result.scores : [...result.scores, { method: 'embedding' as const, ...pairOf([embedded, embedded]), score: null, shift: 0 }]
    const pair: PairFacts = {
      datasets: [input.a.dataset, input.b.dataset],
      durationsSec: [result.frames[0] * result.secondsPerFrame, result.frames[1] * result.secondsPerFrame],
    }
    const { scores: judged, ...judgement } = this.judge({ params, pair, scores, source: input.source, operatingPoint: input.operatingPoint })
    return { ...result, scores: scores.map((s, k) => ({ ...s, ...judged[k] })), judgement, seconds: (performance.now() - started) / 1000 }
  }

  /** The sources that calibrate at least one of `methods` under these parameters, the default for a pair from `datasets` first. */
  thresholdSources(params: Partial<AlignmentParams>, methods: readonly ScoreMethod[] = JUDGED_METHODS, datasets: readonly string[] = []): { sources: ThresholdSource[]; defaultId: string | null } {
    const sources = calibrationSets(this.db, { ...ALIGNMENT_DEFAULTS, ...params }, methods, datasets).map((set) => set.source)
    return { sources, defaultId: sources[0]?.id ?? null }
  }

  judge(input: Omit<JudgeInput, 'params' | 'operatingPoint'> & { params: Partial<AlignmentParams>; operatingPoint?: OperatingPoint }): Judgement {
    const methods = input.scores.map((s) => s.method)
    const set = chooseSet(calibrationSets(this.db, { ...ALIGNMENT_DEFAULTS, ...input.params }, methods, input.pair.datasets), input.source)
    return judge(input.scores, set, input.operatingPoint ?? { rule: 'eer' }, input.pair)
  }

  handlers(): HandlerMap<'similarity.compare' | 'similarity.thresholdSources' | 'similarity.judge'> {
    return {
      'similarity.compare': (input) => this.compare(input),
      'similarity.thresholdSources': (input) => this.thresholdSources(input.params, input.methods, input.datasets),
      'similarity.judge': (input) => this.judge(input),
    }
  }

  /** Stops the compare worker, if one was started. */
  async close(): Promise<void> {
    await this.pool?.close()
    this.pool = null
  }
}
