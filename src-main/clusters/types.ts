// A scoring job's performances grouped into clusters (sets of recordings the system takes for
// versions of one work), as every door and the reports show them, with how well those clusters
// agree with the known works.
import { z } from 'zod'

/**
 * components: connected components of the "distance <= threshold" graph (what the threshold alone
 * implies; it chains: a ~ b and b ~ c puts a and c together). average: average-linkage (UPGMA)
 * agglomeration cut at the threshold (does not chain). louvain: Louvain communities of that graph.
 */
export const CLUSTER_METHODS = ['components', 'average', 'louvain'] as const
export const ClusterMethod = z.enum(CLUSTER_METHODS)
export type ClusterMethod = z.infer<typeof ClusterMethod>

/** One performance of the job; `index` is its row in the job's matrix. */
export const ClusterItem = z.object({
  index: z.number(),
  dataset: z.string(),
  perfId: z.string(),
  /** Null when the work is not known. */
  workId: z.string().nullable(),
  title: z.string().nullable(),
  artist: z.string().nullable(),
  year: z.number().nullable(),
})
export type ClusterItem = z.infer<typeof ClusterItem>

export const Cluster = z.object({
  /** 0-based, in the order clusters are listed (largest first). */
  id: z.number(),
  size: z.number(),
  /** Item indexes, ascending. */
  members: z.array(z.number()),
  /** The member with the least sum of distances to the other members (an item index). */
  medoid: z.number(),
  /** Distinct known work ids of the members. */
  works: z.array(z.string()),
  /** More than one work among the members. */
  mixed: z.boolean(),
})
export type Cluster = z.infer<typeof Cluster>

const PrecisionRecall = z.object({ precision: z.number(), recall: z.number(), f1: z.number() })

/** Predicted clusters against the known works (src-main/eval/agreement.ts): 1 is perfect agreement. */
export const ClusterAgreement = z.object({
  ari: z.number(),
  ami: z.number(),
  vMeasure: z.number(),
  homogeneity: z.number(),
  completeness: z.number(),
  pairwise: PrecisionRecall,
  bcubed: PrecisionRecall,
})
export type ClusterAgreement = z.infer<typeof ClusterAgreement>

export const JobClusters = z.object({
  jobId: z.string(),
  method: ClusterMethod,
  /** Two performances are linked when their (symmetrised) distance is <= threshold. */
  threshold: z.number(),
  /** Where the threshold comes from: the job's calibrated one's origin, or that the caller gave it. */
  thresholdOrigin: z.string(),
  items: z.array(ClusterItem),
  /** Largest first, singletons last. */
  clusters: z.array(Cluster),
  /** Linked pairs (unordered) in the threshold graph. */
  edges: z.number(),
  /** Works whose performances fall in more than one cluster, and in how many. */
  splitWorks: z.array(z.object({ workId: z.string(), clusters: z.number() })),
  /** Over the items with a known work; null when no item has one. */
  agreement: ClusterAgreement.nullable(),
})
export type JobClusters = z.infer<typeof JobClusters>

/** What 'clusters.job' takes: a job, and optionally a threshold and method other than the defaults. */
export const ClusterRequest = z.object({
  jobId: z.string(),
  /** Default: the job's saved calibrated threshold. */
  threshold: z.number().optional(),
  /** Default: average (it does not chain). */
  method: ClusterMethod.optional(),
})
export type ClusterRequest = z.infer<typeof ClusterRequest>
