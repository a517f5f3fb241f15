// The one API contract between the renderer and the backend. Every door (Electron IPC,
// web-mode HTTP/WebSocket) validates requests against these schemas before any handler
// runs; the renderer imports only the types.
import { z } from 'zod'
import { SCORE_DEFAULTS, SCORE_METHODS } from '../scoring/parameters'

export const FEATURE_KINDS = ['hpcp', 'crema', 'cens', 'mfcc', 'madmom', 'key', 'tags'] as const
export type FeatureKind = (typeof FEATURE_KINDS)[number]
export const CHROMA_KINDS = ['hpcp', 'crema', 'cens'] as const
export type ChromaKind = (typeof CHROMA_KINDS)[number]

const perfId = z.string().regex(/^P_\w+$/, 'a performance id looks like P_12345')
const workId = z.string().regex(/^W_\w+$/, 'a work id looks like W_12345')
const datasetName = z.string().min(1).max(200)

export const DatasetInfo = z.object({
  name: z.string(),
  kind: z.enum(['da-tacos', 'user']),
  root: z.string(),
  works: z.number(),
  performances: z.number(),
  withFeatures: z.number(),
})

export const WorkRow = z.object({
  dataset: z.string(),
  workId: z.string(),
  title: z.string().nullable(),
  artist: z.string().nullable(),
  performances: z.number(),
})

export const FeatureInfo = z.object({
  kind: z.enum(FEATURE_KINDS),
  path: z.string(),
  shape: z.array(z.number()),
  frames: z.number().nullable(),
  durationSec: z.number().nullable(),
  problem: z.string().nullable(),
})

export const PerformanceRow = z.object({
  dataset: z.string(),
  perfId: z.string(),
  workId: z.string(),
  title: z.string().nullable(),
  artist: z.string().nullable(),
  year: z.number().nullable(),
  instrumental: z.boolean().nullable(),
  workTitle: z.string().nullable(),
  workArtist: z.string().nullable(),
  features: z.array(z.enum(FEATURE_KINDS)),
})

export const PerformanceDetail = PerformanceRow.extend({
  artistMbid: z.string().nullable(),
  recordingLengthsMs: z.array(z.number()),
  featureFiles: z.array(FeatureInfo),
  key: z.object({ key: z.string(), scale: z.string(), strength: z.number().nullable() }).nullable(),
  alsoIn: z.array(z.string()),
  /** The performance's audio, where its dataset has any (Da-TACOS has none); fetch it through RefrainBridge.audioUrl. */
  audio: z.object({ mime: z.string(), durationSec: z.number().nullable() }).nullable(),
})

export const IndexMessage = z.object({
  level: z.enum(['warning', 'error']),
  file: z.string(),
  message: z.string(),
})

export const ImportSummary = z.object({
  /** The dataset folder written (Da-TACOS layout). */
  out: z.string(),
  dataset: z.string(),
  filesSeen: z.number(),
  imported: z.number(),
  /** Already imported by an earlier run, and unchanged. */
  skipped: z.number(),
  failed: z.number(),
  audioSeconds: z.number(),
  cancelled: z.boolean(),
  seconds: z.number(),
  messages: z.array(IndexMessage),
})

export const IndexSummary = z.object({
  filesSeen: z.number(),
  filesIndexed: z.number(),
  filesUnchanged: z.number(),
  filesFailed: z.number(),
  works: z.number(),
  performances: z.number(),
  features: z.number(),
  cancelled: z.boolean(),
  seconds: z.number(),
  messages: z.array(IndexMessage),
})

const PerfRef = z.object({ dataset: datasetName, perfId })

/** A scoring parameter set; absent fields take the defaults of scoring/parameters.ts. */
export const ScoreParams = z.object({
  method: z.enum(SCORE_METHODS),
  feature: z.enum(CHROMA_KINDS).default(SCORE_DEFAULTS.feature),
  downsample: z.number().int().min(1).max(1000).default(SCORE_DEFAULTS.downsample),
  downsampleMethod: z.enum(['mean', 'median']).default(SCORE_DEFAULTS.downsampleMethod),
  keyShift: z.enum(['oti', 'all']).default(SCORE_DEFAULTS.keyShift),
  band: z.number().int().min(0).nullable().default(SCORE_DEFAULTS.band),
})

