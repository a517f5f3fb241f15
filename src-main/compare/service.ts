// What 'similarity.compare' runs: finds both performances' feature files, compares them on the
// compare worker thread (one, started on first use; comparisons queue) and gives each method's
// distance its verdict against the calibrated threshold for that method and these parameters.
import type { HandlerMap } from '../api/dispatch'
import type { z } from 'zod'
import type { methods } from '../api/contract'
import type { PerfRef } from '../index/types'
import { errorCode, RefrainError } from '../errors'
import type { Db } from '../index/db'
import { featurePath } from '../index/queries'
import { ALIGNMENT_DEFAULTS, SCORE_DEFAULTS } from '../scoring/parameters'
import { versionProbability } from '../eval/calibration'
import { thresholdFor } from '../scoring/threshold'
import { resolveWorkerScript, TaskFailed, WorkerPool } from '../workers/pool'
import type { Comparison } from './compare'
import type { CompareSide, CompareTask } from './compare-worker'
import type { CompareResult } from './types'

type Verdict = CompareResult['scores'][number]['verdict']
type CompareInput = z.output<(typeof methods)['similarity.compare']['input']>

export function verdictFor(distance: number | null, threshold: { value: number } | null): Verdict {
  if (!threshold) return 'uncalibrated'
  return distance !== null && distance <= threshold.value ? 'versions' : 'not versions'
}

/** The embedding distance of two performances under the model in use; null where there is no model to use. */
export type EmbeddingDistance = (a: PerfRef, b: PerfRef) => Promise<number | null>

export class CompareService {
  private pool: WorkerPool<CompareTask, Comparison> | null = null

  constructor(
    private readonly db: Db,
    private readonly embeddingDistance: EmbeddingDistance = async () => null,
  ) {}

  async compare(input: CompareInput): Promise<CompareResult> {
    const started = performance.now()
    const params = { ...ALIGNMENT_DEFAULTS, ...input.params }
    const side = (ref: { dataset: string; perfId: string }): CompareSide => ({
      label: `${ref.perfId} in ${ref.dataset}`,
      path: featurePath(this.db, ref.perfId, params.feature, ref.dataset),
    })
    const task: CompareTask = { a: side(input.a), b: side(input.b), params }
    this.pool ??= new WorkerPool<CompareTask, Comparison>({ script: resolveWorkerScript('compare-worker'), size: 1 })
    const result = await this.pool.run(task).catch((error: Error) => {
      // The worker's own message already names the file; a crash (e.g. out of memory) does not.
      if (error instanceof TaskFailed) throw error
      throw new RefrainError(errorCode(error) ?? 'io', `comparing ${task.a.label} with ${task.b.label}: ${error.message}`)
    })
    // The learned embedding's distance beside the alignments', where a model is there to use.
    const embedded = await this.embeddingDistance(input.a, input.b)
    const all = embedded === null ? result.scores : [...result.scores, { method: 'embedding' as const, distance: embedded, score: null, shift: 0 }]
    const scores = all.map((s) => {
      const threshold = thresholdFor(this.db, { ...SCORE_DEFAULTS, ...params, method: s.method })
      const probability = threshold?.calibration ? versionProbability(threshold.calibration, s.distance ?? Infinity) : null
      return { ...s, threshold, verdict: verdictFor(s.distance, threshold), probability }
    })
    return { ...result, scores, seconds: (performance.now() - started) / 1000 }
  }

  handlers(): HandlerMap<'similarity.compare'> {
    return { 'similarity.compare': (input) => this.compare(input) }
  }

  /** Stops the compare worker, if one was started. */
  async close(): Promise<void> {
    await this.pool?.close()
    this.pool = null
  }
}
