// Qmax / Dmax local alignment: hand-computed small matrices, the distance definitions, the
// traceback, four-row and full-matrix runs agreeing, and the reference implementation on random
// binary matrices with penalties other than the defaults.
import { describe, expect, test } from 'vitest'
import {
  alignCrossRecurrence,
  AlignmentWorkspace,
  CrossSimilarityWorkspace,
  qmaxSimilarity,
  SimilarityInputError,
} from '../../src-main/similarity'
import { oracleCoverSongSimilarity } from './oracle'
import { randomSequence, rng, stretch } from './helpers'

function csm(rows: number[][]) {
  return { rows: rows.length, cols: rows[0].length, matrix: Uint8Array.from(rows.flat()) }
}

describe('hand-computed', () => {
  test('Qmax on a diagonal with one gap', () => {
    // Ones at (2,2) (3,3) (5,5) (6,6), the first two rows and columns are never scored.
    //   (2,2) = 1, (3,3) = 2, (4,4) is 0: best predecessor (3,3) = 2 minus onset 0.5 = 1.5,
    //   (5,5) = max((4,4)=1.5, (3,4), (4,3)) + 1 = 2.5, (6,6) = 3.5.
    const m = csm([
      [0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0],
      [0, 0, 1, 0, 0, 0, 0],
      [0, 0, 0, 1, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 1, 0],
      [0, 0, 0, 0, 0, 0, 1],
    ])
    const r = alignCrossRecurrence(m, { scoreMatrix: true, path: true })
    expect(r.qmax).toBe(3.5)
    expect(r.end).toEqual([6, 6])
    expect(r.scoreMatrix![4 * 7 + 4]).toBe(1.5)
    expect(r.distance).toBeCloseTo(Math.sqrt(7) / 3.5, 12)
    expect(r.path).toEqual([[2, 2], [3, 3], [4, 4], [5, 5], [6, 6]])
    expect(alignCrossRecurrence(m, { distanceType: 'symmetric' }).distance).toBe(3.5)
    // Onset 1: the gap cell falls to 1, so (5,5) = 2 and (6,6) = 3.
    expect(alignCrossRecurrence(m, { disOnset: 1 }).qmax).toBe(3)
  })

  test('Dmax credits recurrent cells skipped along one sequence', () => {
    // (3,3) = 1; (4,5) steps (1,2) from (3,3) over (4,4), which is recurrent: 1 + 1 + 1 = 3.
    const m = csm([
      [0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0],
      [0, 0, 0, 1, 0, 0],
      [0, 0, 0, 0, 1, 1],
    ])
    const chen = alignCrossRecurrence(m, { alignmentType: 'chen17', path: true, scoreMatrix: true })
    expect(chen.scoreMatrix![4 * 6 + 4]).toBe(2)
    expect(chen.qmax).toBe(3)
    expect(chen.path).toEqual([[3, 3], [4, 4], [4, 5]])
    // Qmax cannot step sideways: (4,5) comes from (3,3) by (1,2) without the credit: 2.
    expect(alignCrossRecurrence(m).qmax).toBe(2)
  })

  test('nothing recurrent: qmax 0, asymmetric distance Infinity (never NaN), symmetric 0, empty path', () => {
    const m = csm([
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ])
    for (const alignmentType of ['serra09', 'chen17'] as const) {
      const r = alignCrossRecurrence(m, { alignmentType, path: true })
      expect(r.qmax).toBe(0)
      expect(r.distance).toBe(Infinity)
      expect(r.path).toEqual([])
      expect(alignCrossRecurrence(m, { alignmentType, distanceType: 'symmetric' }).distance).toBe(0)
    }
  })
})

