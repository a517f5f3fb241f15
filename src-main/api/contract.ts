// The one API contract between the renderer and the backend. Every door (Electron's backend
// process, web-mode HTTP/WebSocket) validates requests against these schemas before any handler
// runs; the renderer imports only the types. The shapes themselves live with their capability
// (index/, importer/, scoring/, compare/); this file only says which method takes and gives what.
import { z } from 'zod'
import type { CompareStage } from '../compare/compare'
import { CompareResult, Judgement, OperatingPoint, PairFacts, RawScore, ThresholdSource } from '../compare/types'
import { CHROMA_KINDS } from '../dataset/kinds'
import { FeatureView, VIEW_KINDS, VIEW_POINTS } from '../dataset/feature-views'
import type { ImportProgress, ImportSummary } from '../importer/types'
import { ImportRecord } from '../importer/history'
import { DatasetInfo, datasetName, FeatureFilter, PerfRef, PerformanceDetail, PerformanceRow, perfId, workId, WorkRow } from '../index/types'
import type { IndexProgress, IndexSummary } from '../index/types'
import { IndexMessage } from '../jobs/message'
import type { EmbedProgress, EmbedSummary } from '../embedding/job'
import type { ErrorCode } from '../errors'
import { AlignmentParamsSchema, SCORE_LIMITS, SCORE_METHODS, ScoreParamsSchema } from '../scoring/parameters'
import { ScoreJobInfo, ScorePair } from '../scoring/types'
import { ExportChunk, ExportRequest, MatrixInfo, PairsPage, PairsRequest, QueriesPage, QueriesRequest } from '../scoring/error-views'
import type { ScoreProgress } from '../scoring/types'
import { ModelInfo, TrainRequest } from '../models/types'
import { ClusterRequest, JobClusters } from '../clusters/types'
import { ClusterGraph, ClusterGraphRequest } from '../clusters/cluster-graph'
import type { TrainDone, TrainProgress } from '../models/types'
import { ReportRequest, ReportWritten } from '../report/types'

export type { ChromaKind, FeatureKind } from '../dataset/kinds'
export type { FeatureView, ViewKind } from '../dataset/feature-views'
export type { ImportProgress, ImportSummary } from '../importer/types'
export type { ImportRecord } from '../importer/history'
export type { DatasetInfo, FeatureFilter, FeatureInfo, IndexProgress, IndexSummary, PerfRef, PerformanceDetail, PerformanceRow, WorkRow } from '../index/types'
export type { IndexMessage } from '../jobs/message'
export type { JobEvaluation, ScoreJobInfo, ScorePair, ScoreProgress, Threshold } from '../scoring/types'
export type { PairFilter, PairViewRow, QueryScoreRow, QuerySort, SortOrder } from '../scoring/error-views'
export type { CompareResult, JudgedScore, Judgement, MatrixImage, MatrixKind, OperatingPoint, ThresholdSource } from '../compare/types'
export type { EmbedProgress, EmbedSummary } from '../embedding/job'
export type { ScoreMethod, ScoreParams } from '../scoring/parameters'
export type { CardSummary, ModelInfo, TrainDone, TrainProgress, TrainRequest } from '../models/types'
export type { ReportFormat, ReportRequest, ReportWritten } from '../report/types'
export type { Cluster, ClusterAgreement, ClusterItem, ClusterMethod, JobClusters } from '../clusters/types'
export type { ClusterGraph } from '../clusters/cluster-graph'

const range = z.object({ min: z.number(), max: z.number() })
const workers = z.number().int().min(SCORE_LIMITS.workers.min).max(SCORE_LIMITS.workers.max)

