// One pair's distance under a job's parameters: the function every batch worker runs. Lower is
// closer for every method (Qmax and Dmax give the asymmetric distance √(reference stacks)/score;
// embeddings the Euclidean distance of unit vectors).
import { AlignmentWorkspace, CrossSimilarityWorkspace, dtw, qmaxSimilarity, type ChromaSeq } from '../similarity'
import type { ScoreParams } from './parameters'

export interface PairWorkspace {
  cross: CrossSimilarityWorkspace
  align: AlignmentWorkspace
}

export function pairWorkspace(): PairWorkspace {
  return { cross: new CrossSimilarityWorkspace(), align: new AlignmentWorkspace() }
}

export function pairDistance(query: ChromaSeq, reference: ChromaSeq, params: ScoreParams, workspace: PairWorkspace): number {
  if (params.method === 'embedding') return embeddingDistance(query.data, reference.data)
  if (params.method === 'dtw') return dtw(query, reference, { keyShift: params.keyShift, band: params.band }).distance
  const alignmentType = params.method === 'qmax' ? 'serra09' : 'chen17'
  const { frameStackSize, binarizePercentile, disOnset, disExtension } = params
  return qmaxSimilarity(query, reference, { frameStackSize, binarizePercentile }, { alignmentType, disOnset, disExtension }, workspace).distance
}

/** Euclidean distance between two L2-normalised embeddings, in [0, 2]: √(2 − 2·cos), as the model card states. */
export function embeddingDistance(a: Float32Array, b: Float32Array): number {
  let dot = 0
  for (let d = 0; d < a.length; d++) dot += a[d] * b[d]
  return Math.sqrt(Math.max(0, 2 - 2 * dot))
}