describe('agreement', () => {
  const rand = rng(31)

  test('four rows of scores give the same result as the full matrix', () => {
    for (let t = 0; t < 30; t++) {
      const n = 3 + Math.floor(rand() * 60)
      const m = 3 + Math.floor(rand() * 60)
      const density = rand() * 0.6
      const M = { rows: n, cols: m, matrix: Uint8Array.from({ length: n * m }, () => (rand() < density ? 1 : 0)) }
      for (const alignmentType of ['serra09', 'chen17'] as const) {
        const small = alignCrossRecurrence(M, { alignmentType })
        const full = alignCrossRecurrence(M, { alignmentType, scoreMatrix: true, path: true })
        expect(small.qmax).toBe(full.qmax)
        expect(small.end).toEqual(full.end)
        expect(Math.max(...full.scoreMatrix!)).toBe(full.qmax)
        if (full.qmax > 0) {
          const path = full.path!
          expect(path[path.length - 1]).toEqual(full.end)
          for (let k = 1; k < path.length; k++) {
            expect(path[k][0]).toBeGreaterThanOrEqual(path[k - 1][0])
            expect(path[k][1]).toBeGreaterThanOrEqual(path[k - 1][1])
          }
          // An alignment starts on a recurrent cell.
          expect(M.matrix[path[0][0] * m + path[0][1]]).toBe(1)
        }
      }
    }
  })

  test('the reference implementation, with penalties other than the defaults', () => {
    let worst = 0
    for (let t = 0; t < 24; t++) {
      const n = 4 + Math.floor(rand() * 40)
      const m = 4 + Math.floor(rand() * 40)
      const density = 0.05 + rand() * 0.6
      const data = Uint8Array.from({ length: n * m }, () => (rand() < density ? 1 : 0))
      const [disOnset, disExtension] = [[0.5, 0.5], [0.2, 0.45], [0.9, 0.1], [0, 0.3]][t % 4]
      for (const alignmentType of ['serra09', 'chen17'] as const) {
        for (const distanceType of ['asymmetric', 'symmetric'] as const) {
          const ours = alignCrossRecurrence({ rows: n, cols: m, matrix: data }, { alignmentType, distanceType, disOnset, disExtension, scoreMatrix: true })
          const ref = oracleCoverSongSimilarity({ rows: n, cols: m, data }, alignmentType, disExtension, disOnset, distanceType)
          for (let k = 0; k < n * m; k++) worst = Math.max(worst, Math.abs(ours.scoreMatrix![k] - ref.score.data[k]))
          if (ref.distance === Infinity) expect(ours.distance).toBe(Infinity)
          else worst = Math.max(worst, Math.abs(ours.distance - ref.distance))
        }
      }
    }
    expect(worst).toBeLessThan(1e-4)
  })

  test('reused workspaces (large pair, then small) give the same results as fresh ones', () => {
    const ws = { cross: new CrossSimilarityWorkspace(), align: new AlignmentWorkspace() }
    const big = qmaxSimilarity(randomSequence(300, rand), randomSequence(280, rand), {}, { path: true }, ws)
    expect(big.qmax).toBeGreaterThan(0)
    for (let t = 0; t < 5; t++) {
      const q = randomSequence(40 + t * 13, rand)
      const r = randomSequence(60 - t * 3, rand)
      for (const alignmentType of ['serra09', 'chen17'] as const) {
        const reused = qmaxSimilarity(q, r, { frameStackSize: 1 + t }, { alignmentType, path: true }, ws)
        const fresh = qmaxSimilarity(q, r, { frameStackSize: 1 + t }, { alignmentType, path: true }, { cross: new CrossSimilarityWorkspace(), align: new AlignmentWorkspace() })
        expect(Array.from(reused.crossRecurrence.matrix)).toEqual(Array.from(fresh.crossRecurrence.matrix))
        expect(reused.qmax).toBe(fresh.qmax)
        expect(reused.path).toEqual(fresh.path)
      }
    }
  })

  test('a cover-like pair scores higher (smaller distance) than an unrelated one', () => {
    const a = randomSequence(200, rand)
    // Smooth the random chroma so that it behaves like music: neighbouring frames alike.
    for (let t = 1; t < 200; t++) for (let b = 0; b < 12; b++) a.data[t * 12 + b] = 0.8 * a.data[(t - 1) * 12 + b] + 0.2 * a.data[t * 12 + b]
    const cover = stretch(a, 1.15)
    const unrelated = randomSequence(230, rand)
    expect(qmaxSimilarity(a, cover).distance).toBeLessThan(qmaxSimilarity(a, unrelated).distance)
  })
})

describe('bad alignment input', () => {
  test('non-binary cells, wrong sizes and bad parameters are refused by name', () => {
    expect(() => alignCrossRecurrence({ rows: 2, cols: 2, matrix: Uint8Array.from([0, 1, 2, 0]) })).toThrow(/cell 1,0 is 2/)
    expect(() => alignCrossRecurrence({ rows: 2, cols: 3, matrix: new Uint8Array(4) })).toThrow(SimilarityInputError)
    expect(() => alignCrossRecurrence({ rows: 0, cols: 0, matrix: new Uint8Array(0) })).toThrow(/empty/)
    const ok = { rows: 3, cols: 3, matrix: new Uint8Array(9) }
    expect(() => alignCrossRecurrence(ok, { disOnset: -1 })).toThrow(/disOnset/)
    expect(() => alignCrossRecurrence(ok, { disExtension: NaN })).toThrow(/disExtension/)
    // @ts-expect-error: an unknown alignment type
    expect(() => alignCrossRecurrence(ok, { alignmentType: 'serra08' })).toThrow(/alignmentType/)
  })
})
