// Connected components of the threshold graph: exactly what a threshold alone implies when
// "versions" is taken to be transitive. It chains: a ~ b and b ~ c put a and c together however
// far apart they are, so one loose link can join two works. Union-find with union by size and path
// halving (Tarjan, "Efficiency of a good but not linear set union algorithm", JACM 1975); edges
// are visited, never stored, so memory is O(n) whatever the threshold.
import { forEachEdge, type SquareDistances } from './pair-graph'
import { relabel, type Partition } from './partition'

export function connectedComponents(m: SquareDistances, threshold: number): Partition & { edges: number } {
  const parent = Int32Array.from({ length: m.n }, (_, k) => k)
  const size = new Int32Array(m.n).fill(1)
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]]
      x = parent[x]
    }
    return x
  }
  let edges = 0
  forEachEdge(m, threshold, (i, j) => {
    edges++
    let a = find(i)
    let b = find(j)
    if (a === b) return
    if (size[a] < size[b]) [a, b] = [b, a]
    parent[b] = a
    size[a] += size[b]
  })
  for (let k = 0; k < m.n; k++) parent[k] = find(k)
  return { ...relabel(parent), edges }
}
