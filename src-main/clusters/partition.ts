// What every clustering method gives back: a cluster label per item, and the pieces of a cluster
// that need the distances (its medoid), computed on the same thread as the clustering.
import { pairDistance, type SquareDistances } from './pair-graph'

export interface Partition {
  /** Cluster of each item: 0 .. count - 1, numbered in order of each cluster's first item. */
  labels: Int32Array
  count: number
}

/** Any labels (equal = same cluster) renumbered 0, 1, … in order of first appearance. */
export function relabel(raw: ArrayLike<number>): Partition {
  const seen = new Map<number, number>()
  const labels = new Int32Array(raw.length)
  for (let k = 0; k < raw.length; k++) {
    let label = seen.get(raw[k])
    if (label === undefined) seen.set(raw[k], (label = seen.size))
    labels[k] = label
  }
  return { labels, count: seen.size }
}

/** Members of each cluster, ascending. */
export function membersOf(p: Partition): number[][] {
  const members: number[][] = Array.from({ length: p.count }, () => [])
  p.labels.forEach((label, item) => members[label].push(item))
  return members
}

/**
 * Each cluster's medoid: the member with the least sum of distances to the other members. An
 * infinitely far pair (never aligned, failed) would make every sum in its cluster infinite, so
 * members compare by how many infinite distances they have first, then by the finite sum; ties go
 * to the lower index.
 */
export function medoids(m: SquareDistances, members: number[][]): number[] {
  return members.map((cluster) => {
    const infinite = new Int32Array(cluster.length)
    const sum = new Float64Array(cluster.length)
    // Each pair once, added to both members' sums.
    for (let a = 0; a < cluster.length; a++) {
      for (let b = a + 1; b < cluster.length; b++) {
        const d = pairDistance(m, cluster[a], cluster[b])
        if (d === Infinity) {
          infinite[a]++
          infinite[b]++
        } else {
          sum[a] += d
          sum[b] += d
        }
      }
    }
    let best = 0
    for (let a = 1; a < cluster.length; a++) if (infinite[a] < infinite[best] || (infinite[a] === infinite[best] && sum[a] < sum[best])) best = a
    return cluster[best]
  })
}
