// Two-stage retrieval: the embedding ranks every candidate, and each query's K nearest by
// embedding are aligned again (Qmax, Dmax or DTW) and ranked by that alignment, ahead of the rest.
// Stage 1 fills the whole matrix with RERANK_OFFSET + the embedding distance (so the ranking of
// what is not re-ranked stays the embedding's); stage 2, a band of queries at a time, writes the
// alignment distances over the shortlisted cells. Shortlists are computed from the job's embedding
// file, never from the matrix, so a resumed job re-ranks exactly the same pairs.
//
// Within one collection a pair is aligned once and known from both sides: one alignment gives its
// distance both ways round (scoring/pair.ts; test/embedding/two-stage.test.ts checks both against
// the full job's cells). So a version that is not among its query's K nearest, but has the query
// among its own, is still ranked by its alignment; and a pair both sides shortlisted costs one
// alignment, not two.
import type { IndexMessage } from '../jobs/message'
import type { Db } from '../index/db'
import { TaskCancelled, type WorkerPool } from '../workers/pool'
import { writeEmbeddingFile, type EmbedDataset } from './embedding-file'
import type { MatrixFile } from './matrix-file'
import type { ScoreParams } from './parameters'
import { doneTiles, forgetTopK, markTileDone, tileKey, type StoredItem } from './store'
import type { ScoreTask, ScoreTaskResult, ShortlistResult } from './tasks'
import { scoreTile, storeTopK } from './tiles'

/**
 * Above every finite alignment distance (DTW's is at most 2; Qmax's √(stacks)/score stays far
 * below at any length Refrain scores), and small enough that float32 keeps the embedding distance
 * added to it to within 1e-4.
 */
export const RERANK_OFFSET = 1000

/** A band's re-rank is recorded as this column block in the tile table. */
const RERANK_BLOCK = -1

/**
 * Rewrites a two-stage matrix, in place, into the distances its pair statistics (distributions,
 * threshold, ROC, calibration) read. A two-stage system declares two performances versions only
 * when stage 1 shortlisted them and their alignment is close, so: a pair aligned in one direction
 * (in the files of jobs scored before pairs were shared between their two sides) takes that
 * alignment distance for both; a pair aligned in neither direction is infinitely far (rejected at every threshold,
 * outside the histogram's bins, counted apart). Rankings must be computed before this.
 */
export function alignedView(distances: Float32Array, rows: number, cols: number, square: boolean, offset: number): void {
  if (!square) {
    for (let k = 0; k < distances.length; k++) if (distances[k] >= offset) distances[k] = Infinity
    return
  }
  for (let i = 0; i < rows; i++) {
    for (let j = i + 1; j < cols; j++) {
      const ij = i * cols + j
      const ji = j * cols + i
      const a = distances[ij] < offset
      const b = distances[ji] < offset
      if (a && !b) distances[ji] = distances[ij]
      else if (b && !a) distances[ij] = distances[ji]
      else if (!a && !b) distances[ij] = distances[ji] = Infinity
    }
  }
}

/** The alignment a two-stage job re-ranks with, as a parameter set the workers run. */
export const rerankParams = (params: ScoreParams): ScoreParams => ({ ...params, method: params.rerank })

/**
 * Keeps, of the items whose sequences align, those the model can embed; writes their embeddings,
 * queries' first, to `embeddingFile`. Returns the kept items (renumbered) and how many were left out.
 */
export async function keepEmbedded(
  sides: { dataset: string; items: StoredItem[] }[],
  params: ScoreParams,
  embeddingFile: string,
  options: { embed?: EmbedDataset; isCancelled?: () => boolean },
  report: (message: IndexMessage) => void,
): Promise<{ kept: StoredItem[][]; skipped: number } | 'cancelled'> {
  if (!options.embed) throw new Error('this scoring run cannot embed (no embedding service)')
  const kept: StoredItem[][] = []
  const vectors: Float32Array[] = []
  let dim = 0
  let skipped = 0
  for (const side of sides) {
    const embedded = await options.embed(side.dataset, params.model, { isCancelled: options.isCancelled, onMessage: report })
    if (embedded.cancelled) return 'cancelled'
    dim = embedded.dim
    const usable: StoredItem[] = []
    for (const item of side.items) {
      const vector = embedded.vectors.get(item.performanceRow)
      if (!vector) {
        skipped++
        continue
      }
      usable.push({ ...item, idx: usable.length })
      vectors.push(vector)
    }
    kept.push(usable)
  }
  writeEmbeddingFile(embeddingFile, vectors, dim)
  return { kept, skipped }
}

