// Runs (or resumes) a scoring job on the worker pool: probes the items once, then scores the
// distance matrix tile by tile, a bounded number of tiles in flight. Each finished tile is written
// to the matrix file and then recorded in the index, so a killed process loses at most the tiles in
// flight and a resumed job scores exactly the rest. A worker that crashes on a tile is replaced and
// the tile is redone pair by pair, so only the pair that kills a worker is lost (reported, and
// given an infinite distance). When a band of queries is complete its top candidates are stored.
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import type { IndexMessage } from '../jobs/message'
import type { ScoreJobInfo, ScoreProgress } from './types'
import type { Db } from '../index/db'
import { resolveWorkerScript, TaskCancelled, WorkerPool } from '../workers/pool'
import { embeddingRef, writeEmbeddingFile, type EmbedDataset } from './embedding-file'
import { keepEmbedded, RERANK_OFFSET, rerankBands, rerankParams } from './rerank'
import { datasetItems } from './items'
import { evaluateScored } from './evaluate-job'
import { jobInfo } from './job-info'
import { MatrixFile } from './matrix-file'
import { parseStoredParams, type ScoreParams } from './parameters'
import {
  addMessages,
  addSeconds,
  CANDIDATE,
  doneTiles,
  forgetTiles,
  jobRow,
  loadItems,
  markTileDone,
  QUERY,
  saveItems,
  setStatus,
  tileKey,
  type StoredItem,
} from './store'
import type { ProbeOutcome, ScoreTask, ScoreTaskResult } from './tasks'
import { planTiles, RateMeter, scoreTile, storeTopK, type Tile } from './tiles'

export interface ScoreHooks {
  onProgress?: (progress: ScoreProgress) => void
  onMessage?: (message: IndexMessage) => void
  isCancelled?: () => boolean
}

/** Pairs' worth of alignment cells a tile aims at: about a second of work, so progress moves and a kill loses little. */
const TILE_CELLS = 20e6
const MAX_TILE = 32
/** Embedding pairs cost a dot product each: tiles of this many rows and columns keep a worker busy for a fraction of a second. */
const EMBEDDING_TILE = 512
const PROBE_CHUNK = 16

export async function runScoreJob(db: Db, jobId: string, options: { workers?: number; embed?: EmbedDataset } & ScoreHooks = {}): Promise<ScoreJobInfo> {
  const row = jobRow(db, jobId)
  if (!row) throw new Error(`no scoring job ${jobId}`)
  const params = parseStoredParams(row.params)
  const started = performance.now()
  let secondsSaved = started
  const saveSeconds = () => {
    const now = performance.now()
    addSeconds(db, jobId, (now - secondsSaved) / 1000)
    secondsSaved = now
  }
  const messages: IndexMessage[] = []
  const report = (message: IndexMessage) => {
    messages.push(message)
    options.onMessage?.(message)
  }
  const checkpoint = () => {
    addMessages(db, jobId, messages.splice(0))
    saveSeconds()
  }
  const pool = new WorkerPool<ScoreTask, ScoreTaskResult>({
    script: resolveWorkerScript('score-worker'),
    size: options.workers ?? availableParallelism(),
    maxOldGenerationSizeMb: 2048,
  })
  setStatus(db, jobId, 'running')
  let status: ScoreJobInfo['status'] = 'failed'
  try {
    const probed = row.probed
      ? !usesEmbeddings(params) || (await ensureEmbeddingFile(db, jobId, params, options, report))
      : params.method === 'embedding'
        ? await probeEmbeddings(db, jobId, params, row.source, row.against, options, report)
        : await probeItems(db, jobId, params, row.source, row.against, pool, report, options)
    if (probed === 'cancelled') status = 'stopped'
    else if (probed) status = (await scoreTiles(db, jobId, params, pool, options, report, checkpoint)) ? 'done' : 'stopped'
    if (status === 'done') {
      // Evaluation needs work labels that repeat; a folder of unrelated tracks has none, and that is no failure.
      await evaluateScored(db, jobId, pool).catch((error: Error) => report({ level: 'warning', file: row.source, message: `not evaluated: ${error.message}` }))
    }
  } catch (error) {
    report({ level: 'error', file: row.source, message: `scoring stopped: ${(error as Error).message}` })
    throw error
  } finally {
    await pool.close()
    checkpoint()
    setStatus(db, jobId, status)
  }
  return jobInfo(db, jobId)
}