/** Methods: name -> input schema and output schema. */
export const methods = {
  'app.info': {
    input: z.object({}),
    output: z.object({ version: z.string(), dbPath: z.string(), door: z.enum(['electron', 'web']), canPick: z.boolean() }),
  },
  'app.pickFolder': {
    input: z.object({}),
    output: z.object({ path: z.string().nullable() }),
  },
  /** An .onnx file chosen in the native dialog; null when cancelled or the door has none. */
  'app.pickModel': {
    input: z.object({}),
    output: z.object({ path: z.string().nullable() }),
  },
  'library.datasets': {
    input: z.object({}),
    output: z.object({ datasets: z.array(DatasetInfo) }),
  },
  'library.works': {
    input: z.object({
      dataset: datasetName.optional(),
      text: z.string().max(200).default(''),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(200),
      /** Only works with a performance that has a feature file (any, or this kind's). */
      features: FeatureFilter.optional(),
    }),
    output: z.object({ total: z.number(), rows: z.array(WorkRow) }),
  },
  'library.search': {
    input: z.object({
      text: z.string().max(200),
      dataset: datasetName.optional(),
      limit: z.number().int().min(1).max(500).default(50),
      /** Only performances (and works) with a feature file (any, or this kind's). */
      features: FeatureFilter.optional(),
    }),
    output: z.object({ performances: z.array(PerformanceRow), works: z.array(WorkRow) }),
  },
  'library.work': {
    input: z.object({ workId, dataset: datasetName.optional() }),
    output: z.object({ work: WorkRow, performances: z.array(PerformanceRow) }),
  },
  'library.performance': {
    input: z.object({ perfId, dataset: datasetName.optional() }),
    output: PerformanceDetail,
  },
  'features.chroma': {
    input: z.object({ perfId, dataset: datasetName.optional(), kind: z.enum(CHROMA_KINDS) }),
    output: z.object({
      kind: z.enum(CHROMA_KINDS),
      frames: z.number(),
      bins: z.number(),
      frameRate: z.number(),
      /** frames x bins, frame-major, little-endian float32, base64. */
      data: z.string(),
      nonFinite: z.number(),
    }),
  },
  /** A feature that is not chroma (MFCC, madmom's curves, tags), thinned to at most `points` columns or points for display. */
  'features.view': {
    input: z.object({
      perfId,
      dataset: datasetName.optional(),
      kind: z.enum(VIEW_KINDS),
      points: z.number().int().min(VIEW_POINTS.min).max(VIEW_POINTS.max).default(VIEW_POINTS.default),
    }),
    output: FeatureView,
  },
  'index.start': {
    input: z.object({ paths: z.array(z.string().min(1)).min(1).max(100) }),
    output: z.object({ jobId: z.string() }),
  },
  'import.start': {
    input: z.object({
      folder: z.string().min(1),
      /** Default: a folder named after the input under the per-user data folder's imports/. */
      out: z.string().min(1).optional(),
      /** CSV mapping audio files to work ids, instead of one sub-folder per work. */
      worksCsv: z.string().min(1).optional(),
    }),
    output: z.object({ jobId: z.string(), out: z.string() }),
  },
  'import.cancel': {
    input: z.object({ jobId: z.string() }),
    output: z.object({ cancelled: z.boolean() }),
  },
  /** The imports run on this library, newest first, each with its folder, dataset, times, counts and status. */
  'import.history': {
    input: z.object({ limit: z.number().int().min(1).max(1000).default(100) }),
    output: z.object({ imports: z.array(ImportRecord) }),
  },
  /** One ended import's per-file warnings and errors, in the order they came. */
  'import.messages': {
    input: z.object({ jobId: z.string().min(1) }),
    output: z.object({ messages: z.array(IndexMessage) }),
  },
  'index.cancel': {
    input: z.object({ jobId: z.string() }),
    output: z.object({ cancelled: z.boolean() }),
  },
  'embed.start': {
    input: z.object({
      dataset: datasetName,
      /** An .onnx file with its card beside it; default: the model shipped in resources/models/. */
      model: z.string().min(1).nullable().optional(),
      ep: z.enum(['auto', 'cuda', 'dml', 'coreml', 'cpu']).optional(),
      workers: workers.optional(),
    }),
    output: z.object({ jobId: z.string() }),
  },
  'embed.cancel': {
    input: z.object({ jobId: z.string() }),
    output: z.object({ cancelled: z.boolean() }),
  },
  'score.start': {
    input: z.object({
      /** A dataset name, or a folder (a Da-TACOS-layout dataset is indexed, a folder of audio imported). */
      source: z.string().min(1),
      against: z.string().min(1).optional(),
      params: ScoreParamsSchema,
      workers: workers.optional(),
    }),
    output: z.object({ jobId: z.string() }),
  },
  'score.resume': {
    input: z.object({ jobId: z.string(), workers: workers.optional() }),
    output: z.object({ jobId: z.string() }),
  },
  'score.cancel': {
    input: z.object({ jobId: z.string() }),
    output: z.object({ cancelled: z.boolean() }),
  },
  'score.delete': {
    input: z.object({ jobId: z.string() }),
    output: z.object({ jobId: z.string() }),
  },
  'score.jobs': {
    input: z.object({}),
    output: z.object({ jobs: z.array(ScoreJobInfo) }),
  },
  'score.job': {
    input: z.object({ jobId: z.string() }),
    output: ScoreJobInfo,
  },
  'score.results': {
    input: z.object({
      jobId: z.string(),
      /** Only this query's list; otherwise every query's top pairs, closest first. */
      query: PerfRef.optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(100),
    }),
    output: z.object({ total: z.number(), rows: z.array(ScorePair) }),
  },
  'score.parameters': {
    input: z.object({}),
    output: z.object({
      methods: z.array(z.enum(SCORE_METHODS)),
      defaultMethod: z.enum(SCORE_METHODS),
      defaults: ScoreParamsSchema.omit({ method: true }).required(),
      limits: z.object({
        downsample: range,
        band: range,
        workers: range,
        k: range,
        frameStackSize: range,
        binarizePercentile: range,
        disOnset: range,
        disExtension: range,
      }),
    }),
  },
  'score.evaluate': {
    input: z.object({ jobId: z.string() }),
    output: ScoreJobInfo,
  },
  /** Each query's average precision and first version's rank, sorted (worst first by default), a page at a time. */
  'score.queries': {
    input: QueriesRequest,
    output: QueriesPage,
  },
  /** The unordered pairs with both directions, all or those the threshold gets wrong, by distance, a page at a time. */
  'score.pairs': {
    input: PairsRequest,
    output: PairsPage,
  },
  /** Where the job's full matrix file lies, and its shape. */
  'score.matrix': {
    input: z.object({ jobId: z.string() }),
    output: MatrixInfo,
  },
  /** A chunk of a view (ranked pairs, queries, pairs) as CSV or JSON text; call again at `next` until it is null. */
  'score.export': {
    input: ExportRequest,
    output: ExportChunk,
  },
  'similarity.compare': {
    input: z.object({
      a: PerfRef,
      b: PerfRef,
      params: AlignmentParamsSchema.partial().default({}),
      /** A threshold source's id (similarity.thresholdSources); default: the one it lists first. */
      source: z.string().min(1).optional(),
      operatingPoint: OperatingPoint.optional(),
      /** Chosen by the caller: the 'compare.progress' events of this comparison carry it. */
      progressId: z.string().min(1).max(100).optional(),
    }),
    output: CompareResult,
  },
  /** The calibrations that may judge a pair compared with these parameters, the default first. */
  'similarity.thresholdSources': {
    input: z.object({
      params: AlignmentParamsSchema.partial().default({}),
      methods: z.array(z.enum(SCORE_METHODS)).optional(),
      /** The pair's datasets: a source drawn from one of them comes first. */
      datasets: z.array(z.string()).max(2).optional(),
    }),
    output: z.object({ sources: z.array(ThresholdSource), defaultId: z.string().nullable() }),
  },
  /** A comparison's distances judged again by another source or operating point: nothing is aligned again. */
  'similarity.judge': {
    input: z.object({
      params: AlignmentParamsSchema.partial().default({}),
      pair: PairFacts,
      scores: z.array(RawScore).min(1).max(SCORE_METHODS.length),
      source: z.string().min(1).optional(),
      operatingPoint: OperatingPoint.default({ rule: 'eer' }),
    }),
    output: Judgement,
  },
  'models.list': {
    input: z.object({}),
    output: z.object({ models: z.array(ModelInfo), active: z.string().nullable(), folder: z.string(), problems: z.array(z.string()) }),
  },
  'models.load': {
    /** An .onnx file with its card beside it: checked, then copied into the user's models folder. */
    input: z.object({ path: z.string().min(1) }),
    output: z.object({ model: ModelInfo }),
  },
  'models.setActive': {
    /** By id (or a unique prefix) or by path; neither: back to the shipped model. */
    input: z.object({ id: z.string().min(1).nullable().optional(), path: z.string().min(1).nullable().optional() }),
    output: z.object({ model: ModelInfo.nullable() }),
  },
  'models.provider': {
    input: z.object({}),
    output: z.object({
      model: z.object({ name: z.string(), id: z.string(), path: z.string() }).nullable(),
      provider: z.string().nullable(),
      attempts: z.array(z.object({ provider: z.string(), error: z.string().nullable() })),
      problem: z.string().nullable(),
    }),
  },
  'train.start': {
    input: TrainRequest,
    output: z.object({ jobId: z.string() }),
  },
  'train.cancel': {
    input: z.object({ jobId: z.string() }),
    output: z.object({ cancelled: z.boolean() }),
  },
  /** A finished job's performances clustered at a threshold (default: its calibrated one), with their agreement with the works. */
  'clusters.job': {
    input: ClusterRequest,
    output: JobClusters,
  },
  /** The clusters with each performance's cluster and the threshold graph's edges (capped), for drawing. */
  'clusters.graph': {
    input: ClusterGraphRequest,
    output: ClusterGraph,
  },
  /** One report of a dataset (its ground truth) or a finished job, written to a file (default: reports/<source>/ in the per-user data folder). */
  'report.write': {
    input: ReportRequest,
    output: ReportWritten,
  },
} as const

