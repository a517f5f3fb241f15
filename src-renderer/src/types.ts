// The renderer's only door to the contract: types, never values, so neither zod nor any
// Node module is bundled into the page.
export type {
  ApiEvent,
  CallResult,
  ChromaKind,
  DatasetInfo,
  FeatureInfo,
  FeatureKind,
  ImportProgress,
  ImportSummary,
  IndexMessage,
  IndexProgress,
  IndexSummary,
  Input,
  MethodName,
  Output,
  PerformanceDetail,
  PerformanceRow,
  RefrainBridge,
  WorkRow,
} from '../../src-main/api/contract'
