// The compare worker (built as its own entry, out/main/compare-worker.js): reads both feature
// files and compares them, so the seconds a long pair takes never block the main thread.
import { loadSequence, UnusableSequence } from '../scoring/sequences'
import { serveTasks } from '../workers/serve'
import { comparePair, type CompareParams, type CompareStage, type Comparison } from './compare'

export interface CompareSide {
  /** How messages name the performance: "P_123 in demo". */
  label: string
  path: string
}

export interface CompareTask {
  a: CompareSide
  b: CompareSide
  params: CompareParams
}

async function load(side: CompareSide, params: CompareParams) {
  // 'qmax' asks for the frame stack's minimum length: every method is computed.
  return loadSequence(side.path, { ...params, method: 'qmax' }).catch((error: Error) => {
    throw error instanceof UnusableSequence ? new Error(`${side.label}: ${side.path}: ${error.message}`) : error
  })
}

serveTasks<CompareTask, Comparison, CompareStage>(async (task, report) => {
  report('read')
  const [a, b] = await Promise.all([load(task.a, task.params), load(task.b, task.params)])
  return comparePair(a, b, task.params, report)
})
