// A partition as people read it: clusters largest first (singletons last), each with its medoid
// and the works of its members, the works it splits, and how far the clusters agree with the known
// works (src-main/eval/agreement.ts).
import { agreement } from '../eval/agreement'
import { membersOf } from './partition'
import type { MatrixClusters } from './task'
import type { Cluster, ClusterAgreement, JobClusters } from './types'

export function summarize(result: MatrixClusters, workIds: readonly (string | null)[]): Pick<JobClusters, 'clusters' | 'splitWorks' | 'agreement'> {
  const members = membersOf(result)
  const order = members.map((_, label) => label).sort((a, b) => members[b].length - members[a].length || members[a][0] - members[b][0])
  const clusters: Cluster[] = order.map((label, id) => {
    const works = worksOf(members[label], workIds)
    return { id, size: members[label].length, members: members[label], medoid: result.medoids[label], works, mixed: works.length > 1 }
  })
  const clustersOfWork = new Map<string, number>()
  for (const c of clusters) for (const w of c.works) clustersOfWork.set(w, (clustersOfWork.get(w) ?? 0) + 1)
  const splitWorks = [...clustersOfWork]
    .filter(([, n]) => n > 1)
    .map(([workId, n]) => ({ workId, clusters: n }))
    .sort((a, b) => b.clusters - a.clusters || a.workId.localeCompare(b.workId))
  return { clusters, splitWorks, agreement: agreementWithWorks(result.labels, workIds) }
}

/** Distinct known works of the members, the most represented first. */
function worksOf(members: number[], workIds: readonly (string | null)[]): string[] {
  const counts = new Map<string, number>()
  for (const item of members) {
    const w = workIds[item]
    if (w !== null) counts.set(w, (counts.get(w) ?? 0) + 1)
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([w]) => w)
}

/** Over the items whose work is known; null with fewer than two of them. */
function agreementWithWorks(labels: Int32Array, workIds: readonly (string | null)[]): ClusterAgreement | null {
  const known = workIds.flatMap((w, item) => (w === null ? [] : [item]))
  if (known.length < 2) return null
  return agreement(
    known.map((item) => workIds[item]!),
    known.map((item) => labels[item]),
  )
}
