// The scoring worker (built as its own entry, out/main/score-worker.js): probes items, scores
// tiles of a job's distance matrix, and evaluates, clusters or draws a report's curves from a finished one. A pair that cannot be scored is reported with its reason and
// gets an infinite distance; the rest of the tile goes on.
import { evaluateMatrix } from '../scoring/evaluate-job'
import { clusterMatrix } from '../clusters/cluster-matrix'
import { graphMatrix } from '../clusters/graph-edges'
import { jobCurves } from '../report/curves'
import { pairDistance, pairWorkspace } from '../scoring/pair'
import type { ScoreParams } from '../scoring/parameters'
import { SequenceCache } from '../scoring/sequence-cache'
import { nearest } from '../retrieval/nearest'
import { readEmbeddingFile } from '../scoring/embedding-file'
import type { ProbeOutcome, ScoreTask, ScoreTaskResult, ShortlistResult, ShortlistTask, TileResult, TileTask } from '../scoring/tasks'
import { serveTasks } from './serve'

const cache = new SequenceCache(256 << 20)
const workspace = pairWorkspace()

async function scoreTile(task: TileTask): Promise<TileResult> {
  const rows = task.queries.length
  const cols = task.candidates.length
  const distances = new Float32Array(rows * cols)
  const reverse = new Float32Array(rows * cols)
  const failures: TileResult['failures'] = []
  const skip = new Set(task.skip)
  for (let r = 0; r < rows; r++) {
    const query = await cache.get(task.queries[r], task.params).catch((error: Error) => error)
    for (let c = 0; c < cols; c++) {
      const cell = r * cols + c
      if (skip.has(cell)) {
        distances[cell] = reverse[cell] = Number.NaN
        continue
      }
      // Lets tests check that a worker dying on one pair costs only that pair (REFRAIN_TEST_CRASH names a candidate file).
      if (process.env.REFRAIN_TEST_CRASH && task.candidates[c].endsWith(process.env.REFRAIN_TEST_CRASH)) process.exit(70)
      try {
        if (query instanceof Error) throw query
        const d = pairDistance(query, await cache.get(task.candidates[c], task.params), task.params, workspace)
        distances[cell] = d.forward
        reverse[cell] = d.reverse
      } catch (error) {
        distances[cell] = reverse[cell] = Number.POSITIVE_INFINITY
        failures.push({ row: r, col: c, message: (error as Error).message })
      }
    }
  }
  return { distances, reverse, failures }
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

/** The k nearest candidates of a band of queries by embedding; the file is read once per worker. */
let embeddings: { path: string; vectors: ReturnType<typeof readEmbeddingFile> } | null = null
function shortlist(task: ShortlistTask): ShortlistResult {
  if (embeddings?.path !== task.embeddings) embeddings = { path: task.embeddings, vectors: readEmbeddingFile(task.embeddings) }
  const { data, dim } = embeddings.vectors
  const [from, to] = task.rows
  const queries = { data: data.subarray(from * dim, to * dim), count: to - from, dim }
  const candidates = { data: data.subarray(task.candidateOffset * dim, (task.candidateOffset + task.candidates) * dim), count: task.candidates, dim }
  if (!task.sameSet) return nearest(queries, candidates, task.k).index
  // Within one set a query must not meet itself: shift its index into the candidates' frame.
  const index = new Int32Array((to - from) * task.k)
  for (let q = from; q < to; q++) {
    const one = nearest({ data: data.subarray(q * dim, (q + 1) * dim), count: 1, dim }, candidates, task.k + 1)
    let n = 0
    for (let j = 0; j < one.index.length && n < task.k; j++) if (one.index[j] !== q) index[(q - from) * task.k + n++] = one.index[j]
    for (; n < task.k; n++) index[(q - from) * task.k + n] = -1
  }
  return index
}

serveTasks<ScoreTask, ScoreTaskResult, never>(async (task) => {
  if (task.type === 'probe') return probe(task.params, task.paths)
  if (task.type === 'shortlist') return shortlist(task)
  if (task.type === 'evaluate') return evaluateMatrix(task)
  if (task.type === 'cluster') return clusterMatrix(task)
  if (task.type === 'cluster-graph') return graphMatrix(task)
  if (task.type === 'report-curves') return jobCurves(task)
  return scoreTile(task)
})