/** A calibrated decision threshold: "versions" when distance <= value. */
export const Threshold = z.object({
  value: z.number(),
  rule: z.enum(['eer', 'max-f1']),
  /** Where it comes from, citable: "EER of job 3f2a… (demo, 252 performances, 2026-11-25)". */
  origin: z.string(),
  jobId: z.string().nullable(),
})

const DistanceSummary = z.object({
  count: z.number(),
  infinite: z.number(),
  mean: z.number(),
  std: z.number(),
  min: z.number(),
  q1: z.number(),
  median: z.number(),
  q3: z.number(),
  max: z.number(),
})

export const JobEvaluation = z.object({
  queries: z.number(),
  excluded: z.number(),
  map: z.number(),
  mrr: z.number(),
  mr1: z.number(),
  pAt10: z.number(),
  top1: z.number(),
  top10: z.number(),
  auc: z.number().nullable(),
  eer: z.object({ threshold: z.number(), rate: z.number() }).nullable(),
  maxF1: z.object({ threshold: z.number(), f1: z.number(), precision: z.number(), recall: z.number() }),
  /** Distances of version and non-version pairs (finite ones; `infinite` counts the rest). */
  distributions: z.object({ versions: DistanceSummary.nullable(), nonVersions: DistanceSummary.nullable() }),
  versionPairs: z.number(),
  nonVersionPairs: z.number(),
  undefinedReason: z.string().optional(),
})

export const ScoreJobInfo = z.object({
  jobId: z.string(),
  createdAt: z.string(),
  /** The dataset scored (a folder is indexed or imported first, and scored as its dataset). */
  source: z.string(),
  /** Candidates' dataset; null: every item of `source` against every other. */
  against: z.string().nullable(),
  params: ScoreParams.required(),
  /** running; stopped (cancelled or killed: resumable); done; failed (could not start or go on). */
  status: z.enum(['running', 'stopped', 'done', 'failed']),
  queries: z.number(),
  candidates: z.number(),
  pairsTotal: z.number(),
  pairsDone: z.number(),
  /** Pairs that could not be scored (their distance is Infinity), each reported in messages. */
  pairsFailed: z.number(),
  /** Performances left out (no such feature, unreadable, too long), each reported in messages. */
  itemsSkipped: z.number(),
  /** Time spent computing, over every run of the job. */
  seconds: z.number(),
  evaluation: JobEvaluation.nullable(),
  threshold: Threshold.nullable(),
  messages: z.array(IndexMessage),
})

export const ScorePair = z.object({
  query: PerformanceRow,
  candidate: PerformanceRow,
  distance: z.number().nullable(),
  /** 1-based rank of the candidate in the query's list. */
  rank: z.number(),
  /** Query and candidate are performances of the same work. */
  sameWork: z.boolean(),
})

export const CompareResult = z.object({
  /** Every parameter the comparison ran with; all three methods are scored. */
  params: ScoreParams.omit({ method: true }).required(),
  /** Frames of each sequence after downsampling, and seconds per such frame. */
  frames: z.tuple([z.number(), z.number()]),
  secondsPerFrame: z.number(),
  /**
   * The global OTI: the second performance's bin b + shift is drawn at bin b (transposeData), so
   * it is lowered by `shift` semitones (raised by 12 - shift) to the first's key; 0–11.
   */
  shift: z.number(),
  /** Binary cross-recurrence (rows: first's frame stacks, cols: second's), downsampled for display. */
  matrix: z.object({
    rows: z.number(),
    cols: z.number(),
    displayRows: z.number(),
    displayCols: z.number(),
    /** displayRows x displayCols bytes, row-major, 0–255 = share of recurrent cells, base64. */
    data: z.string(),
    /**
     * Frames spanned by one stack: a stack at row r covers frames r .. r + stackFrames - 1, and
     * its cell is drawn at its middle frame, r + (stackFrames - 1) / 2.
     */
    stackFrames: z.number(),
  }),
  /**
   * Paths as [frame of the first, frame of the second] in downsampled frames, thinned for
   * display: DTW's warping path, Qmax's and Dmax's best local alignment (stacks at their middle frame).
   */
  dtwPath: z.array(z.tuple([z.number(), z.number()])),
  qmaxPath: z.array(z.tuple([z.number(), z.number()])),
  dmaxPath: z.array(z.tuple([z.number(), z.number()])),
  scores: z.array(
    z.object({
      method: z.enum(SCORE_METHODS),
      /** null: nothing aligned (Qmax/Dmax score 0, an infinite distance). */
      distance: z.number().nullable(),
      /** Qmax/Dmax raw score; DTW: null. */
      score: z.number().nullable(),
      /** The transposition (as `shift`) this method aligned under: DTW with keyShift 'all' may pick another. */
      shift: z.number(),
      threshold: Threshold.nullable(),
      verdict: z.enum(['versions', 'not versions', 'uncalibrated']),
    }),
  ),
  seconds: z.number(),
})

