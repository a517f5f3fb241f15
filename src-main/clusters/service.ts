// The clusters capability's door: 'clusters.job' groups a finished scoring job's performances
// (cluster-job.ts) for the API, the CLI and the reports; 'clusters.graph' adds the edges the
// workstation draws (cluster-graph.ts).
import type { HandlerMap } from '../api/dispatch'
import type { Db } from '../index/db'
import { clusterGraph } from './cluster-graph'
import { clusterJob, type ClusterOptions } from './cluster-job'
import type { JobClusters } from './types'

export class ClustersService {
  constructor(private readonly db: Db) {}

  /** A job (an id or a unique prefix) clustered; see clusterJob for the defaults and refusals. */
  cluster(jobId: string, options: ClusterOptions = {}): Promise<JobClusters> {
    return clusterJob(this.db, jobId, options)
  }

  handlers(): HandlerMap<'clusters.job' | 'clusters.graph'> {
    return {
      'clusters.job': ({ jobId, threshold, method }) => this.cluster(jobId, { threshold, method }),
      'clusters.graph': ({ jobId, threshold, method, maxEdges }) => clusterGraph(this.db, jobId, { threshold, method }, maxEdges),
    }
  }
}
