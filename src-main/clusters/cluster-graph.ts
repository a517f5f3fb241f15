// 'clusters.graph': what the workstation's Clusters page draws, in one pass over the job's matrix
// on a scoring worker (graph-edges.ts): the clusters exactly as 'clusters.job' gives them, each
// performance's cluster, and the threshold graph's edges packed as base64 typed arrays (JSON
// numbers would triple 300,000 edges' size), capped as graph-edges.ts says.
import { z } from 'zod'
import type { Db } from '../index/db'
import { nameClusters, planClusters, runOnWorker, type ClusterOptions } from './cluster-job'
import { GRAPH_MAX_EDGES } from './graph-edges'
import type { GraphTask, MatrixGraph } from './graph-task'
import { ClusterRequest, JobClusters } from './types'

export const ClusterGraphRequest = ClusterRequest.extend({
  /** Default and most: GRAPH_MAX_EDGES. */
  maxEdges: z.number().int().min(1).max(GRAPH_MAX_EDGES).optional(),
})
export type ClusterGraphRequest = z.infer<typeof ClusterGraphRequest>

export const ClusterGraph = z.object({
  clusters: JobClusters,
  /** Each item's cluster (an id of clusters.clusters), by item index. */
  nodeCluster: z.array(z.number()),
  edges: z.object({
    /** Linked pairs in the threshold graph (clusters.edges), drawn or not. */
    total: z.number(),
    /** Pairs drawn: all up to `cap`, else each performance's `perNode` closest. */
    kept: z.number(),
    dropped: z.number(),
    cap: z.number(),
    perNode: z.number().nullable(),
    /** kept x 2 little-endian int32 (from, to: item indexes, from < to), base64. */
    pairs: z.string(),
    /** kept little-endian float32 pair distances, base64. */
    distances: z.string(),
  }),
})
export type ClusterGraph = z.infer<typeof ClusterGraph>

export async function clusterGraph(db: Db, jobIdOrPrefix: string, options: ClusterOptions = {}, maxEdges = GRAPH_MAX_EDGES): Promise<ClusterGraph> {
  const plan = planClusters(db, jobIdOrPrefix, options)
  const task: GraphTask = { ...plan.task, type: 'cluster-graph', maxEdges }
  const result = await runOnWorker<MatrixGraph>(task)
  const clusters = nameClusters(db, plan, result)
  const nodeCluster = new Array<number>(clusters.items.length)
  for (const cluster of clusters.clusters) for (const member of cluster.members) nodeCluster[member] = cluster.id
  const { from, to, distance, total, perNode } = result.graph
  const pairs = new Int32Array(from.length * 2)
  from.forEach((f, e) => {
    pairs[2 * e] = f
    pairs[2 * e + 1] = to[e]
  })
  return {
    clusters,
    nodeCluster,
    edges: { total, kept: from.length, dropped: total - from.length, cap: maxEdges, perNode, pairs: base64(pairs), distances: base64(distance) },
  }
}

const base64 = (a: Int32Array | Float32Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64')