/** Methods: name -> input schema and output schema. */
export const methods = {
  'app.info': {
    input: z.object({}),
    output: z.object({ version: z.string(), dbPath: z.string(), door: z.enum(['electron', 'web']), canPickFolder: z.boolean() }),
  },
  'app.pickFolder': {
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
    }),
    output: z.object({ total: z.number(), rows: z.array(WorkRow) }),
  },
  'library.search': {
    input: z.object({ text: z.string().max(200), dataset: datasetName.optional(), limit: z.number().int().min(1).max(500).default(50) }),
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
  'index.cancel': {
    input: z.object({ jobId: z.string() }),
    output: z.object({ cancelled: z.boolean() }),
  },
  'score.start': {
    input: z.object({
      /** A dataset name, or a folder (a Da-TACOS-layout dataset is indexed, a folder of audio imported). */
      source: z.string().min(1),
      against: z.string().min(1).optional(),
      params: ScoreParams,
      workers: z.number().int().min(1).max(64).optional(),
    }),
    output: z.object({ jobId: z.string() }),
  },
  'score.resume': {
    input: z.object({ jobId: z.string(), workers: z.number().int().min(1).max(64).optional() }),
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
  'score.evaluate': {
    input: z.object({ jobId: z.string() }),
    output: ScoreJobInfo,
  },
  'similarity.compare': {
    input: z.object({ a: PerfRef, b: PerfRef, params: ScoreParams.omit({ method: true }).partial().default({}) }),
    output: CompareResult,
  },
} as const

export type MethodName = keyof typeof methods
export type Input<M extends MethodName> = z.input<(typeof methods)[M]['input']>
export type Output<M extends MethodName> = z.infer<(typeof methods)[M]['output']>

export type DatasetInfo = z.infer<typeof DatasetInfo>
export type WorkRow = z.infer<typeof WorkRow>
export type PerformanceRow = z.infer<typeof PerformanceRow>
export type PerformanceDetail = z.infer<typeof PerformanceDetail>
export type FeatureInfo = z.infer<typeof FeatureInfo>
export type IndexMessage = z.infer<typeof IndexMessage>
export type IndexSummary = z.infer<typeof IndexSummary>
export type ImportSummary = z.infer<typeof ImportSummary>

export type ScoreJobInfo = z.infer<typeof ScoreJobInfo>
export type ScorePair = z.infer<typeof ScorePair>
export type JobEvaluation = z.infer<typeof JobEvaluation>
export type Threshold = z.infer<typeof Threshold>
export type CompareResult = z.infer<typeof CompareResult>
export type PerfRef = z.infer<typeof PerfRef>

export interface ScoreProgress {
  jobId: string
  pairsDone: number
  pairsTotal: number
  /** Over the last few seconds of this run. */
  pairsPerSec: number
  /** Seconds left at that rate; null until there is a rate. */
  etaSec: number | null
}

export interface ImportProgress {
  jobId: string
  /** Audio files finished, of total. */
  done: number
  total: number
  file: string | null
  /** How far into `file` (0–1). */
  fileFraction: number
}

export interface IndexProgress {
  jobId: string
  phase: 'scanning' | 'metadata' | 'features'
  /** Files finished, of total. */
  done: number
  total: number
  file: string | null
  /** How far into `file` (0–1): a metadata file of 15,000 entries takes a while. */
  fileFraction: number
}

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
  | { type: 'library.changed' }

/** What every door returns for a call: a result, or an error a person can read. */
export type CallResult<M extends MethodName> =
  | { ok: true; value: Output<M> }
  | { ok: false; error: { code: 'invalid-input' | 'not-found' | 'failed' | 'unknown-method'; message: string } }

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
