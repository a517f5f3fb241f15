// The three clustering methods on small hand-made distance matrices, where what each should do can
// be worked out by hand: a chain that connected components joins and average linkage does not,
// two tight works joined by one loose link, asymmetric and missing cells, the UPGMA weighting, and
// average linkage against a naive "merge the closest pair" on random matrices.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { averageLinkage } from '../../src-main/clusters/average-linkage'
import { clusterDistances, clusterMatrix } from '../../src-main/clusters/cluster-matrix'
import { connectedComponents } from '../../src-main/clusters/components'
import { louvainCommunities } from '../../src-main/clusters/louvain'
import { pairDistance, thresholdGraph, type SquareDistances } from '../../src-main/clusters/pair-graph'
import { membersOf, type Partition } from '../../src-main/clusters/partition'
import { RERANK_OFFSET } from '../../src-main/scoring/rerank'
import { removeTempDirs, tempDir } from '../helpers/fixtures'

afterAll(() => removeTempDirs())

/** n x n, NaN diagonal, `far` everywhere else except the listed symmetric pairs. */
function square(n: number, pairs: [number, number, number][], far = 1): SquareDistances {
  const d = new Float32Array(n * n).fill(far)
  for (let i = 0; i < n; i++) d[i * n + i] = Number.NaN
  for (const [i, j, x] of pairs) d[i * n + j] = d[j * n + i] = x
  return { d, n }
}

const groups = (p: Partition): number[][] => membersOf(p)

describe('a chain a – b – c (d(a,b) = 0.1, d(b,c) = 0.2, d(a,c) = 0.9), threshold 0.3', () => {
  const m = square(3, [[0, 1, 0.1], [1, 2, 0.2], [0, 2, 0.9]])

  test('components chain all three together', () => {
    expect(groups(connectedComponents(m, 0.3))).toEqual([[0, 1, 2]])
    expect(connectedComponents(m, 0.3).edges).toBe(2)
  })

  test('average linkage does not: {a, b} at 0.1, then d({a,b}, c) = (0.9 + 0.2) / 2 = 0.55 > 0.3', () => {
    expect(groups(averageLinkage(m, 0.3))).toEqual([[0, 1], [2]])
    // ... until the threshold reaches that mean.
    expect(groups(averageLinkage(m, 0.55))).toEqual([[0, 1, 2]])
  })
})

describe('two works of 4 (distances 0.1 within) joined by one link 3 – 4 at 0.29, threshold 0.3', () => {
  const pairs: [number, number, number][] = [[3, 4, 0.29]]
  for (const base of [0, 4]) for (let i = base; i < base + 4; i++) for (let j = i + 1; j < base + 4; j++) pairs.push([i, j, 0.1])
  const m = square(8, pairs)
  const works = [[0, 1, 2, 3], [4, 5, 6, 7]]

  test('components: one cluster; 6 + 6 + 1 = 13 edges', () => {
    const p = connectedComponents(m, 0.3)
    expect(groups(p)).toEqual([[0, 1, 2, 3, 4, 5, 6, 7]])
    expect(p.edges).toBe(13)
  })

  test('average linkage: the two works (their mean distance is (0.29 + 15 · 1) / 16 ≈ 0.96)', () => {
    expect(groups(averageLinkage(m, 0.3))).toEqual(works)
  })

  test('Louvain: the two works, the same on every run', () => {
    const p = louvainCommunities(m, 0.3)
    expect(groups(p)).toEqual(works)
    expect(p.edges).toBe(13)
    expect(Array.from(louvainCommunities(m, 0.3).labels)).toEqual(Array.from(p.labels))
  })

  test('isolated items stay singletons in every method', () => {
    const far = square(3, [[0, 1, 0.1]])
    for (const method of ['components', 'average', 'louvain'] as const) expect(groups(clusterDistances(far, 0.3, method))).toEqual([[0, 1], [2]])
  })
})

describe('refusals past the memory caps', () => {
  const chain = square(3, [[0, 1, 0.1], [1, 2, 0.2], [0, 2, 0.9]])

  test('average linkage refuses a connected group larger than its cap, naming the way out', () => {
    expect(() => averageLinkage(chain, 0.3, 2)).toThrow(/one connected group holds 3 performances; .* at most 2: lower the threshold, or use the components or louvain method/)
    expect(groups(averageLinkage(chain, 0.15, 2))).toEqual([[0, 1], [2]])
  })

  test('Louvain refuses more linked pairs than its cap', () => {
    expect(() => louvainCommunities(chain, 0.3, 1)).toThrow(/more than 1 pairs are linked, too many for Louvain/)
  })
})

describe('a two-stage job is read through its aligned view', () => {
  test('a pair aligned one way takes that distance; one aligned neither way is never linked', () => {
    // Row-major 3 x 3: 0 -> 1 aligned (0.1), 1 -> 0 only shortlisted by embedding (offset + 0.5);
    // 1 and 2 shortlisted neither way; 0 and 2 aligned both ways (0.2 and 0.4: mean 0.3).
    const o = RERANK_OFFSET
    const cells = [Number.NaN, 0.1, 0.2, o + 0.5, Number.NaN, o + 0.05, 0.4, o + 0.06, Number.NaN]
    const matrixPath = join(tempDir(), 'two-stage.f32')
    writeFileSync(matrixPath, Buffer.from(new Float32Array(cells).buffer))
    const aligned = clusterMatrix({ type: 'cluster', matrixPath, items: 3, threshold: 0.15, method: 'components', rerankOffset: o })
    expect(groups(aligned)).toEqual([[0, 1], [2]])
    expect(aligned.edges).toBe(1)
    // At any finite threshold, 1 – 2 stays unlinked: linking 0 – 2 (0.3) joins all three only through 0.
    const wide = clusterMatrix({ type: 'cluster', matrixPath, items: 3, threshold: 2 * o, method: 'components', rerankOffset: o })
    expect(wide.edges).toBe(2)
    // Read as it is, 0 – 1 is the mean of 0.1 and offset + 0.5, far above 0.15.
    expect(clusterMatrix({ type: 'cluster', matrixPath, items: 3, threshold: 0.15, method: 'components' }).edges).toBe(0)
  })
})

