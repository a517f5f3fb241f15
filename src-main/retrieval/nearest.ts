// Exact nearest neighbours over L2-normalised embeddings: the first stage of two-stage retrieval
// and the whole of the embedding method. The distance is 1 - cosine similarity, in [0, 2]. Rows
// are compared a block at a time so the candidate block stays in cache; each query keeps its K
// best in a small max-heap, so memory is queries x K whatever the library's size.
import { invalidInput } from '../errors'

/** n embeddings of `dim` values each, row-major. */
export interface Embeddings {
  data: Float32Array
  count: number
  dim: number
}

export interface Neighbours {
  /** queries x k candidate indices, nearest first (ties by lower index); -1 where fewer than k exist. */
  index: Int32Array
  /** The matching distances (1 - cosine); Infinity where index is -1. */
  distance: Float32Array
  k: number
}

const BLOCK = 256

function check(e: Embeddings, what: string): void {
  if (e.data.length !== e.count * e.dim) throw invalidInput(`${what}: ${e.data.length} values for ${e.count} x ${e.dim}`)
  for (let i = 0; i < e.data.length; i++) {
    if (!Number.isFinite(e.data[i])) throw invalidInput(`${what}: embedding ${Math.floor(i / e.dim)} holds a NaN or infinite value`)
  }
}

/**
 * The k nearest candidates of every query. With `sameSet` (queries and candidates are one
 * collection) a query never retrieves itself.
 */
export function nearest(queries: Embeddings, candidates: Embeddings, k: number, sameSet = false): Neighbours {
  check(queries, 'queries')
  check(candidates, 'candidates')
  if (queries.dim !== candidates.dim) throw invalidInput(`queries have ${queries.dim} dimensions, candidates ${candidates.dim}`)
  if (!Number.isInteger(k) || k < 1) throw invalidInput(`k must be a positive whole number, not ${k}`)
  const { dim } = queries
  const index = new Int32Array(queries.count * k).fill(-1)
  const distance = new Float32Array(queries.count * k).fill(Infinity)
  const heaps = Array.from({ length: queries.count }, () => new TopK(k))
  const q = queries.data
  const c = candidates.data
  for (let c0 = 0; c0 < candidates.count; c0 += BLOCK) {
    const c1 = Math.min(candidates.count, c0 + BLOCK)
    for (let i = 0; i < queries.count; i++) {
      const heap = heaps[i]
      const qi = i * dim
      for (let j = c0; j < c1; j++) {
        if (sameSet && i === j) continue
        const cj = j * dim
        let dot = 0
        for (let d = 0; d < dim; d++) dot += q[qi + d] * c[cj + d]
        heap.offer(j, 1 - dot)
      }
    }
  }
  heaps.forEach((heap, i) => heap.drainInto(index, distance, i * k))
  return { index, distance, k }
}

/** The k smallest (distance, index) pairs seen, as a max-heap on (distance, index). */
class TopK {
  private readonly ids: Int32Array
  private readonly dists: Float64Array
  private size = 0

  constructor(private readonly k: number) {
    this.ids = new Int32Array(k)
    this.dists = new Float64Array(k)
  }

  /** Is (d, id) worse than (e, other)? Larger distance, or equal distance and larger index. */
  private static worse(d: number, id: number, e: number, other: number): boolean {
    return d > e || (d === e && id > other)
  }

  offer(id: number, d: number): void {
    if (this.size < this.k) {
      let at = this.size++
      while (at > 0) {
        const parent = (at - 1) >> 1
        if (!TopK.worse(d, id, this.dists[parent], this.ids[parent])) break
        this.ids[at] = this.ids[parent]
        this.dists[at] = this.dists[parent]
        at = parent
      }
      this.ids[at] = id
      this.dists[at] = d
      return
    }
    if (!TopK.worse(this.dists[0], this.ids[0], d, id)) return
    let at = 0
    for (;;) {
      const left = 2 * at + 1
      if (left >= this.size) break
      const right = left + 1
      const child = right < this.size && TopK.worse(this.dists[right], this.ids[right], this.dists[left], this.ids[left]) ? right : left
      if (!TopK.worse(this.dists[child], this.ids[child], d, id)) break
      this.ids[at] = this.ids[child]
      this.dists[at] = this.dists[child]
      at = child
    }
    this.ids[at] = id
    this.dists[at] = d
  }

  /** Writes the kept pairs nearest first. */
  drainInto(index: Int32Array, distance: Float32Array, offset: number): void {
    const order = Array.from({ length: this.size }, (_, n) => n).sort((a, b) => this.dists[a] - this.dists[b] || this.ids[a] - this.ids[b])
    order.forEach((n, rank) => {
      index[offset + rank] = this.ids[n]
      distance[offset + rank] = this.dists[n]
    })
  }
}
