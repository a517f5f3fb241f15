// The Clusters page's plain-data helpers: the API's packed edges decode to the pairs and distances
// sent, clusters get distinct colours and singletons grey, starting positions keep each cluster's
// members together and apart from other clusters, a clickable point on an edge is clear of every
// other node and edge, the list rows follow the clusters, the threshold field accepts distances
// only, and the synthetic graph is what it says.
import { describe, expect, test } from 'vitest'
import { listRows } from '../../src-renderer/src/components/clusters/ClusterList'
import { parseThreshold } from '../../src-renderer/src/components/clusters/ClusterControls'
import { clearPointOnEdge, clusterColour, distanceToSegment, graphData, nearestEdge, nearestNode, seedPositions, SINGLETON_COLOUR, syntheticGraph } from '../../src-renderer/src/components/clusters/graphData'
import type { Output } from '../../src-renderer/src/types'

const b64 = (a: Int32Array | Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64')

function answer(): Output<'clusters.graph'> {
  const items = ['A', 'B', 'C', 'D'].map((t, index) => ({ index, dataset: 'd', perfId: `P_${index}`, workId: index < 3 ? 'W_1' : 'W_2', title: t, artist: 'x', year: null }))
  return {
    clusters: {
      jobId: 'j',
      method: 'average',
      threshold: 0.5,
      thresholdOrigin: 'given',
      items,
      clusters: [
        { id: 0, size: 3, members: [0, 1, 2], medoid: 1, works: ['W_1'], mixed: false },
        { id: 1, size: 1, members: [3], medoid: 3, works: ['W_2'], mixed: false },
      ],
      edges: 2,
      splitWorks: [],
      agreement: null,
    },
    nodeCluster: [0, 0, 0, 1],
    edges: { total: 2, kept: 2, dropped: 0, cap: 300_000, perNode: null, pairs: b64(Int32Array.from([0, 1, 1, 2])), distances: b64(Float32Array.from([0.25, 0.5])) },
  }
}

describe('graph data', () => {
  test('the packed edges decode to the pairs and distances sent', () => {
    const data = graphData(answer(), (i) => `node ${i}`)
    expect(Array.from(data.from)).toEqual([0, 1])
    expect(Array.from(data.to)).toEqual([1, 2])
    expect(Array.from(data.distance)).toEqual([0.25, 0.5])
    expect(data.clusterSizes).toEqual([3, 1])
    expect(data.labels).toEqual(['node 0', 'node 1', 'node 2', 'node 3'])
  })

  test('clusters next to each other differ in colour; singletons are grey', () => {
    const colours = Array.from({ length: 50 }, (_, id) => clusterColour(id, 5))
    for (const c of colours) expect(c).toMatch(/^#[0-9a-f]{6}$/)
    for (let id = 1; id < 50; id++) expect(colours[id]).not.toBe(colours[id - 1])
    expect(new Set(colours).size).toBeGreaterThan(40)
    expect(clusterColour(7, 1)).toBe(SINGLETON_COLOUR)
  })

  test('starting positions put a cluster’s members closer to each other than to any other cluster', () => {
    const g = syntheticGraph(300, 5, 0)
    const xy = seedPositions(g.nodeCluster, g.clusterSizes)
    const at = (i: number) => ({ x: xy[2 * i], y: xy[2 * i + 1] })
    const dist = (i: number, j: number) => Math.hypot(at(i).x - at(j).x, at(i).y - at(j).y)
    for (let i = 0; i < 300; i++) {
      let within = 0
      let across = Infinity
      for (let j = 0; j < 300; j++) {
        if (j === i) continue
        if (g.nodeCluster[j] === g.nodeCluster[i]) within = Math.max(within, dist(i, j))
        else across = Math.min(across, dist(i, j))
      }
      expect(within).toBeLessThan(across)
    }
  })

  test('a clickable point on an edge is clear of every node and every other edge', () => {
    // A triangle 0-1-2 and an edge 3-4 crossing the middle of 0-1.
    const nodes = [
      { x: 0, y: 0 },
      { x: 100, y: 0 },
      { x: 50, y: 80 },
      { x: 50, y: -40 },
      { x: 50, y: 40 },
    ]
    const from = [0, 1, 2, 3]
    const to = [1, 2, 0, 4]
    const found = clearPointOnEdge(nodes, from, to, 10)!
    expect(found).not.toBeNull()
    expect(found.edge).not.toBe(0)
    nodes.forEach((n) => expect(Math.hypot(n.x - found.at.x, n.y - found.at.y)).toBeGreaterThanOrEqual(10))
    from.forEach((f, e) => {
      const d = distanceToSegment(found.at, nodes[f], nodes[to[e]])
      if (e === found.edge) expect(d).toBeCloseTo(0, 9)
      else expect(d).toBeGreaterThanOrEqual(10)
    })
    expect(clearPointOnEdge([{ x: 0, y: 0 }, { x: 5, y: 0 }], [0], [1], 10)).toBeNull()
  })

  test('the pointer names the nearest node within reach, or none', () => {
    const nodes = [{ x: 0, y: 0 }, { x: 10, y: 0 }]
    expect(nearestNode(nodes, { x: 4, y: 0 }, 5)).toBe(0)
    expect(nearestNode(nodes, { x: 6, y: 1 }, 5)).toBe(1)
    expect(nearestNode(nodes, { x: 5, y: 6 }, 5)).toBeNull()
  })

  test('a click finds the nearest edge within reach, past segment ends measured to the end', () => {
    // A horizontal edge 0–1 at y = 0 and a vertical one 2–3 at x = 10.
    const nodes = [{ x: 0, y: 0 }, { x: 8, y: 0 }, { x: 10, y: -5 }, { x: 10, y: 5 }]
    const from = [0, 2]
    const to = [1, 3]
    expect(nearestEdge(nodes, from, to, { x: 4, y: 3 }, 4)).toBe(0)
    expect(nearestEdge(nodes, from, to, { x: 9.5, y: 1 }, 4)).toBe(1)
    // 2 from the first edge's end (8, 0), 1 from the second: the nearer wins.
    expect(nearestEdge(nodes, from, to, { x: 9, y: 0 }, 4)).toBe(1)
    expect(nearestEdge(nodes, from, to, { x: 4, y: 4.5 }, 4)).toBeNull()
    expect(nearestEdge(nodes, from, to, { x: -3, y: 3 }, 4)).toBeNull()
  })

  test('the synthetic graph: clusters of the size asked, every pair inside linked, distinct links across', () => {
    const g = syntheticGraph(15_000, 5, 5_000)
    expect(g.clusterSizes).toHaveLength(3_000)
    expect(g.clusterSizes.every((s) => s === 5)).toBe(true)
    expect(g.from.length).toBe(3_000 * 10 + 5_000)
    const keys = new Set(Array.from(g.from, (f, e) => f * 15_000 + g.to[e]))
    expect(keys.size).toBe(g.from.length)
    let across = 0
    g.from.forEach((f, e) => {
      expect(f).toBeLessThan(g.to[e])
      if (g.nodeCluster[f] !== g.nodeCluster[g.to[e]]) across++
    })
    expect(across).toBe(5_000)
  })
})

test('the list: each cluster, then its members with the medoid first', () => {
  const rows = listRows(answer().clusters)
  expect(rows.map((r) => (r.kind === 'cluster' ? `c${r.cluster.id}` : r.item.perfId))).toEqual(['c0', 'P_1', 'P_0', 'P_2', 'c1', 'P_3'])
})

test('the threshold field takes a distance of 0 or more, empty for the calibrated one', () => {
  expect(parseThreshold('')).toEqual({ value: undefined })
  expect(parseThreshold(' 0.25 ')).toEqual({ value: 0.25 })
  expect(parseThreshold('0')).toEqual({ value: 0 })
  for (const bad of ['-1', 'abc', 'Infinity', '1e999']) expect(parseThreshold(bad)).toHaveProperty('problem', expect.stringMatching(/is not a distance/))
})
