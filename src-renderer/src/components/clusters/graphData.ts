// What the Clusters graph draws, as plain data the page and its tests share: the edges decoded from
// 'clusters.graph', a colour per cluster (singletons grey), starting positions that put each
// cluster's members together (so the first frame is readable before the layout moves anything),
// a point on an edge clear of everything else (where a test can click it), and a synthetic graph
// of any size for measuring the view.
import { base64ToBytes, decodeFloat32LE } from '../../chroma'
import type { Output } from '../../types'

export interface GraphData {
  /** Each node's cluster id (clusters are numbered largest first). */
  nodeCluster: ArrayLike<number>
  /** Members per cluster, by cluster id. */
  clusterSizes: number[]
  /** Each node's hover text: title — artist. */
  labels: string[]
  /** Edge e joins nodes from[e] and to[e]. */
  from: Int32Array
  to: Int32Array
  distance: Float32Array
}

export const SINGLETON_COLOUR = '#9aa0a6'

/** The API's answer as graph data; `label` names node i. */
export function graphData(answer: Output<'clusters.graph'>, label: (i: number) => string): GraphData {
  const pairs = decodeInt32LE(answer.edges.pairs)
  const kept = pairs.length >>> 1
  const from = new Int32Array(kept)
  const to = new Int32Array(kept)
  for (let e = 0; e < kept; e++) {
    from[e] = pairs[2 * e]
    to[e] = pairs[2 * e + 1]
  }
  return {
    nodeCluster: answer.nodeCluster,
    clusterSizes: answer.clusters.clusters.map((c) => c.size),
    labels: answer.clusters.items.map((_, i) => label(i)),
    from,
    to,
    distance: decodeFloat32LE(answer.edges.distances),
  }
}

export function decodeInt32LE(b64: string): Int32Array {
  const bytes = base64ToBytes(b64)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const out = new Int32Array(bytes.byteLength >>> 2)
  for (let i = 0; i < out.length; i++) out[i] = view.getInt32(i * 4, true)
  return out
}

/** Hues a golden angle apart, so clusters listed next to each other differ; singletons grey. */
export function clusterColour(id: number, size: number): string {
  if (size < 2) return SINGLETON_COLOUR
  return hslHex((id * 137.508) % 360, 0.62, id % 2 ? 0.42 : 0.52)
}

function hslHex(hue: number, saturation: number, lightness: number): string {
  const a = saturation * Math.min(lightness, 1 - lightness)
  const channel = (n: number) => {
    const k = (n + hue / 30) % 12
    const v = lightness - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))
    return Math.round(v * 255)
      .toString(16)
      .padStart(2, '0')
  }
  return `#${channel(0)}${channel(8)}${channel(4)}`
}

const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5))

/**
 * x, y of each node (interleaved): cluster centres on a sunflower spiral (Vogel, "A better way to
 * construct the sunflower head", Math. Biosciences 44, 1979), largest cluster in the middle, each
 * spaced by the area of the clusters before it; a cluster's members on a small sunflower round
 * its centre.
 */
export function seedPositions(nodeCluster: ArrayLike<number>, clusterSizes: number[]): Float32Array {
  const centre = new Float64Array(clusterSizes.length * 2)
  let area = 0
  clusterSizes.forEach((size, c) => {
    const r = Math.sqrt(area + size / 2)
    centre[2 * c] = r * Math.cos(c * GOLDEN_ANGLE)
    centre[2 * c + 1] = r * Math.sin(c * GOLDEN_ANGLE)
    area += size
  })
  const placed = new Int32Array(clusterSizes.length)
  const xy = new Float32Array(nodeCluster.length * 2)
  for (let i = 0; i < nodeCluster.length; i++) {
    const c = nodeCluster[i]
    const m = placed[c]++
    const r = 0.4 * Math.sqrt(m + 0.5)
    xy[2 * i] = centre[2 * c] + r * Math.cos(m * GOLDEN_ANGLE)
    xy[2 * i + 1] = centre[2 * c + 1] + r * Math.sin(m * GOLDEN_ANGLE)
  }
  return xy
}

