// What an audio import reports: its progress file by file, and its summary.
import { z } from 'zod'
import { IndexMessage } from '../jobs/message'

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
export type ImportSummary = z.infer<typeof ImportSummary>

export interface ImportProgress {
  jobId: string
  /** Audio files finished, of total. */
  done: number
  total: number
  file: string | null
  /** How far into `file` (0–1). */
  fileFraction: number
}
