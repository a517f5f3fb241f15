// A job's predicted clusters in the seed project's two formats: each cluster is written as a
// "work" named after its medoid (the member closest to the others): its key in cover_mapping.json
// is the medoid's performance id, "Original Work" and "Original Artist" are the medoid's own title
// and artist, "Number of covers" is the cluster's size, and its performances are its members in
// the job's order, each with what the index knows of it (instrumental included). Clusters come
// largest first, singletons last, as clusterJob lists them (it clusters a dataset scored against
// itself, so the ids are one dataset's and do not repeat).
import type { JobClusters } from '../clusters/types'
import type { JobItem } from './source'
import type { CoverWork } from './types'

export function clusterWorks(clusters: JobClusters, items: JobItem[]): CoverWork[] {
  const instrumental = new Map(items.map((item) => [item.perfId, item.instrumental]))
  const byIndex = new Map(clusters.items.map((item) => [item.index, item]))
  return clusters.clusters.map((cluster) => {
    const medoid = byIndex.get(cluster.medoid)!
    return {
      id: medoid.perfId,
      title: medoid.title,
      artist: medoid.artist,
      performances: cluster.members.map((member) => {
        const item = byIndex.get(member)!
        return { perfId: item.perfId, title: item.title, artist: item.artist, year: item.year === null ? null : String(item.year), instrumental: instrumental.get(item.perfId) ?? null }
      }),
    }
  })
}