/** Fixes the job's items: those whose sequences load, with the reasons for the rest. False: nothing to score. */
async function probeItems(
  db: Db,
  jobId: string,
  params: ScoreParams,
  source: string,
  against: string | null,
  pool: WorkerPool<ScoreTask, ScoreTaskResult>,
  report: (message: IndexMessage) => void,
  options: { embed?: EmbedDataset; isCancelled?: () => boolean },
): Promise<boolean | 'cancelled'> {
  const { isCancelled } = options
  const sides = against === null ? [source] : [source, against]
  let kept: StoredItem[][] = []
  let skipped = 0
  // Two-stage re-ranks with an alignment: its items must align (and, below, embed).
  const probing = params.method === 'two-stage' ? rerankParams(params) : params
  let framesSum = 0
  let framesCount = 0
  for (const dataset of sides) {
    const { items, skipped: missing, messages } = datasetItems(db, dataset, params.feature)
    skipped += missing
    messages.forEach(report)
    const chunks: (typeof items)[] = []
    for (let k = 0; k < items.length; k += PROBE_CHUNK) chunks.push(items.slice(k, k + PROBE_CHUNK))
    const outcomes = await Promise.all(chunks.map((chunk) => pool.run({ type: 'probe', params: probing, paths: chunk.map((c) => c.path) }) as Promise<ProbeOutcome[]>)).catch(
      (error: Error) => {
        if (error instanceof TaskCancelled) return null
        throw error
      },
    )
    if (outcomes === null || isCancelled?.()) return 'cancelled'
    const usable: StoredItem[] = []
    outcomes.flat().forEach((outcome, k) => {
      const item = items[k]
      if ('problem' in outcome) {
        skipped++
        report({ level: 'warning', file: item.path, message: `left out: ${outcome.problem}` })
      } else {
        usable.push({ idx: usable.length, performanceRow: item.performanceRow, workLabel: item.workLabel, path: item.path })
        framesSum += outcome.frames
        framesCount++
      }
    })
    kept.push(usable)
  }
  if (params.method === 'two-stage') {
    const embedded = await keepEmbedded(sides.map((dataset, n) => ({ dataset, items: kept[n] })), params, embeddingFileOf(db, jobId), options, report)
    if (embedded === 'cancelled') return 'cancelled'
    kept = embedded.kept
    skipped += embedded.skipped
  }
  const [queries, candidates = null] = kept
  if (!enoughItems(queries, candidates, source, against, report)) return false
  if (params.method === 'two-stage') {
    saveItems(db, jobId, queries, candidates, EMBEDDING_TILE, skipped)
    return true
  }
  const meanFrames = framesSum / framesCount
  // DTW fills n x m cells once per key shift tried; Qmax/Dmax fill about three such matrices.
  const costPerCell = params.method === 'dtw' ? (params.keyShift === 'all' ? 12 : 1) : 3
  const tile = Math.max(1, Math.min(MAX_TILE, Math.floor(Math.sqrt(TILE_CELLS / (meanFrames * meanFrames * costPerCell)))))
  saveItems(db, jobId, queries, candidates, tile, skipped)
  return true
}

/** The embedding method's probe: every item with an embedding is usable (keepEmbedded writes them to the job's embedding file). */
async function probeEmbeddings(
  db: Db,
  jobId: string,
  params: ScoreParams,
  source: string,
  against: string | null,
  options: { embed?: EmbedDataset; isCancelled?: () => boolean },
  report: (message: IndexMessage) => void,
): Promise<boolean | 'cancelled'> {
  const datasets = against === null ? [source] : [source, against]
  let missing = 0
  const sides = datasets.map((dataset) => {
    const { items, skipped } = datasetItems(db, dataset, params.feature)
    missing += skipped
    return { dataset, items: items.map((item, idx) => ({ idx, performanceRow: item.performanceRow, workLabel: item.workLabel, path: item.path })) }
  })
  const embedded = await keepEmbedded(sides, params, embeddingFileOf(db, jobId), options, report)
  if (embedded === 'cancelled') return 'cancelled'
  const [queries, candidates = null] = embedded.kept
  if (!enoughItems(queries, candidates, source, against, report)) return false
  saveItems(db, jobId, queries, candidates, EMBEDDING_TILE, missing + embedded.skipped)
  return true
}

