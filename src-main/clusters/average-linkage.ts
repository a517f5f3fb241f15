// Average-linkage agglomerative clustering (UPGMA: Sokal & Michener, "A statistical method for
// evaluating systematic relationships", Univ. Kansas Science Bulletin 38, 1958) cut at the
// threshold: clusters merge while the mean distance between their members is <= the threshold.
// Unlike connected components it does not chain: a ~ b and b ~ c join a and c only when the three
// are close on average. A merge needs a mean <= threshold, so at least one linked pair, so clusters
// in different connected components never merge: each component is clustered alone, and memory is
// the largest component's pair table, not n².
//
// Per component, the nearest-neighbour chain algorithm (Murtagh, "A survey of recent advances in
// hierarchical clustering algorithms", The Computer Journal 26, 1983; Müllner, "Modern
// hierarchical, agglomerative clustering algorithms", arXiv:1109.2378, 2011): follow nearest
// neighbours until two clusters are each other's nearest, merge them, and go on from the rest of
// the chain. Average linkage is reducible, so this makes the same merges as always merging the
// globally closest pair, in O(m²) time and memory for m members. The cut: a cluster whose nearest
// is farther than the threshold never merges again (the mean to any union of clusters is at least
// the least of the means), so it leaves the chain as a final cluster. Merged distances follow
// Lance & Williams ("A general theory of classificatory sorting strategies", The Computer Journal
// 9, 1967): d(k, i ∪ j) = (|i| d(k, i) + |j| d(k, j)) / (|i| + |j|). An infinite distance stays
// infinite in every mean, so it never merges.
import { invalidInput } from '../errors'
import { connectedComponents } from './components'
import { pairDistance, type SquareDistances } from './pair-graph'
import { membersOf, relabel, type Partition } from './partition'

/**
 * The largest component clustered: its pair table is m(m − 1)/2 doubles, 0.9 GB at 15,000 (the
 * whole Da-TACOS benchmark set), 1.6 GB at this cap.
 */
export const AVERAGE_MAX_COMPONENT = 20_000

export function averageLinkage(m: SquareDistances, threshold: number, maxComponent = AVERAGE_MAX_COMPONENT): Partition & { edges: number } {
  const components = connectedComponents(m, threshold)
  const groups = membersOf(components)
  const largest = Math.max(...groups.map((g) => g.length))
  if (largest > maxComponent) {
    throw invalidInput(
      `at threshold ${threshold} one connected group holds ${largest} performances; average linkage keeps a table of all its pairs and handles at most ${maxComponent}: lower the threshold, or use the components or louvain method`,
    )
  }
  const raw = new Int32Array(m.n)
  for (const members of groups) {
    const local = members.length === 1 ? [0] : linkComponent(m, members, threshold)
    members.forEach((item, k) => (raw[item] = members[local[k]]))
  }
  return { ...relabel(raw), edges: components.edges }
}

/** For each member (by position in `members`), the position of the member its final cluster is named after. */
function linkComponent(m: SquareDistances, members: number[], threshold: number): Int32Array {
  const k = members.length
  const at = (a: number, b: number): number => (a < b ? (a * (2 * k - a - 1)) / 2 + b - a - 1 : (b * (2 * k - b - 1)) / 2 + a - b - 1)
  const dist = new Float64Array((k * (k - 1)) / 2)
  for (let a = 0; a < k; a++) for (let b = a + 1; b < k; b++) dist[at(a, b)] = pairDistance(m, members[a], members[b])
  const size = new Float64Array(k).fill(1)
  const mergedInto = Int32Array.from({ length: k }, (_, a) => a)
  // Active clusters (named by one of their members), with each one's position for O(1) removal.
  const active = Int32Array.from({ length: k }, (_, a) => a)
  const position = Int32Array.from({ length: k }, (_, a) => a)
  let count = k
  const deactivate = (a: number) => {
    const last = active[--count]
    active[position[a]] = last
    position[last] = position[a]
  }
  const chain = new Int32Array(k)
  let length = 0
  while (count > 0) {
    if (length === 0) chain[length++] = active[0]
    const a = chain[length - 1]
    const previous = length > 1 ? chain[length - 2] : -1
    // The chain's previous cluster wins ties, so the chain never cycles.
    let nearest = previous
    let nearestDistance = previous < 0 ? Infinity : dist[at(a, previous)]
    for (let p = 0; p < count; p++) {
      const c = active[p]
      if (c === a) continue
      const d = dist[at(a, c)]
      if (d < nearestDistance) {
        nearest = c
        nearestDistance = d
      }
    }
    if (nearest < 0 || nearestDistance > threshold) {
      deactivate(a)
      length--
    } else if (nearest === previous) {
      length -= 2
      for (let p = 0; p < count; p++) {
        const c = active[p]
        if (c === a || c === previous) continue
        dist[at(previous, c)] = (size[a] * dist[at(a, c)] + size[previous] * dist[at(previous, c)]) / (size[a] + size[previous])
      }
      size[previous] += size[a]
      mergedInto[a] = previous
      deactivate(a)
    } else chain[length++] = nearest
  }
  const root = (a: number): number => {
    while (mergedInto[a] !== a) a = mergedInto[a] = mergedInto[mergedInto[a]]
    return a
  }
  return Int32Array.from({ length: k }, (_, a) => root(a))
}
