// The library's shapes as the index gives them back: datasets, works, performances and their
// feature files, and what an indexing run reports.
import { z } from 'zod'
import { FEATURE_KINDS } from '../dataset/kinds'
import { IndexMessage } from '../jobs/message'

export const perfId = z.string().regex(/^P_\w+$/, 'a performance id looks like P_12345')
export const workId = z.string().regex(/^W_\w+$/, 'a work id looks like W_12345')
export const datasetName = z.string().min(1).max(200)

/** A library list's feature filter: performances (or works with a performance) with any feature file, or with one kind's. */
export const FeatureFilter = z.enum(['any', ...FEATURE_KINDS])
export type FeatureFilter = z.infer<typeof FeatureFilter>

/** One performance of one dataset: ids repeat across datasets. */
export const PerfRef = z.object({ dataset: datasetName, perfId })
export type PerfRef = z.infer<typeof PerfRef>

export const DatasetInfo = z.object({
  name: z.string(),
  kind: z.enum(['da-tacos', 'user']),
  root: z.string(),
  works: z.number(),
  performances: z.number(),
  withFeatures: z.number(),
  /** Performances with a usable file (indexed without a problem) of each feature kind. */
  featureCounts: z.record(z.enum(FEATURE_KINDS), z.number()),
})
export type DatasetInfo = z.infer<typeof DatasetInfo>

export const WorkRow = z.object({
  dataset: z.string(),
  workId: z.string(),
  title: z.string().nullable(),
  artist: z.string().nullable(),
  performances: z.number(),
  /** Performances with at least one feature file indexed. */
  withFeatures: z.number(),
  /** The feature kinds any of its performances has, sorted by name. */
  features: z.array(z.enum(FEATURE_KINDS)),
})
export type WorkRow = z.infer<typeof WorkRow>

export const FeatureInfo = z.object({
  kind: z.enum(FEATURE_KINDS),
  path: z.string(),
  shape: z.array(z.number()),
  frames: z.number().nullable(),
  durationSec: z.number().nullable(),
  problem: z.string().nullable(),
})
export type FeatureInfo = z.infer<typeof FeatureInfo>

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
export type PerformanceRow = z.infer<typeof PerformanceRow>

export const PerformanceDetail = PerformanceRow.extend({
  artistMbid: z.string().nullable(),
  recordingLengthsMs: z.array(z.number()),
  featureFiles: z.array(FeatureInfo),
  key: z.object({ key: z.string(), scale: z.string(), strength: z.number().nullable() }).nullable(),
  alsoIn: z.array(z.string()),
  /** Every performance of its work in its dataset, this one included, oldest first: the page's
   * "Compare with…" lists them without asking for the work after the performance. */
  versions: z.array(PerformanceRow),
  /** The performance's audio, where its dataset has any (Da-TACOS has none); fetch it through RefrainBridge.audioUrl. */
  audio: z.object({ mime: z.string(), durationSec: z.number().nullable() }).nullable(),
})
export type PerformanceDetail = z.infer<typeof PerformanceDetail>

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
export type IndexSummary = z.infer<typeof IndexSummary>

/** A run that has done nothing yet; with `messages`, one that could not start, and why. */
export function emptyIndexSummary(messages: IndexSummary['messages'] = []): IndexSummary {
  return { filesSeen: 0, filesIndexed: 0, filesUnchanged: 0, filesFailed: 0, works: 0, performances: 0, features: 0, cancelled: false, seconds: 0, messages }
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
