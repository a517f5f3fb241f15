// A scoring job as every door shows it: its parameters, progress, evaluation and calibrated
// threshold, and the ranked pairs it found.
import { z } from 'zod'
import { PerformanceRow } from '../index/types'
import { IndexMessage } from '../jobs/message'
import { ScoreParamsSchema } from './parameters'

/** Platt scaling of a job's pair distances: p(versions | d) = 1 / (1 + exp(a·d + b)) at the job's share of version pairs (prior). */
export const Calibration = z.object({
  a: z.number(),
  b: z.number(),
  prior: z.number(),
  versionPairs: z.number(),
  nonVersionPairs: z.number(),
})

/** A calibrated decision threshold: "versions" when distance <= value. */
export const Threshold = z.object({
  value: z.number(),
  rule: z.enum(['eer', 'max-f1']),
  /** Where it comes from, citable: "EER of job 3f2a… (demo, 252 performances, 2026-11-25)". */
  origin: z.string(),
  jobId: z.string().nullable(),
  /** The same job's probability calibration; absent for thresholds saved before it existed. */
  calibration: Calibration.nullable().optional(),
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
  /** Both distributions on shared bins, for the distribution plot (absent in evaluations saved before it existed). */
  histogram: z
    .object({
      edges: z.array(z.number()),
      versions: z.array(z.number()),
      nonVersions: z.array(z.number()),
      infinite: z.object({ versions: z.number(), nonVersions: z.number() }),
    })
    .nullable()
    .optional(),
  /** Two-stage: the mean share of a query's versions its shortlist kept (stage-1 recall@K, which bounds the re-rank). */
  stage1Recall: z.number().nullable().optional(),
  /** The ROC curve, thinned: [false positive rate, true positive rate, threshold]; null without non-version pairs. */
  roc: z.array(z.tuple([z.number(), z.number(), z.number()])).nullable().optional(),
})

export const ScoreJobInfo = z.object({
  jobId: z.string(),
  createdAt: z.string(),
  /** The dataset scored (a folder is indexed or imported first, and scored as its dataset). */
  source: z.string(),
  /** Candidates' dataset; null: every item of `source` against every other. */
  against: z.string().nullable(),
  params: ScoreParamsSchema.required(),
  /** The parameters in a few words, for tables and threshold origins: "qmax hpcp ↓10". */
  label: z.string(),
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


export type Threshold = z.infer<typeof Threshold>
export type JobEvaluation = z.infer<typeof JobEvaluation>
export type ScoreJobInfo = z.infer<typeof ScoreJobInfo>
export type ScorePair = z.infer<typeof ScorePair>

export interface ScoreProgress {
  jobId: string
  pairsDone: number
  pairsTotal: number
  /** Over the last few seconds of this run. */
  pairsPerSec: number
  /** Seconds left at that rate; null until there is a rate. */
  etaSec: number | null
}
