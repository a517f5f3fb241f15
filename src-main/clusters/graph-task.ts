// What the main thread asks a scoring worker to draw a job's graph from, and what comes back (the
// worker's half is graph-edges.ts; types only, so that scoring/tasks.ts can name them without
// importing the worker's code).
import type { ClusterTask, MatrixClusters } from './task'

export interface GraphTask extends Omit<ClusterTask, 'type'> {
  type: 'cluster-graph'
  maxEdges: number
}

/** The drawn edges, each pair once (from < to). */
export interface GraphEdges {
  from: Int32Array
  to: Int32Array
  distance: Float32Array
  /** Linked pairs in the threshold graph, drawn or not. */
  total: number
  /** When capped: each performance's closest this many links are kept; null when all are. */
  perNode: number | null
}

export interface MatrixGraph extends MatrixClusters {
  graph: GraphEdges
}