/** Stage 2 over every band not yet re-ranked; true when all are. */
export async function rerankBands(job: {
  db: Db
  jobId: string
  params: ScoreParams
  pool: WorkerPool<ScoreTask, ScoreTaskResult>
  matrix: MatrixFile
  queries: StoredItem[]
  candidates: StoredItem[]
  square: boolean
  band: number
  embeddingFile: string
  isCancelled?: () => boolean
  report: (message: IndexMessage) => void
  /** Called after each query is re-ranked, with how many pairs it aligned. */
  onPairs: (pairs: number) => void
  checkpoint: () => void
}): Promise<boolean> {
  const { db, jobId, params, pool, matrix, queries, candidates, square, band } = job
  const done = doneTiles(db, jobId)
  const align = rerankParams(params)
  for (let b = 0; b * band < queries.length; b++) {
    if (done.has(tileKey(b, RERANK_BLOCK))) continue
    if (job.isCancelled?.()) return false
    const from = b * band
    const to = Math.min(queries.length, from + band)
    const shortlists = (await pool
      .run({ type: 'shortlist', embeddings: job.embeddingFile, rows: [from, to], candidateOffset: square ? 0 : queries.length, candidates: candidates.length, k: params.k, sameSet: square })
      .catch((error: Error) => {
        if (error instanceof TaskCancelled) return null
        throw error
      })) as ShortlistResult | null
    if (shortlists === null) return false
    const shortlisted = (query: number, candidate: number) => shortlists.subarray((query - from) * params.k, (query - from + 1) * params.k).includes(candidate)
    let failed = 0
    let stopped = false
    // Each query is a 1 x K tile: its alignments are written together, or not at all.
    await Promise.all(
      Array.from({ length: to - from }, async (_, r) => {
        const picked = Array.from(shortlists.subarray(r * params.k, (r + 1) * params.k)).filter((c) => c >= 0)
        if (picked.length === 0) return
        const q = from + r
        // A finished band's query that shortlisted this one has aligned the pair already and written
        // it into this row too; in this band, of two queries that shortlisted each other the first
        // aligns it for both.
        const alignedByThem = (c: number) => (c < from ? matrix.readCell(q, c) < RERANK_OFFSET : c < q && shortlisted(c, q))
        const toAlign = square ? picked.filter((c) => !alignedByThem(c)) : picked
        const result = toAlign.length === 0 ? { distances: new Float32Array(0), reverse: new Float32Array(0), failures: [] } : await scoreTile(pool, align, { rowBlock: b, colBlock: RERANK_BLOCK, row: 0, col: 0, rows: 1, cols: toAlign.length, skip: [] }, [queries[q]], toAlign.map((c) => candidates[c]), {
          query: (item) => item.path,
          candidate: (item) => item.path,
        })
        if (result === null) {
          stopped = true
          return
        }
        toAlign.forEach((c, j) => {
          matrix.writeTile(q, c, 1, 1, result.distances.subarray(j, j + 1))
          if (square) matrix.writeTile(c, q, 1, 1, result.reverse.subarray(j, j + 1))
        })
        for (const f of result.failures) job.report({ level: 'error', file: queries[q].path, message: `against ${candidates[toAlign[f.col]].path}: ${f.message}` })
        failed += result.failures.length
        job.onPairs(picked.length)
      }),
    )
    if (stopped) return false
    markTileDone(db, jobId, b, RERANK_BLOCK, 0, failed)
    job.checkpoint()
  }
  // Later bands wrote their pairs into earlier bands' rows: the rankings are stored once all are in.
  forgetTopK(db, jobId)
  for (let b = 0; b * band < queries.length; b++) storeTopK(db, jobId, matrix, b, band, queries.length, square)
  return true
}
