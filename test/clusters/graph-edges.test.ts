// The edges the Clusters page draws: every linked pair up to the cap, and past it exactly each
// performance's k closest links for the largest k that fits, checked against a brute-force reading
// of that rule on random matrices (asymmetric, with ties, NaN and infinite cells).
import { describe, expect, it } from 'vitest'
import { cappedEdges } from '../../src-main/clusters/graph-edges'
import { pairDistance, type SquareDistances } from '../../src-main/clusters/pair-graph'

/** A seeded n x n matrix of distances in [0, 1), rounded to `steps` values so that ties occur. */
function randomMatrix(n: number, seed: number, steps = 50): SquareDistances {
  let x = seed
  const next = () => {
    x = (x * 1103515245 + 12345) % 2147483648
    return x / 2147483648
  }
  const d = new Float32Array(n * n)
  for (let k = 0; k < d.length; k++) d[k] = Math.floor(next() * steps) / steps
  return { d, n }
}

type Edge = [number, number, number]

function linked(m: SquareDistances, threshold: number): Edge[] {
  const out: Edge[] = []
  for (let i = 0; i < m.n; i++) for (let j = i + 1; j < m.n; j++) {
    const d = pairDistance(m, i, j)
    if (d <= threshold) out.push([i, j, d])
  }
  return out
}

/** The pairs among each node's k closest links (ties to the lower neighbour), by brute force. */
function unionOfNearest(m: SquareDistances, edges: Edge[], k: number): Set<string> {
  const links = Array.from({ length: m.n }, () => [] as [number, number][])
  for (const [i, j, d] of edges) {
    links[i].push([d, j])
    links[j].push([d, i])
  }
  const kept = new Set<string>()
  links.forEach((list, i) => {
    list.sort((a, b) => a[0] - b[0] || a[1] - b[1])
    for (const [, j] of list.slice(0, k)) kept.add(`${Math.min(i, j)}-${Math.max(i, j)}`)
  })
  return kept
}

function asEdges(r: ReturnType<typeof cappedEdges>): Edge[] {
  return Array.from(r.from, (f, e) => [f, r.to[e], r.distance[e]] as Edge)
}

describe('cappedEdges', () => {
  it('keeps every linked pair, with its distance, when they fit under the cap', () => {
    const m = randomMatrix(40, 7)
    const expected = linked(m, 0.3)
    const r = cappedEdges(m, 0.3, expected.length)
    expect(r.total).toBe(expected.length)
    expect(r.perNode).toBeNull()
    const got = asEdges(r).sort((a, b) => a[0] - b[0] || a[1] - b[1])
    expect(got.map(([i, j]) => [i, j])).toEqual(expected.map(([i, j]) => [i, j]))
    got.forEach(([, , d], e) => expect(d).toBeCloseTo(expected[e][2], 6))
  })

  it.each([
    [60, 3, 0.5, 150],
    [80, 11, 0.7, 400],
    [50, 5, 0.2, 60],
  ])('past the cap, keeps each node’s k closest links for the largest k that fits (n %i, seed %i)', (n, seed, threshold, cap) => {
    const m = randomMatrix(n, seed)
    const all = linked(m, threshold)
    expect(all.length).toBeGreaterThan(cap)
    const r = cappedEdges(m, threshold, cap)
    expect(r.total).toBe(all.length)
    const k = r.perNode!
    expect(k).toBeGreaterThanOrEqual(1)
    const got = asEdges(r)
    expect(got.length).toBeLessThanOrEqual(cap)
    expect(new Set(got.map(([i, j]) => `${i}-${j}`))).toEqual(unionOfNearest(m, all, k))
    // One more link per node would not fit.
    expect(unionOfNearest(m, all, k + 1).size).toBeGreaterThan(cap)
    for (const [i, j, d] of got) {
      expect(i).toBeLessThan(j)
      expect(d).toBeCloseTo(pairDistance(m, i, j), 6)
      expect(d).toBeLessThanOrEqual(threshold)
    }
  })

  it('keeps each node’s closest link even when those alone pass the cap', () => {
    const m = randomMatrix(30, 1)
    const all = linked(m, 1)
    const r = cappedEdges(m, 1, 3)
    expect(r.perNode).toBe(1)
    expect(new Set(asEdges(r).map(([i, j]) => `${i}-${j}`))).toEqual(unionOfNearest(m, all, 1))
  })

  it('breaks ties by the lower neighbour, so the same matrix always gives the same edges', () => {
    // A star of equal distances around node 0, and node 5 equally close to 1..4.
    const n = 6
    const d = new Float32Array(n * n).fill(9)
    for (let j = 1; j < n; j++) d[j] = d[j * n] = 0.5
    for (let j = 1; j < 5; j++) d[5 * n + j] = d[j * n + 5] = 0.5
    const r = cappedEdges({ d, n }, 1, 5)
    expect(r.total).toBe(9)
    expect(r.perNode).toBe(1)
    // Closest of 0: 1; of 1..4: 0; of 5: 0 (the lower of its ties).
    expect(asEdges(r).map(([i, j]) => `${i}-${j}`)).toEqual(['0-1', '0-2', '0-3', '0-4', '0-5'])
  })

  it('never links a pair with a NaN or infinite cell', () => {
    const m = randomMatrix(10, 2)
    m.d[1 * 10 + 2] = Number.NaN
    m.d[3 * 10 + 4] = Number.POSITIVE_INFINITY
    const r = cappedEdges(m, 10, 1000)
    const pairs = new Set(asEdges(r).map(([i, j]) => `${i}-${j}`))
    expect(pairs.has('1-2')).toBe(false)
    expect(pairs.has('3-4')).toBe(false)
    expect(r.total).toBe(45 - 2)
  })

  it('refuses a cap below one', () => {
    expect(() => cappedEdges(randomMatrix(3, 1), 1, 0)).toThrow(/maxEdges must be 1 or more/)
  })
})
