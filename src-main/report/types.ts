// What a report is asked for and what writing one gives back (the 'report.write' method's
// shapes), and the one shape both cover-relationship formats are written from: works with their
// performances, whether the works are known (a dataset's ground truth) or predicted (a job's
// clusters).
import { z } from 'zod'
import { ClusterMethod } from '../clusters/types'

/**
 * txt: the seed project's cover_relationships.txt; json: its cover_mapping.json; csv: a job's
 * scored pairs; items: a job's matrix rows and columns; npy: a job's matrix for NumPy; html: a
 * benchmark card; pdf: the same card printed by Chromium.
 */
export const REPORT_FORMATS = ['txt', 'json', 'csv', 'items', 'npy', 'html', 'pdf'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]

export const ReportRequest = z.object({
  /** A scoring job's id (or a unique prefix of one), or an indexed dataset's name (an exact name wins). */
  source: z.string().min(1),
  format: z.enum(REPORT_FORMATS),
  /** Where to write; default: a name after the source and format in the reports folder. */
  out: z.string().min(1).optional(),
  /** csv: each query's best K candidates instead of every pair. */
  top: z.number().int().min(1).optional(),
  /** A job's txt, json, html: how its performances are grouped (default: clusterJob's, average). */
  clusters: ClusterMethod.optional(),
  /** A job's txt, json, html: the linking distance (default: the job's calibrated threshold). */
  threshold: z.number().optional(),
  /** A dataset's json: the seed's 12-of-13 lists (each work without its smallest performance id). */
  seedMapping: z.boolean().optional(),
})
export type ReportRequest = z.output<typeof ReportRequest>

export const ReportWritten = z.object({
  /** The report itself. */
  path: z.string(),
  /** Every file written, the report first (npy: the items CSV beside it). */
  paths: z.array(z.string()),
  bytes: z.number(),
  /** CSV data rows, or works in a txt / json. */
  rows: z.number().optional(),
})
export type ReportWritten = z.infer<typeof ReportWritten>

export interface CoverPerformance {
  perfId: string
  title: string | null
  artist: string | null
  /** The release year as the metadata wrote it ("Unreleased" stays so), else the indexed year. */
  year: string | null
  instrumental: boolean | null
}

export interface CoverWork {
  /** The key of the work in cover_mapping.json. */
  id: string
  title: string | null
  artist: string | null
  performances: CoverPerformance[]
}
