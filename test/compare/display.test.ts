// compare/display.ts: the cross-recurrence pooled for display keeps each block's share of ones
// (and so the whole matrix's), distances and costs pool to their blocks' means and shade with the
// closest darkest, and thinned paths keep their shape, ends and bounds.
import { describe, expect, test } from 'vitest'
import { meanRange, poolMeans, poolShareOfOnes, shade, thinPath } from '../../src-main/compare/display'
import { rng } from '../similarity/helpers'

function randomBinary(rows: number, cols: number, density: number, seed: number): Uint8Array {
  const rand = rng(seed)
  return Uint8Array.from({ length: rows * cols }, () => (rand() < density ? 1 : 0))
}

describe('poolShareOfOnes', () => {
  test('a matrix no larger than the limit comes back as 0 and 255', () => {
    const m = randomBinary(7, 5, 0.3, 1)
    const pooled = poolShareOfOnes(m, 7, 5, 8)
    expect([pooled.rows, pooled.cols]).toEqual([7, 5])
    expect(Array.from(pooled.data)).toEqual(Array.from(m, (v) => v * 255))
  })

  test('each block holds the share of ones of the cells it covers, hand-checked on 4 x 6 into 2 x 2', () => {
    // prettier-ignore
    const m = Uint8Array.from([
      1, 1, 0, 0, 1, 0,
      1, 0, 0, 0, 1, 1,
      0, 0, 1, 1, 0, 0,
      0, 0, 1, 0, 0, 0,
    ])
    const pooled = poolShareOfOnes(m, 4, 6, 2)
    expect([pooled.rows, pooled.cols]).toEqual([2, 2])
    // 3/6, 3/6, 2/6 and 1/6 of 255, rounded.
    expect(Array.from(pooled.data)).toEqual([128, 128, 85, 43])
  })

  test('uneven blocks: the overall share of ones survives pooling 1,001 x 2,999 to 1,024 at most', () => {
    const rows = 1001
    const cols = 2999
    const m = randomBinary(rows, cols, 0.08, 7)
    const pooled = poolShareOfOnes(m, rows, cols)
    expect([pooled.rows, pooled.cols]).toEqual([1001, 1024])
    // Weight each display cell by the source cells it covers: the weighted mean is the matrix's share.
    let weighted = 0
    for (let r = 0; r < pooled.rows; r++) {
      for (let k = 0; k < pooled.cols; k++) {
        const width = Math.floor(((k + 1) * cols) / pooled.cols) - Math.floor((k * cols) / pooled.cols)
        weighted += (pooled.data[r * pooled.cols + k] / 255) * width
      }
    }
    const ones = m.reduce((s, v) => s + v, 0)
    expect(weighted / (rows * cols)).toBeCloseTo(ones / (rows * cols), 3)
  })

  test('a one-cell diagonal stays visible in every block it crosses (a subsample would lose it)', () => {
    const n = 5000
    const m = new Uint8Array(n * n)
    for (let i = 0; i < n; i++) m[i * n + i] = 1
    const pooled = poolShareOfOnes(m, n, n)
    expect([pooled.rows, pooled.cols]).toEqual([1024, 1024])
    for (let r = 0; r < pooled.rows; r++) expect(pooled.data[r * pooled.cols + r], `block ${r}`).toBeGreaterThan(0)
  })
})

describe('poolMeans and shade', () => {
  test('each block is the mean of its finite cells; a block outside a DTW band (all Infinity) has none', () => {
    // prettier-ignore
    const m = Float64Array.from([
      1, 3, Infinity, Infinity,
      5, 7, Infinity, Infinity,
      0, 2, 4, 6,
      2, 4, 8, Infinity,
    ])
    const pooled = poolMeans(m, 4, 4, 2)
    expect(Array.from(pooled.means)).toEqual([4, NaN, 2, 6])
    expect(meanRange(pooled.means)).toEqual([2, 6])
  })

  test('a distance shades 255 at the low end (closest, drawn darkest), 0 at the high end and for a block with no value', () => {
    const pooled = { rows: 1, cols: 4, means: Float64Array.from([2, 4, 6, NaN]) }
    expect(Array.from(shade(pooled, 2, 6, 'low').data)).toEqual([255, 128, 0, 0])
    expect(Array.from(shade(pooled, 2, 6, 'high').data)).toEqual([0, 128, 255, 0])
  })
})

describe('thinPath', () => {
  test('keeps the ends and the corners only', () => {
    const path: Array<[number, number]> = [
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 2],
      [4, 2],
      [5, 3],
    ]
    expect(thinPath(path)).toEqual([
      [0, 0],
      [2, 2],
      [4, 2],
      [5, 3],
    ])
  })

  test('a path with more corners than allowed is strided, ends kept, still monotone', () => {
    const path: Array<[number, number]> = []
    for (let k = 0; k < 3000; k++) path.push([k, Math.floor(k / 2) + (k % 2)])
    const thin = thinPath(path, 100)
    expect(thin.length).toBeLessThanOrEqual(100)
    expect(thin[0]).toEqual([0, 0])
    expect(thin[thin.length - 1]).toEqual(path[path.length - 1])
    for (let k = 1; k < thin.length; k++) {
      expect(thin[k][0]).toBeGreaterThanOrEqual(thin[k - 1][0])
      expect(thin[k][1]).toBeGreaterThanOrEqual(thin[k - 1][1])
    }
  })

  test('empty and one-point paths come back unchanged', () => {
    expect(thinPath([])).toEqual([])
    expect(thinPath([[3, 4]])).toEqual([[3, 4]])
  })
})
