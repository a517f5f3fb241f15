// What an embedding job reports as it goes and when it ends, for every door.
import type { IndexMessage } from '../jobs/message'

export interface EmbedProgress {
  jobId: string
  done: number
  total: number
}

export interface EmbedSummary {
  dataset: string
  model: { name: string; id: string; path: string }
  /** The execution provider that ran, and why better ones did not; null when nothing needed embedding. */
  provider: string | null
  items: number
  reused: number
  embedded: number
  failed: number
  cancelled: boolean
  seconds: number
  messages: IndexMessage[]
}
