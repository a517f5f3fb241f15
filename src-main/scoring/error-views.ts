// The shapes of the two views a job's page offers for finding its mistakes: each query's scores
// (average precision, rank of its first version) and each unordered pair with both directions'
// distances and ranks. Both are built when the job is evaluated and read from SQLite a page at a
// time, sorted there, so a 15,000-query job never crosses to the renderer whole.
import { z } from 'zod'
import { PerfRef, PerformanceRow } from '../index/types'

export const QUERY_SORTS = ['ap', 'firstRank', 'versions'] as const
export type QuerySort = (typeof QUERY_SORTS)[number]

/** false-positives: non-version pairs at or below the job's threshold; missed: version pairs above it. */
export const PAIR_FILTERS = ['all', 'false-positives', 'missed'] as const
export type PairFilter = (typeof PAIR_FILTERS)[number]

export const SortOrder = z.enum(['asc', 'desc'])
export type SortOrder = z.infer<typeof SortOrder>

const page = {
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
}

export const QueriesRequest = z.object({
  jobId: z.string(),
  /** Default: lowest average precision first (the worst queries). */
  sort: z.enum(QUERY_SORTS).default('ap'),
  order: SortOrder.default('asc'),
  ...page,
})

export const PairsRequest = z.object({
  jobId: z.string(),
  filter: z.enum(PAIR_FILTERS).default('all'),
  /** By the pair's distance (the mean of both directions); asc: closest first. */
  order: SortOrder.default('asc'),
  ...page,
})

export const QueryScoreRow = z.object({
  /** The query's row in the job's matrix. */
  index: z.number(),
  query: PerformanceRow,
  /** Other performances of its work among the candidates. */
  versions: z.number(),
  /** Null for a query without versions (left out of every metric). */
  ap: z.number().nullable(),
  /** 1-based rank of its first version. */
  firstRank: z.number().nullable(),
})
export type QueryScoreRow = z.infer<typeof QueryScoreRow>

/** One direction of a pair: d(a, b) and the rank of b in a's list. Distance null: infinitely far. */
const Direction = z.object({ distance: z.number().nullable(), rank: z.number() })

export const PairViewRow = z.object({
  /** a's row and b's column in the matrix (for a square job the pair is also (b, a)). */
  a: PerformanceRow,
  b: PerformanceRow,
  sameWork: z.boolean(),
  /** As the evaluation counts the pair: the mean of both directions (a two-stage job's aligned view); null: infinitely far. */
  distance: z.number().nullable(),
  ab: Direction,
  /** Null for a queries x candidates job, which scores one direction only. */
  ba: Direction.nullable(),
})
export type PairViewRow = z.infer<typeof PairViewRow>

export const QueriesPage = z.object({
  /** False: the job was evaluated before per-query scores were kept (or not at all). */
  stored: z.boolean(),
  total: z.number(),
  rows: z.array(QueryScoreRow),
})

export const PairsPage = z.object({
  stored: z.boolean(),
  /** The job's threshold (versions when distance <= it); null: no threshold, so only 'all'. */
  threshold: z.number().nullable(),
  counts: z.object({ all: z.number(), falsePositives: z.number(), missed: z.number() }),
  /** Every version pair is kept; non-version pairs only the closest up to the cap. */
  kept: z.object({ versionPairs: z.number(), nonVersionPairs: z.number(), nonVersionPairsTotal: z.number(), farthestNonVersion: z.number().nullable() }),
  total: z.number(),
  rows: z.array(PairViewRow),
})

/** The matrix file and how to load it: rows are the queries, columns the candidates, in the job's item order. */
export const MatrixInfo = z.object({
  path: z.string(),
  rows: z.number(),
  cols: z.number(),
  exists: z.boolean(),
})

const exportCommon = { jobId: z.string(), format: z.enum(['csv', 'json']), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(5000).default(2000) }

/** A view written as CSV or JSON a chunk at a time: the text of rows [offset, offset + limit), with the head first and the tail last. */
export const ExportRequest = z.discriminatedUnion('view', [
  z.object({ view: z.literal('queries'), sort: z.enum(QUERY_SORTS).default('ap'), order: SortOrder.default('asc'), ...exportCommon }),
  z.object({ view: z.literal('pairs'), filter: z.enum(PAIR_FILTERS).default('all'), order: SortOrder.default('asc'), ...exportCommon }),
  /** The ranked pairs: every query's best candidates, or one query's whole list. */
  z.object({ view: z.literal('ranked'), query: PerfRef.optional(), ...exportCommon }),
])
export type ExportRequest = z.output<typeof ExportRequest>

export const ExportChunk = z.object({
  text: z.string(),
  total: z.number(),
  /** The offset of the next chunk; null after the last. */
  next: z.number().nullable(),
})
