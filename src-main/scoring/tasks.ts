// What the main thread asks a scoring worker for, and what comes back. Items travel as feature
// file paths; each worker loads and keeps its own sequences (see sequence-cache.ts).
import type { ScoreParams } from './parameters'
import type { Calibration } from '../eval/calibration'
import type { JobEvaluation } from './types'
import type { ClusterTask, MatrixClusters } from '../clusters/task'
import type { GraphTask, MatrixGraph } from '../clusters/graph-task'
import type { QueryScores } from '../eval/metrics'
import type { PairView } from './pair-view'
import type { CurvesTask, JobCurves } from '../report/curves-task'

export interface ProbeTask {
  type: 'probe'
  params: ScoreParams
  paths: string[]
}

/** Frames after preprocessing, or why the item cannot be scored. */
export type ProbeOutcome = { frames: number } | { problem: string }

export interface TileTask {
  type: 'tile'
  params: ScoreParams
  queries: string[]
  candidates: string[]
  /** Cells (r, c) not to compute: a square job's diagonal within this tile, as r * cols + c. */
  skip: number[]
}

export interface TileResult {
  /** queries x candidates, row-major; NaN where skipped, Infinity where the pair failed. */
  distances: Float32Array
  /** The same pairs' distances with query and candidate swapped (two-stage jobs share a pair between its sides). */
  reverse: Float32Array
  failures: { row: number; col: number; message: string }[]
}

/** A finished job's matrix file and the work labels of its rows and (unless square) columns. */
export interface EvaluateTask {
  type: 'evaluate'
  matrixPath: string
  queryLabels: string[]
  /** Null: a square job, the candidates are the queries. */
  candidateLabels: string[] | null
  /** Two-stage: cells below this were aligned (the shortlist); the rest hold it plus their embedding distance. */
  rerankOffset?: number
}

/** Two-stage's first stage for a band of queries: each one's k nearest candidates by embedding. */
export interface ShortlistTask {
  type: 'shortlist'
  /** The job's embedding file (embedding-file.ts): queries' rows first, then candidates'. */
  embeddings: string
  /** Query rows [from, to). */
  rows: [number, number]
  /** Where the candidates' rows start in the file, and how many there are. */
  candidateOffset: number
  candidates: number
  k: number
  /** Queries and candidates are one set: a query never shortlists itself. */
  sameSet: boolean
}

/** rows x k candidate indices, nearest first; -1 where fewer than k exist. */
export type ShortlistResult = Int32Array

export type ScoreTask = ProbeTask | TileTask | EvaluateTask | ShortlistTask | ClusterTask | CurvesTask | GraphTask
export type ScoreTaskResult = ProbeOutcome[] | TileResult | MatrixReport | ShortlistResult | MatrixClusters | JobCurves | MatrixGraph

/** A matrix's evaluation, computed on a worker. */
export interface MatrixReport {
  evaluation: JobEvaluation
  /** Null without finite distances of both kinds of pair. */
  calibration: Calibration | null
  /** Each query with versions: its average precision and first version's rank. */
  perQuery: QueryScores[]
  /** The pairs the job page lists to find mistakes in. */
  pairView: PairView
}
