// retrieval/nearest.ts against a brute-force ranking: the same neighbours in the same order
// (ties by index), no self-matches within one set, and bad input refused by name.
import { describe, expect, it } from 'vitest'
import { nearest, type Embeddings } from '../../src-main/retrieval/nearest'

function random(count: number, dim: number, seed: number, levels = 0): Embeddings {
  let s = seed >>> 0
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1
  const data = new Float32Array(count * dim)
  for (let i = 0; i < count; i++) {
    let norm = 0
    for (let d = 0; d < dim; d++) {
      // Few levels make many exactly equal distances, so the tie rule is exercised.
      const v = levels ? Math.round(next() * levels) / levels : next()
      data[i * dim + d] = v
      norm += v * v
    }
    norm = Math.sqrt(norm) || 1
    for (let d = 0; d < dim; d++) data[i * dim + d] /= norm
  }
  return { data, count, dim }
}

function bruteForce(q: Embeddings, c: Embeddings, k: number, sameSet: boolean): number[][] {
  return Array.from({ length: q.count }, (_, i) => {
    const scored: Array<[number, number]> = []
    for (let j = 0; j < c.count; j++) {
      if (sameSet && i === j) continue
      let dot = 0
      for (let d = 0; d < q.dim; d++) dot += q.data[i * q.dim + d] * c.data[j * c.dim + d]
      scored.push([j, 1 - dot])
    }
    return scored.sort((a, b) => a[1] - b[1] || a[0] - b[0]).slice(0, k).map(([j]) => j)
  })
}

describe('nearest', () => {
  it('finds the same k neighbours in the same order as a brute-force ranking', () => {
    const q = random(40, 16, 1)
    const c = random(700, 16, 2)
    const got = nearest(q, c, 10)
    const want = bruteForce(q, c, 10, false)
    for (let i = 0; i < q.count; i++) expect(Array.from(got.index.subarray(i * 10, i * 10 + 10))).toEqual(want[i])
    for (let n = 1; n < 10; n++) expect(got.distance[n]).toBeGreaterThanOrEqual(got.distance[n - 1])
  })

  it('breaks ties by the lower index, and never returns a query as its own neighbour within one set', () => {
    const e = random(300, 4, 3, 1)
    const got = nearest(e, e, 25, true)
    const want = bruteForce(e, e, 25, true)
    for (let i = 0; i < e.count; i++) {
      const row = Array.from(got.index.subarray(i * 25, i * 25 + 25))
      expect(row).toEqual(want[i])
      expect(row).not.toContain(i)
    }
  })

  it('pads with -1 and Infinity when fewer than k candidates exist', () => {
    const e = random(3, 8, 4)
    const got = nearest(e, e, 5, true)
    expect(Array.from(got.index.subarray(0, 5)).slice(2)).toEqual([-1, -1, -1])
    expect(got.distance[4]).toBe(Infinity)
  })

  it('refuses NaN embeddings, mismatched dimensions and a bad k, saying which', () => {
    const e = random(3, 8, 5)
    const bad = { ...e, data: e.data.slice() }
    bad.data[9] = NaN
    expect(() => nearest(bad, e, 1)).toThrow(/queries: embedding 1 holds a NaN/)
    expect(() => nearest(e, random(3, 4, 6), 1)).toThrow(/8 dimensions, candidates 4/)
    expect(() => nearest(e, e, 0)).toThrow(/k must be a positive whole number/)
  })
})
