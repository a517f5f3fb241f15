// One pair's distance under a job's parameters: the function every batch worker runs. Lower is
// closer for every method (Qmax and Dmax give the asymmetric distance √(reference stacks)/score).
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
  if (params.method === 'dtw') return dtw(query, reference, { keyShift: params.keyShift, band: params.band }).distance
  const alignmentType = params.method === 'qmax' ? 'serra09' : 'chen17'
  return qmaxSimilarity(query, reference, {}, { alignmentType }, workspace).distance
}
