// The renderer's only door to the contract: types, never values, so neither zod nor any
// Node module is bundled into the page.
export type {
  ApiEvent,
  CallResult,
  ChromaKind,
  CompareResult,
  DatasetInfo,
  FeatureInfo,
  FeatureKind,
  ImportProgress,
  ImportSummary,
  IndexMessage,
  IndexProgress,
  IndexSummary,
  Input,
  JobEvaluation,
  MethodName,
  Output,
  PerformanceDetail,
  PerformanceRow,
  RefrainBridge,
  ScoreJobInfo,
  ScorePair,
  ScoreProgress,
  Threshold,
  WorkRow,
} from '../../src-main/api/contract'
export type { ErrorCode } from '../../src-main/errors'
