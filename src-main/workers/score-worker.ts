// The scoring worker (built as its own entry, out/main/score-worker.js): probes items, scores
// tiles of a job's distance matrix, and evaluates a finished one. A pair that cannot be scored is reported with its reason and
// gets an infinite distance; the rest of the tile goes on.
import { evaluateMatrix } from '../scoring/evaluate-job'
import { pairDistance, pairWorkspace } from '../scoring/pair'
import type { ScoreParams } from '../scoring/parameters'
import { SequenceCache } from '../scoring/sequence-cache'
import type { ProbeOutcome, ScoreTask, ScoreTaskResult, TileResult, TileTask } from '../scoring/tasks'
import { serveTasks } from './serve'

const cache = new SequenceCache(256 << 20)
const workspace = pairWorkspace()

async function scoreTile(task: TileTask): Promise<TileResult> {
  const rows = task.queries.length
  const cols = task.candidates.length
  const distances = new Float32Array(rows * cols)
  const failures: TileResult['failures'] = []
  const skip = new Set(task.skip)
  for (let r = 0; r < rows; r++) {
    const query = await cache.get(task.queries[r], task.params).catch((error: Error) => error)
    for (let c = 0; c < cols; c++) {
      const cell = r * cols + c
      if (skip.has(cell)) {
        distances[cell] = Number.NaN
        continue
      }
      // Lets tests check that a worker dying on one pair costs only that pair (REFRAIN_TEST_CRASH names a candidate file).
      if (process.env.REFRAIN_TEST_CRASH && task.candidates[c].endsWith(process.env.REFRAIN_TEST_CRASH)) process.exit(70)
      try {
        if (query instanceof Error) throw query
        distances[cell] = pairDistance(query, await cache.get(task.candidates[c], task.params), task.params, workspace)
      } catch (error) {
        distances[cell] = Number.POSITIVE_INFINITY
        failures.push({ row: r, col: c, message: (error as Error).message })
      }
    }
  }
  return { distances, failures }
}

async function probe(params: ScoreParams, paths: string[]): Promise<ProbeOutcome[]> {
  const out: ProbeOutcome[] = []
  for (const path of paths) {
    try {
      out.push({ frames: (await cache.get(path, params)).frames })
    } catch (error) {
      out.push({ problem: (error as Error).message })
    }
  }
  return out
}

serveTasks<ScoreTask, ScoreTaskResult, never>(async (task) => {
  if (task.type === 'probe') return probe(task.params, task.paths)
  if (task.type === 'evaluate') return evaluateMatrix(task)
  return scoreTile(task)
})