export type MethodName = keyof typeof methods
export type Input<M extends MethodName> = z.input<(typeof methods)[M]['input']>
export type Output<M extends MethodName> = z.infer<(typeof methods)[M]['output']>

/** Events pushed from the backend to every open view. */
export type ApiEvent =
  | { type: 'index.progress'; progress: IndexProgress }
  | { type: 'index.message'; jobId: string; message: IndexMessage }
  | { type: 'index.done'; jobId: string; summary: IndexSummary }
  | { type: 'import.progress'; progress: ImportProgress }
  | { type: 'import.message'; jobId: string; message: IndexMessage }
  | { type: 'import.done'; jobId: string; summary: ImportSummary }
  | { type: 'score.progress'; progress: ScoreProgress }
  | { type: 'score.message'; jobId: string; message: IndexMessage }
  | { type: 'score.done'; jobId: string; job: ScoreJobInfo }
  | { type: 'score.deleted'; jobId: string }
  | { type: 'embed.progress'; progress: EmbedProgress }
  | { type: 'embed.message'; jobId: string; message: IndexMessage }
  | { type: 'embed.done'; jobId: string; summary: EmbedSummary }
  | { type: 'train.progress'; progress: TrainProgress }
  | { type: 'train.done'; done: TrainDone }
  | { type: 'library.changed' }
  /** A comparison asked with a progressId entered a stage: the step-th of `steps`. */
  | { type: 'compare.progress'; progressId: string; stage: CompareStage; step: number; steps: number }