/** A resumed embedding job whose embedding file went missing writes it again from the stored embeddings. */
async function ensureEmbeddingFile(db: Db, jobId: string, params: ScoreParams, options: { embed?: EmbedDataset; isCancelled?: () => boolean }, report: (message: IndexMessage) => void): Promise<boolean | 'cancelled'> {
  const path = embeddingFileOf(db, jobId)
  if (existsSync(path)) return true
  if (!options.embed) throw new Error('this scoring run cannot embed (no embedding service)')
  const row = jobRow(db, jobId)!
  const items = [...loadItems(db, jobId, QUERY), ...(row.against === null ? [] : loadItems(db, jobId, CANDIDATE))]
  const vectors = new Map<number, Float32Array>()
  let dim = 0
  for (const dataset of row.against === null ? [row.source] : [row.source, row.against]) {
    const embedded = await options.embed(dataset, params.model, { isCancelled: options.isCancelled, onMessage: report })
    if (embedded.cancelled) return 'cancelled'
    dim = embedded.dim
    for (const [key, vector] of embedded.vectors) vectors.set(key, vector)
  }
  const missing = items.find((item) => !vectors.has(item.performanceRow))
  if (missing) throw new Error(`${missing.path}: its embedding can no longer be computed; delete the job and score again`)
  writeEmbeddingFile(path, items.map((item) => vectors.get(item.performanceRow)!), dim)
  return true
}

const embeddingFileOf = (db: Db, jobId: string): string => `${jobRow(db, jobId)!.matrix_path}.emb`

/** The methods whose workers read the job's embedding file. */
const usesEmbeddings = (params: ScoreParams): boolean => params.method === 'embedding' || params.method === 'two-stage'

/** A square job needs two usable items, a job against another dataset one on each side; else it says why. */
function enoughItems(queries: StoredItem[], candidates: StoredItem[] | null, source: string, against: string | null, report: (message: IndexMessage) => void): boolean {
  const enough = candidates === null ? queries.length >= 2 : queries.length >= 1 && candidates.length >= 1
  if (enough) return true
  const what = candidates === null ? `${queries.length} usable performance${queries.length === 1 ? '' : 's'} in "${source}"; at least 2 are needed` : `no usable performances in "${queries.length === 0 ? source : against}"`
  report({ level: 'error', file: queries.length === 0 || candidates === null ? source : against!, message: `nothing to score: ${what}` })
  return false
}

