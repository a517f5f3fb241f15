// The worker's half of clustering a job: read its matrix, take the pair distances the evaluation
// takes (a two-stage job's aligned view), cluster by the chosen method and find each cluster's
// medoid. Runs on a scoring worker thread (workers/score-worker.ts).
import { alignedView } from '../scoring/rerank'
import { MatrixFile } from '../scoring/matrix-file'
import { averageLinkage } from './average-linkage'
import { connectedComponents } from './components'
import { louvainCommunities } from './louvain'
import type { SquareDistances } from './pair-graph'
import { medoids, membersOf } from './partition'
import type { ClusterTask, MatrixClusters } from './task'
import type { ClusterMethod } from './types'

export function clusterMatrix(task: ClusterTask): MatrixClusters {
  return clusterDistances(readSquare(task), task.threshold, task.method)
}

/** A task's whole matrix as the evaluation reads it (a two-stage job's through its aligned view). */
export function readSquare(task: Pick<ClusterTask, 'matrixPath' | 'items' | 'rerankOffset'>): SquareDistances {
  const d = MatrixFile.readWhole(task.matrixPath, task.items, task.items)
  if (task.rerankOffset !== undefined) alignedView(d, task.items, task.items, true, task.rerankOffset)
  return { d, n: task.items }
}

/** Clusters a square matrix's items at `threshold` by `method`, with each cluster's medoid. */
export function clusterDistances(m: SquareDistances, threshold: number, method: ClusterMethod): MatrixClusters {
  const partition = method === 'components' ? connectedComponents(m, threshold) : method === 'average' ? averageLinkage(m, threshold) : louvainCommunities(m, threshold)
  return { labels: partition.labels, count: partition.count, medoids: medoids(m, membersOf(partition)), edges: partition.edges }
}