/** Why a call failed: a domain error's code, a method that does not exist, or 'failed' for anything unforeseen. */
export type CallErrorCode = ErrorCode | 'unknown-method' | 'failed'

/** What every door returns for a call: a result, or an error a person can read. */
export type CallResult<M extends MethodName> = { ok: true; value: Output<M> } | { ok: false; error: { code: CallErrorCode; message: string } }

/** The renderer's view of the backend, implemented by the preload bridge and the web client. */
export interface RefrainBridge {
  call<M extends MethodName>(method: M, input: Input<M>): Promise<CallResult<M>>
  onEvent(listener: (event: ApiEvent) => void): () => void
  /** A URL the renderer's <audio> and wavesurfer can load: each door serves media its own way. */
  audioUrl(dataset: string, perfId: string): string
  /** Electron only: the path on disk of a file or folder dropped onto the window (webUtils.getPathForFile). */
  pathForFile?(file: File): string
  /**
   * Web mode only: sends dropped files to the server (PUT /upload/<id>/<relative path>, one at a
   * time) and resolves with the server folder holding them: the dropped folder itself when every
   * relative path starts with the same folder, else the upload folder. Rejects with an AbortError
   * when `signal` aborts.
   */
  uploadFolder?(
    files: { relativePath: string; file: File }[],
    onProgress: (sentBytes: number, totalBytes: number, file: string) => void,
    signal?: AbortSignal,
  ): Promise<string>
}
