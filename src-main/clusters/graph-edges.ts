// The worker's half of drawing a job's threshold graph: its clusters (as clusterMatrix finds them)
// and its edges, the pairs linked at the threshold. A page cannot draw millions of edges, so past
// `maxEdges` each performance keeps only its k closest links, for the largest k that keeps at
// most `maxEdges` pairs (a pair stays when either end keeps it). Every edge is still counted, so
// the page says how many it does not show. Streaming the pairs, each performance's closest `width` links are kept
// in a bounded max-heap, so memory is n x width, not the number of linked pairs.
import { clusterDistances, readSquare } from './cluster-matrix'
import { forEachEdge, type SquareDistances } from './pair-graph'
import type { GraphEdges, GraphTask, MatrixGraph } from './graph-task'

/** The most edges one graph carries to the page (about 3.6 MB as pairs and distances). */
export const GRAPH_MAX_EDGES = 300_000

export function graphMatrix(task: GraphTask): MatrixGraph {
  const m = readSquare(task)
  return { ...clusterDistances(m, task.threshold, task.method), graph: cappedEdges(m, task.threshold, task.maxEdges) }
}

/** The linked pairs, all of them up to `maxEdges`, else each node's closest (see the header). */
export function cappedEdges(m: SquareDistances, threshold: number, maxEdges: number): GraphEdges {
  if (!(maxEdges >= 1)) throw new RangeError(`maxEdges must be 1 or more, not ${maxEdges}`)
  const from: number[] = []
  const to: number[] = []
  const distance: number[] = []
  // A node keeping k links puts at least k/2 pairs per node in the union, so k never usefully
  // exceeds 2 maxEdges / n; twice that leaves room for nodes with fewer links than k.
  const nearest = new NearestLinks(m.n, Math.max(1, Math.min(m.n - 1, Math.floor((4 * maxEdges) / Math.max(1, m.n)))))
  let total = 0
  forEachEdge(m, threshold, (i, j, d) => {
    if (++total <= maxEdges) {
      from.push(i)
      to.push(j)
      distance.push(d)
    }
    nearest.offer(i, j, d)
    nearest.offer(j, i, d)
  })
  if (total <= maxEdges) return { from: Int32Array.from(from), to: Int32Array.from(to), distance: Float32Array.from(distance), total, perNode: null }
  return { ...nearest.union(maxEdges), total }
}

/** Each node's closest `width` links: a max-heap per node (farthest at the root), ties to the lower neighbour. */
class NearestLinks {
  private readonly distance: Float64Array
  private readonly neighbour: Int32Array
  private readonly size: Int32Array

  constructor(
    private readonly n: number,
    private readonly width: number,
  ) {
    this.distance = new Float64Array(n * width)
    this.neighbour = new Int32Array(n * width)
    this.size = new Int32Array(n)
  }

  /** a is farther than b (at heap slots). */
  private farther(a: number, b: number): boolean {
    return this.distance[a] > this.distance[b] || (this.distance[a] === this.distance[b] && this.neighbour[a] > this.neighbour[b])
  }

  private swap(a: number, b: number): void {
    const d = this.distance[a]
    this.distance[a] = this.distance[b]
    this.distance[b] = d
    const j = this.neighbour[a]
    this.neighbour[a] = this.neighbour[b]
    this.neighbour[b] = j
  }

  offer(i: number, j: number, d: number): void {
    const base = i * this.width
    const size = this.size[i]
    if (size < this.width) {
      let at = size
      this.distance[base + at] = d
      this.neighbour[base + at] = j
      this.size[i] = size + 1
      while (at > 0) {
        const parent = (at - 1) >> 1
        if (!this.farther(base + at, base + parent)) break
        this.swap(base + at, base + parent)
        at = parent
      }
      return
    }
    if (d > this.distance[base] || (d === this.distance[base] && j > this.neighbour[base])) return
    this.distance[base] = d
    this.neighbour[base] = j
    for (let at = 0; ; ) {
      const left = 2 * at + 1
      if (left >= size) break
      const right = left + 1
      const child = right < size && this.farther(base + right, base + left) ? right : left
      if (!this.farther(base + child, base + at)) break
      this.swap(base + child, base + at)
      at = child
    }
  }

  /**
   * The pairs among each node's k closest links for the largest k (at most `width`) whose union
   * has at most `maxEdges` pairs; k = 1 even when that union alone is larger.
   */
  union(maxEdges: number): Omit<GraphEdges, 'total'> {
    // Each pair's level: the lower of its two ranks (0 = closest) in its ends' lists.
    const pairOf = new Map<number, number>()
    const pairKey: number[] = []
    const pairLevel: number[] = []
    const pairDistance: number[] = []
    for (let i = 0; i < this.n; i++) {
      const base = i * this.width
      const ranked = Array.from({ length: this.size[i] }, (_, s) => base + s).sort((a, b) => (this.farther(a, b) ? 1 : this.farther(b, a) ? -1 : 0))
      ranked.forEach((slot, rank) => {
        const j = this.neighbour[slot]
        const key = Math.min(i, j) * this.n + Math.max(i, j)
        const p = pairOf.get(key)
        if (p === undefined) {
          pairOf.set(key, pairKey.length)
          pairKey.push(key)
          pairLevel.push(rank)
          pairDistance.push(this.distance[slot])
        } else pairLevel[p] = Math.min(pairLevel[p], rank)
      })
    }
    const atLevel = new Array<number>(this.width).fill(0)
    for (const l of pairLevel) atLevel[l]++
    let k = 1
    for (let within = atLevel[0]; k < this.width && within + atLevel[k] <= maxEdges; k++) within += atLevel[k]
    const kept = pairKey.map((_, p) => p).filter((p) => pairLevel[p] < k).sort((a, b) => pairKey[a] - pairKey[b])
    const from = new Int32Array(kept.length)
    const to = new Int32Array(kept.length)
    const distance = new Float32Array(kept.length)
    kept.forEach((p, e) => {
      from[e] = Math.floor(pairKey[p] / this.n)
      to[e] = pairKey[p] % this.n
      distance[e] = pairDistance[p]
    })
    return { from, to, distance, perNode: k }
  }
}
