// The matrix as tiles: planning them, scoring one on the worker pool (redone pair by pair when a
// worker crashes on it, so only the pair that kills a worker is lost), storing a band's best
// candidates once its rows are complete, and the rate the job reports. Shared by every phase of a
// job (runner.ts; two-stage's re-rank, rerank.ts).
import type { MatrixFile } from './matrix-file'
import { rankOrder } from '../eval/rankings'
import { TaskCancelled, WorkerCrashed, type WorkerPool } from '../workers/pool'
import type { Db } from '../index/db'
import { TOP_K, type ScoreParams } from './parameters'
import { hasTopK, saveTopK, type StoredItem } from './store'
import type { ScoreTask, ScoreTaskResult, TileResult } from './tasks'

export interface Tile {
  rowBlock: number
  colBlock: number
  row: number
  col: number
  rows: number
  cols: number
  skip: number[]
}

export function planTiles(queries: number, candidates: number, size: number, square: boolean): Tile[] {
  const tiles: Tile[] = []
  for (let rowBlock = 0; rowBlock * size < queries; rowBlock++) {
    for (let colBlock = 0; colBlock * size < candidates; colBlock++) {
      const row = rowBlock * size
      const col = colBlock * size
      const rows = Math.min(size, queries - row)
      const cols = Math.min(size, candidates - col)
      const skip: number[] = []
      if (square) for (let r = 0; r < rows; r++) if (row + r >= col && row + r < col + cols) skip.push(r * cols + (row + r - col))
      tiles.push({ rowBlock, colBlock, row, col, rows, cols, skip })
    }
  }
  return tiles
}

/** The tile's distances, or null when cancelled. A crash mid-tile reruns it pair by pair. */
export async function scoreTile(
  pool: WorkerPool<ScoreTask, ScoreTaskResult>,
  params: ScoreParams,
  tile: Tile,
  queries: StoredItem[],
  candidates: StoredItem[],
  sources: { query: (item: StoredItem) => string; candidate: (item: StoredItem) => string },
): Promise<TileResult | null> {
  const task = (r0: number, c0: number, rows: number, cols: number, skip: number[]): ScoreTask => ({
    type: 'tile',
    params,
    queries: queries.slice(tile.row + r0, tile.row + r0 + rows).map(sources.query),
    candidates: candidates.slice(tile.col + c0, tile.col + c0 + cols).map(sources.candidate),
    skip,
  })
  try {
    return (await pool.run(task(0, 0, tile.rows, tile.cols, tile.skip))) as TileResult
  } catch (error) {
    if (error instanceof TaskCancelled) return null
    if (!(error instanceof WorkerCrashed)) throw error
  }
  const distances = new Float32Array(tile.rows * tile.cols).fill(Number.NaN)
  const reverse = new Float32Array(tile.rows * tile.cols).fill(Number.NaN)
  const failures: TileResult['failures'] = []
  const skip = new Set(tile.skip)
  for (let r = 0; r < tile.rows; r++) {
    for (let c = 0; c < tile.cols; c++) {
      if (skip.has(r * tile.cols + c)) continue
      try {
        const one = (await pool.run(task(r, c, 1, 1, []))) as TileResult
        distances[r * tile.cols + c] = one.distances[0]
        reverse[r * tile.cols + c] = one.reverse[0]
        for (const f of one.failures) failures.push({ row: r, col: c, message: f.message })
      } catch (error) {
        if (error instanceof TaskCancelled) return null
        if (!(error instanceof WorkerCrashed)) throw error
        distances[r * tile.cols + c] = reverse[r * tile.cols + c] = Number.POSITIVE_INFINITY
        failures.push({ row: r, col: c, message: `the worker crashed on this pair and was replaced (${error.message})` })
      }
    }
  }
  return { distances, reverse, failures }
}

export function storeTopK(db: Db, jobId: string, matrix: MatrixFile, band: number, tile: number, queries: number, square: boolean): void {
  const buffer = new Float32Array(matrix.cols)
  for (let q = band * tile; q < Math.min(queries, (band + 1) * tile); q++) {
    if (hasTopK(db, jobId, q)) continue
    const distances = matrix.readRow(q, buffer)
    // Infinity (failed pairs) sorts last; ties by candidate index, as the evaluation ranks them.
    const order = rankOrder(distances, 0, distances.length, square ? q : null)
    saveTopK(db, jobId, q, order.slice(0, TOP_K).map((candidate) => ({ candidate, distance: distances[candidate] })))
  }
}

/** Pairs per second over roughly the last ten seconds, so the rate follows the job's current pace. */
export class RateMeter {
  private samples: { t: number; done: number }[]
  constructor(done: number) {
    this.samples = [{ t: performance.now(), done }]
  }
  perSecond(done: number): number {
    const now = performance.now()
    this.samples.push({ t: now, done })
    while (this.samples.length > 2 && now - this.samples[1].t > 10_000) this.samples.shift()
    const first = this.samples[0]
    const seconds = (now - first.t) / 1000
    return seconds > 0.2 ? (done - first.done) / seconds : 0
  }
}

