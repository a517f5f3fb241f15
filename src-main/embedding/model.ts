// An embedding model ready to run: its card checked against the file, a session from the first
// execution provider that loads, the session's inputs and outputs checked against the card, and
// embed() for one chroma sequence. Runs inside the embed worker (never on the main thread: a
// session's run() is CPU- or GPU-bound for as long as the sequence is long).
import type { InferenceSession } from 'onnxruntime-node'
import { invalidInput } from '../errors'
import { checkSessionAgainstCard, loadModelCard, type ModelCard } from './card'
import { checkSequence, preprocessChroma, type Sequence } from './preprocess'
import { loadOrt, openSession, type ProviderAttempt, type ProviderName, type SessionOptions } from './providers'

export interface EmbeddingModel {
  path: string
  card: ModelCard
  cardPath: string
  provider: ProviderName
  attempts: ProviderAttempt[]
  /** The L2-normalised embedding of one sequence (frames x 12 raw chroma). */
  embed(label: string, seq: Sequence): Promise<Float32Array>
  release(): Promise<void>
}

export async function loadEmbeddingModel(path: string, options: SessionOptions = {}): Promise<EmbeddingModel> {
  const { card, cardPath } = loadModelCard(path)
  const { session, provider, attempts } = await openSession(path, options)
  try {
    checkSessionAgainstCard(card, cardPath, path, session as InferenceSession & Parameters<typeof checkSessionAgainstCard>[3])
  } catch (error) {
    await session.release()
    throw error
  }
  const ort = await loadOrt()
  const factor = card.input.downsample.factor
  return {
    path,
    card,
    cardPath,
    provider,
    attempts,
    async embed(label, seq) {
      checkSequence(label, seq, factor, card.input.minFrames)
      const x = preprocessChroma(seq, factor)
      const frames = x.length / 12
      const out = await session.run({ [card.input.name]: new ort.Tensor('float32', x, [1, frames, 12]) })
      const y = out[card.output.name]
      if (!y || y.dims.length !== 2 || y.dims[1] !== card.output.dim) {
        throw invalidInput(`${path}: the model returned shape (${y?.dims.join(', ')}), not (1, ${card.output.dim}) as its card says`)
      }
      return Float32Array.from(y.data as Float32Array)
    },
    release: () => session.release(),
  }
}
