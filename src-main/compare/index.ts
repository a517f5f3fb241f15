// The Compare view's backend: two performances compared under one parameter set by every
// method, with what the view draws (transposition, cross-recurrence, stack distances, DTW costs,
// paths) reduced for display, and the distances judged against a chosen calibration. compare.ts
// is the pure comparison, display.ts the reduction, compare-worker.ts the thread it runs on,
// judge.ts the pure judging, sources.ts the calibrations to judge by, service.ts the API handlers.
export { CompareService } from './service'
export { COMPARE_MAX_CELLS, comparePair, type CompareParams, type Comparison } from './compare'
export { DISPLAY_CELLS, PATH_POINTS, poolMeans, poolShareOfOnes, shade, thinPath } from './display'
export { combine, fprAt, judge, thresholdAt, thresholdForFpr, type CalibrationSet, type MethodCalibration } from './judge'