export interface Point {
  x: number
  y: number
}

/**
 * A point on one edge (its index and the point) at least `gap` from every node and every other
 * edge, trying each edge's middle, then its thirds; null when there is none.
 */
export function clearPointOnEdge(nodes: Point[], from: ArrayLike<number>, to: ArrayLike<number>, gap: number): { edge: number; at: Point } | null {
  for (const t of [0.5, 1 / 3, 2 / 3]) {
    for (let e = 0; e < from.length; e++) {
      const a = nodes[from[e]]
      const b = nodes[to[e]]
      const at = { x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y) }
      if (nodes.some((n) => Math.hypot(n.x - at.x, n.y - at.y) < gap)) continue
      let clear = true
      for (let f = 0; f < from.length && clear; f++) if (f !== e && distanceToSegment(at, nodes[from[f]], nodes[to[f]]) < gap) clear = false
      if (clear) return { edge: e, at }
    }
  }
  return null
}

/** The node nearest `at` among those within `within` of it, or null. */
export function nearestNode(nodes: Point[], at: Point, within: number): number | null {
  return nearestWithin(nodes.length, (i) => Math.hypot(nodes[i].x - at.x, nodes[i].y - at.y), within)
}

/** The edge nearest `at` among those within `within` of it (nodes at `nodes`), or null. */
export function nearestEdge(nodes: Point[], from: ArrayLike<number>, to: ArrayLike<number>, at: Point, within: number): number | null {
  return nearestWithin(from.length, (e) => distanceToSegment(at, nodes[from[e]], nodes[to[e]]), within)
}

/** Of items 0..count-1, the one at the least `distance`, if that is at most `within`; else null. */
function nearestWithin(count: number, distance: (i: number) => number, within: number): number | null {
  let best: number | null = null
  let bestDistance = within
  for (let i = 0; i < count; i++) {
    const d = distance(i)
    if (d <= bestDistance) {
      best = i
      bestDistance = d
    }
  }
  return best
}

export function distanceToSegment(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x
  const dy = b.y - a.y
  const length2 = dx * dx + dy * dy
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2))
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy))
}

/**
 * `nodes` performances in clusters of `clusterSize` (the last one smaller if need be), every pair
 * within a cluster linked, plus `noise` distinct random links across clusters; seeded, so every run draws
 * the same graph.
 */
export function syntheticGraph(nodes: number, clusterSize: number, noise: number, seed = 1): GraphData {
  let x = seed >>> 0 || 1
  const random = () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) / 4294967296
  }
  const clusters = Math.ceil(nodes / clusterSize)
  const nodeCluster = Int32Array.from({ length: nodes }, (_, i) => Math.floor(i / clusterSize))
  const clusterSizes = Array.from({ length: clusters }, (_, c) => Math.min(clusterSize, nodes - c * clusterSize))
  const from: number[] = []
  const to: number[] = []
  for (let c = 0; c < clusters; c++) {
    const first = c * clusterSize
    for (let i = first; i < first + clusterSizes[c]; i++) for (let j = i + 1; j < first + clusterSizes[c]; j++) {
      from.push(i)
      to.push(j)
    }
  }
  const across = new Set<number>()
  while (across.size < noise && nodes > clusterSize) {
    const i = Math.floor(random() * nodes)
    const j = Math.floor(random() * nodes)
    const key = Math.min(i, j) * nodes + Math.max(i, j)
    if (nodeCluster[i] === nodeCluster[j] || across.has(key)) continue
    across.add(key)
    from.push(Math.min(i, j))
    to.push(Math.max(i, j))
  }
  return {
    nodeCluster,
    clusterSizes,
    labels: Array.from({ length: nodes }, (_, i) => `Performance ${i + 1} — artist ${nodeCluster[i] + 1}`),
    from: Int32Array.from(from),
    to: Int32Array.from(to),
    distance: Float32Array.from(from, () => random()),
  }
}
