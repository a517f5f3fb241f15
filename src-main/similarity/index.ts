// The alignment similarity core: what batch scoring, the worker pool, evaluation and the compare
// view import. Pure functions over chroma sequences (frames x bins Float32Array, frame-major).
export * from './parameters'
export * from './preprocess'
export { crossSimilarity, CrossSimilarityWorkspace, minFramesFor, resolveCrossParams, stackCount, type CrossRecurrence } from './cross-similarity'
export {
  alignCrossRecurrence,
  AlignmentWorkspace,
  qmaxSimilarity,
  resolveAlignmentParams,
  type AlignmentOptions,
  type AlignmentResult,
  type QmaxResult,
} from './qmax'
export { dtw, lbKeogh, resolveDtwParams, type DtwResult } from './dtw'
