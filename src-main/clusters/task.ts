// What the main thread asks a scoring worker to cluster, and what comes back (the worker's half is
// cluster-matrix.ts): reading and clustering a 15,000 x 15,000 matrix takes seconds to minutes,
// and the main thread serves the workstation.
import type { ClusterMethod } from './types'

export interface ClusterTask {
  type: 'cluster'
  /** A finished square job's matrix file: items x items. */
  matrixPath: string
  items: number
  threshold: number
  method: ClusterMethod
  /** Two-stage: cells below this were aligned; pairs are read through the aligned view (scoring/rerank.ts). */
  rerankOffset?: number
}

export interface MatrixClusters {
  /** Cluster of each item, 0 .. count − 1 in order of each cluster's first item. */
  labels: Int32Array
  count: number
  /** Each cluster's medoid (an item index), by cluster label. */
  medoids: number[]
  /** Linked pairs in the threshold graph. */
  edges: number
}
