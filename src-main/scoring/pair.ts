// One pair's distance under a job's parameters, both ways round: the function every batch worker
// runs. Lower is closer for every method (Qmax and Dmax give the asymmetric distance
// √(reference stacks)/score; embeddings the Euclidean distance of unit vectors). One computation
// gives both directions: DTW and the embedding distance are symmetric, and the Qmax/Dmax score is
// too (the cross-recurrence of b against a is the transpose of a against b, and the recursions
// treat the two axes alike), so only the normalisation by the reference's length differs.
import { AlignmentWorkspace, CrossSimilarityWorkspace, dtw, qmaxSimilarity, type ChromaSeq } from '../similarity'
import type { ScoreParams } from './parameters'

export interface PairWorkspace {
  cross: CrossSimilarityWorkspace
  align: AlignmentWorkspace
}

export function pairWorkspace(): PairWorkspace {
  return { cross: new CrossSimilarityWorkspace(), align: new AlignmentWorkspace() }
}

/** The distance of query to reference, and of reference (as the query) to query. */
export function pairDistance(query: ChromaSeq, reference: ChromaSeq, params: ScoreParams, workspace: PairWorkspace): { forward: number; reverse: number } {
  if (params.method === 'embedding') return both(embeddingDistance(query.data, reference.data))
  if (params.method === 'dtw') return both(dtw(query, reference, { keyShift: params.keyShift, band: params.band }).distance)
  const alignmentType = params.method === 'qmax' ? 'serra09' : 'chen17'
  const { frameStackSize, binarizePercentile, disOnset, disExtension } = params
  const result = qmaxSimilarity(query, reference, { frameStackSize, binarizePercentile }, { alignmentType, disOnset, disExtension }, workspace)
  return { forward: result.distance, reverse: result.qmax > 0 ? Math.sqrt(result.crossRecurrence.rows) / result.qmax : Infinity }
}

const both = (d: number) => ({ forward: d, reverse: d })

/** Euclidean distance between two L2-normalised embeddings, in [0, 2]: √(2 − 2·cos), as the model card states. */
export function embeddingDistance(a: Float32Array, b: Float32Array): number {
  let dot = 0
  for (let d = 0; d < a.length; d++) dot += a[d] * b[d]
  return Math.sqrt(Math.max(0, 2 - 2 * dot))
}
