// Louvain community detection (Blondel, Guillaume, Lambiotte & Lefebvre, "Fast unfolding of
// communities in large networks", J. Stat. Mech. 2008) on the threshold graph, by the maintained
// graphology-communities-louvain package: each community is a cluster. Edges are weighted by how
// far inside the threshold a pair is (1 − d / threshold, at least LOUVAIN_MIN_WEIGHT, so a pair at
// exactly the threshold still links), so a work's tight versions outweigh one loose link between
// two works. The package visits nodes in random order; a fixed-seed generator makes the result the
// same on every run.
import Graph from 'graphology'
import louvain from 'graphology-communities-louvain'
import { invalidInput } from '../errors'
import { thresholdGraph, type SquareDistances } from './pair-graph'
import { relabel, type Partition } from './partition'

/** Weight of a pair at exactly the threshold. */
export const LOUVAIN_MIN_WEIGHT = 1e-3

/** graphology keeps an object per edge: beyond this the graph alone takes gigabytes. */
export const LOUVAIN_MAX_EDGES = 3_000_000

const SEED = 20261126

export function louvainCommunities(m: SquareDistances, threshold: number, maxEdges = LOUVAIN_MAX_EDGES): Partition & { edges: number } {
  const edges = thresholdGraph(m, threshold, maxEdges)
  if (!edges) {
    throw invalidInput(`at threshold ${threshold} more than ${maxEdges.toLocaleString('en')} pairs are linked, too many for Louvain: lower the threshold, or use the components or average method`)
  }
  const graph = new Graph({ type: 'undirected', multi: false, allowSelfLoops: false })
  for (let k = 0; k < m.n; k++) graph.addNode(String(k))
  for (let e = 0; e < edges.from.length; e++) {
    const weight = threshold > 0 ? Math.max(LOUVAIN_MIN_WEIGHT, 1 - edges.distance[e] / threshold) : 1
    graph.addEdge(String(edges.from[e]), String(edges.to[e]), { weight })
  }
  const community = louvain(graph, { getEdgeWeight: 'weight', rng: xorshift32(SEED) })
  return { ...relabel(Array.from({ length: m.n }, (_, k) => community[String(k)])), edges: edges.from.length }
}

/** Marsaglia's xorshift generator ("Xorshift RNGs", J. Stat. Software 8, 2003; shifts 13, 17, 5), as floats in [0, 1). */
function xorshift32(seed: number): () => number {
  let x = seed | 0 || 1
  return () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) / 4294967296
  }
}
