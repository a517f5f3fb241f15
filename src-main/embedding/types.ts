// The messages between embedSequences() on the main thread and the embed workers.
import type { ProviderAttempt, ProviderName } from './providers'

export interface EmbedItem {
  /** The caller's key for the result (a performance id). */
  id: string
  /** How messages name it; default the id. */
  label?: string
  /** A Da-TACOS feature file to read chroma from… */
  path?: string
  /** …its chroma kind (default: the model card's feature)… */
  feature?: 'hpcp' | 'crema'
  /** …or raw chroma, frames x 12, frame-major. */
  chroma?: { data: Float32Array; frames: number }
}

export interface EmbedTask {
  model: string
  ep?: ProviderName | 'auto'
  failProviders?: ProviderName[]
  items: EmbedItem[]
}

export interface EmbedTaskResult {
  provider: ProviderName
  attempts: ProviderAttempt[]
  dim: number
  results: { id: string; embedding: Float32Array | null; problem: string | null }[]
}