async function scoreTiles(
  db: Db,
  jobId: string,
  params: ScoreParams,
  pool: WorkerPool<ScoreTask, ScoreTaskResult>,
  hooks: ScoreHooks,
  report: (message: IndexMessage) => void,
  checkpoint: () => void,
): Promise<boolean> {
  const row = jobRow(db, jobId)!
  const queries = loadItems(db, jobId, QUERY)
  const square = row.against === null
  const candidates = square ? queries : loadItems(db, jobId, CANDIDATE)
  const done = doneTiles(db, jobId)
  const matrix = openMatrix(db, jobId, row.matrix_path, queries.length, candidates.length, done, report)
  try {
    const tiles = planTiles(queries.length, candidates.length, row.tile, square)
    // Workers read a feature file by path, or an embedding by its row in the job's embedding file.
    const embeddings = `${row.matrix_path}.emb`
    const twoStage = params.method === 'two-stage'
    // Two-stage's first stage is the embedding method's matrix, shifted behind every alignment distance.
    const tileParams: ScoreParams = twoStage ? { ...params, method: 'embedding' } : params
    const sources =
      usesEmbeddings(params)
        ? { query: (q: StoredItem) => embeddingRef(embeddings, q.idx), candidate: (c: StoredItem) => embeddingRef(embeddings, square ? c.idx : queries.length + c.idx) }
        : { query: (q: StoredItem) => q.path, candidate: (c: StoredItem) => c.path }
    const remainingInBand = new Map<number, number>()
    for (const t of tiles) if (!done.has(tileKey(t.rowBlock, t.colBlock))) remainingInBand.set(t.rowBlock, (remainingInBand.get(t.rowBlock) ?? 0) + 1)
    // Bands finished before a kill but whose top-k was not yet stored.
    if (!twoStage) for (let band = 0; band * row.tile < queries.length; band++) if (!remainingInBand.has(band)) storeTopK(db, jobId, matrix, band, row.tile, queries.length, square)

    const pairsOf = (t: Tile) => t.rows * t.cols - t.skip.length
    const pairsTotal = tiles.reduce((sum, t) => sum + pairsOf(t), 0)
    let pairsDone = tiles.filter((t) => done.has(tileKey(t.rowBlock, t.colBlock))).reduce((sum, t) => sum + pairsOf(t), 0)
    const rate = new RateMeter(pairsDone)
    const progress = () => {
      const perSec = rate.perSecond(pairsDone)
      hooks.onProgress?.({ jobId, pairsDone, pairsTotal, pairsPerSec: perSec, etaSec: perSec > 0 ? (pairsTotal - pairsDone) / perSec : null })
    }
    progress()
    let lastCheckpoint = performance.now()
    const queue = tiles.filter((t) => !done.has(tileKey(t.rowBlock, t.colBlock)))
    let failure: Error | null = null
    const runOne = async (tile: Tile): Promise<void> => {
      const result = await scoreTile(pool, tileParams, tile, queries, candidates, sources)
      if (result === null) return
      if (twoStage) for (let i = 0; i < result.distances.length; i++) result.distances[i] += RERANK_OFFSET
      matrix.writeTile(tile.row, tile.col, tile.rows, tile.cols, result.distances)
      markTileDone(db, jobId, tile.rowBlock, tile.colBlock, pairsOf(tile), result.failures.length)
      for (const f of result.failures) {
        report({ level: 'error', file: queries[tile.row + f.row].path, message: `against ${candidates[tile.col + f.col].path}: ${f.message}` })
      }
      pairsDone += pairsOf(tile)
      const left = remainingInBand.get(tile.rowBlock)! - 1
      remainingInBand.set(tile.rowBlock, left)
      if (left === 0 && !twoStage) storeTopK(db, jobId, matrix, tile.rowBlock, row.tile, queries.length, square)
      if (performance.now() - lastCheckpoint > 5000) {
        checkpoint()
        lastCheckpoint = performance.now()
      }
      progress()
    }
    // A few tiles per worker in flight keeps every worker busy without queueing the whole matrix.
    // Stopping lets the tiles in flight finish: their work is kept.
    const inFlight = new Set<Promise<void>>()
    for (const tile of queue) {
      if (failure || hooks.isCancelled?.()) break
      const p: Promise<void> = runOne(tile)
        .catch((error: Error) => {
          failure ??= error
        })
        .finally(() => inFlight.delete(p))
      inFlight.add(p)
      if (inFlight.size >= pool.size * 2) await Promise.race(inFlight)
    }
    await Promise.all(inFlight)
    if (failure) throw failure
    if (pairsDone !== pairsTotal) return false
    if (!twoStage) return true
    // Stage 2's progress counts the aligned pairs on top of the embedding's (the record keeps the latter).
    const rerankTotal = queries.length * Math.min(params.k, candidates.length - (square ? 1 : 0))
    let reranked = 0
    const rerankRate = new RateMeter(0)
    return await rerankBands({
      db,
      jobId,
      params,
      pool,
      matrix,
      queries,
      candidates,
      square,
      band: row.tile,
      embeddingFile: embeddings,
      isCancelled: hooks.isCancelled,
      report,
      checkpoint,
      onPairs: (pairs) => {
        reranked += pairs
        const perSec = rerankRate.perSecond(reranked)
        hooks.onProgress?.({ jobId, pairsDone: pairsTotal + reranked, pairsTotal: pairsTotal + rerankTotal, pairsPerSec: perSec, etaSec: perSec > 0 ? (rerankTotal - reranked) / perSec : null })
      },
    })
  } finally {
    matrix.close()
  }
}

/** The job's matrix file; when it went missing, the tiles it held are forgotten and scored again. */
function openMatrix(db: Db, jobId: string, path: string, rows: number, cols: number, done: Set<string>, report: (m: IndexMessage) => void): MatrixFile {
  const file = MatrixFile.open(path, rows, cols)
  if (file.created && done.size > 0) {
    report({ level: 'warning', file: path, message: 'the distance matrix file was missing; its finished tiles are scored again' })
    forgetTiles(db, jobId)
    done.clear()
  }
  return file
}

