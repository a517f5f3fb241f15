// The feature worker (built as its own entry, out/main/feature-worker.js). h5wasm reads files
// synchronously: on the main thread, the four files a performance page asks for at once would
// hold every other request (its list of versions, a search) behind them.
import { serveTasks } from '../workers/serve'
import { readForView, type FeatureAnswer, type FeatureTask } from './feature-reads'

serveTasks<FeatureTask, FeatureAnswer, never>(readForView)
