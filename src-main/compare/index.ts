// The Compare view's backend: two performances compared under one parameter set by every
// method, with what the view draws (transposition, cross-recurrence, paths) reduced for display
// and each distance's calibrated verdict. compare.ts is the pure comparison, display.ts the
// reduction, compare-worker.ts the thread it runs on, service.ts what the API handler calls.
export { CompareService, verdictFor } from './service'
export { COMPARE_MAX_CELLS, comparePair, type CompareParams, type Comparison } from './compare'
export { DISPLAY_CELLS, PATH_POINTS, poolShareOfOnes, thinPath } from './display'