describe('pair distances', () => {
  test('the mean of both directions, in double precision; NaN and Infinity are infinitely far', () => {
    const m = square(4, [])
    m.d[0 * 4 + 1] = 0.2
    m.d[1 * 4 + 0] = 0.4
    m.d[2 * 4 + 3] = Number.NaN
    m.d[0 * 4 + 2] = Infinity
    expect(pairDistance(m, 0, 1)).toBeCloseTo(0.3, 7)
    expect(pairDistance(m, 2, 3)).toBe(Infinity)
    expect(pairDistance(m, 0, 2)).toBe(Infinity)
    // A pair at exactly the threshold is linked, as the evaluation counts it a declared version.
    const exact = (Math.fround(0.2) + Math.fround(0.4)) / 2
    expect(groups(connectedComponents(m, exact))).toEqual([[0, 1], [2], [3]])
    expect(groups(connectedComponents(m, exact - 1e-12))).toEqual([[0], [1], [2], [3]])
    expect(groups(averageLinkage(m, Infinity))).toEqual([[0, 1, 3], [2]])
  })

  test('the threshold graph lists each linked pair once; past maxEdges it gives up', () => {
    const m = square(4, [[0, 1, 0.1], [2, 3, 0.2], [1, 2, 0.5]])
    const g = thresholdGraph(m, 0.3)!
    expect([Array.from(g.from), Array.from(g.to), Array.from(g.distance).map((x) => Math.round(x * 100) / 100)]).toEqual([[0, 2], [1, 3], [0.1, 0.2]])
    expect(thresholdGraph(m, 0.3, 1)).toBeNull()
  })
})

describe('average linkage is UPGMA: means over members, not over the two merged clusters', () => {
  // d(0,1) = 0.1, d(0,2) = 0.2, d(1,2) = 0.5, d(0,3) = d(1,3) = 0.3, d(2,3) = 0.6.
  // Merges: {0,1} at 0.1; then d({0,1}, 2) = 0.35, d({0,1}, 3) = 0.3, d(2, 3) = 0.6: {0,1,3} at 0.3;
  // then d({0,1,3}, 2) = (0.2 + 0.5 + 0.6) / 3 = 0.4333 (the mean of the two clusters' means, WPGMA, would be 0.475).
  const m = square(4, [[0, 1, 0.1], [0, 2, 0.2], [1, 2, 0.5], [0, 3, 0.3], [1, 3, 0.3], [2, 3, 0.6]])

  // The matrix holds float32: a merge at "0.1" happens at fround(0.1), a hair above 0.1.
  test.each([
    [0.09, [[0], [1], [2], [3]]],
    [Math.fround(0.1), [[0, 1], [2], [3]]],
    [Math.fround(0.3), [[0, 1, 3], [2]]],
    [0.43, [[0, 1, 3], [2]]],
    [0.45, [[0, 1, 2, 3]]],
  ])('threshold %f', (threshold, expected) => {
    expect(groups(averageLinkage(m, threshold))).toEqual(expected)
  })

  test('a medoid is the member with the least sum of distances to the others', () => {
    // Cluster {0,1,3} at 0.3: sums 0: 0.1 + 0.3 = 0.4, 1: 0.1 + 0.3 = 0.4, 3: 0.6; tie -> the lower index.
    const r = clusterDistances(m, Math.fround(0.3), 'average')
    expect(r.medoids[r.labels[0]]).toBe(0)
    // All four: 0: 0.1 + 0.2 + 0.3 = 0.6, 1: 0.9, 2: 1.3, 3: 1.2.
    const all = clusterDistances(m, 0.45, 'average')
    expect(all.medoids).toEqual([0])
  })

  test('matches merging the closest pair of clusters, one pair at a time, on random matrices', () => {
    let seed = 7
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647)
    for (let trial = 0; trial < 20; trial++) {
      const n = 25
      const pairs: [number, number, number][] = []
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs.push([i, j, random()])
      const m = square(n, pairs)
      for (const threshold of [0.05, 0.2, 0.4, 0.6]) expect(groups(averageLinkage(m, threshold))).toEqual(naiveUpgma(m, threshold))
    }
  })
})

/** The textbook loop: while the closest two clusters' mean pair distance is <= threshold, merge them. */
function naiveUpgma(m: SquareDistances, threshold: number): number[][] {
  let clusters = Array.from({ length: m.n }, (_, k) => [k])
  const mean = (a: number[], b: number[]) => a.reduce((s, i) => s + b.reduce((t, j) => t + pairDistance(m, i, j), 0), 0) / (a.length * b.length)
  for (;;) {
    let best: [number, number] | null = null
    let bestD = Infinity
    for (let a = 0; a < clusters.length; a++) for (let b = a + 1; b < clusters.length; b++) {
      const d = mean(clusters[a], clusters[b])
      if (d < bestD) [best, bestD] = [[a, b], d]
    }
    if (!best || bestD > threshold) break
    const [a, b] = best
    clusters = [...clusters.filter((_, k) => k !== a && k !== b), [...clusters[a], ...clusters[b]].sort((x, y) => x - y)]
  }
  return clusters.sort((x, y) => x[0] - y[0])
}
