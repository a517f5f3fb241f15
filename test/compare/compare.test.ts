// compare/compare.ts on real demo versions: the detected transposition is the one the demo was
// built with, each distance is the mean of the batch's pairDistance both ways round (as the
// evaluation counts a pair), and every path and the display matrix stay within the two sequences.
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { checkSize, COMPARE_MAX_CELLS, comparePair, type CompareParams, type Comparison } from '../../src-main/compare/compare'
import { pairDistance, pairWorkspace } from '../../src-main/scoring/pair'
import { ALIGNMENT_DEFAULTS, ALIGNMENT_METHODS, SCORE_DEFAULTS } from '../../src-main/scoring/parameters'
import { loadSequence } from '../../src-main/scoring/sequences'
import type { ChromaSeq } from '../../src-main/similarity'
import { REPO } from '../helpers/fixtures'

const demo = (workId: string, perfId: string) => join(REPO, 'resources', 'demo', 'demo_hpcp', `${workId}_hpcp`, `${perfId}_hpcp.h5`)
const PARAMS: CompareParams = ALIGNMENT_DEFAULTS
const load = (path: string, params = PARAMS) => loadSequence(path, { ...params, method: 'qmax' })

// From resources/demo/SOURCE.md: Balakirev's Islamey, Chen as performed and "transposed +1, church
// organ"; Bach's fugue BWV 893 (W_5159820384), Levitsky as performed and Kleisen "transposed -3".
const ISLAMEY = { work: 'W_1930204178', performed: 'P_9365642800', transposed: 'P_6216201852', semitones: 1 }

function expectWithin(path: Array<[number, number]>, a: ChromaSeq, b: ChromaSeq, label: string) {
  for (const [i, j] of path) {
    expect(i, label).toBeGreaterThanOrEqual(0)
    expect(j, label).toBeGreaterThanOrEqual(0)
    expect(i, label).toBeLessThan(a.frames)
    expect(j, label).toBeLessThan(b.frames)
  }
  for (let k = 1; k < path.length; k++) {
    expect(path[k][0], label).toBeGreaterThanOrEqual(path[k - 1][0])
    expect(path[k][1], label).toBeGreaterThanOrEqual(path[k - 1][1])
  }
}

describe('comparePair on two demo versions of Islamey (the second transposed up a semitone)', () => {
  let a: ChromaSeq
  let b: ChromaSeq
  let result: Comparison

  test('the transposition found is the one the demo applied: B is lowered 1 semitone', async () => {
    a = await load(demo(ISLAMEY.work, ISLAMEY.performed))
    b = await load(demo(ISLAMEY.work, ISLAMEY.transposed))
    result = comparePair(a, b, PARAMS)
    expect(result.shift).toBe(ISLAMEY.semitones)
    expect(result.scores.map((s) => s.shift)).toEqual([1, 1, 1])
    expect(result.frames).toEqual([a.frames, b.frames])
    expect(result.secondsPerFrame).toBeCloseTo(10 / (44100 / 512), 9)
  })

  test("each method's distance is the batch's pairDistance; Qmax and Dmax report their score", () => {
    expect(result.scores.map((s) => s.method)).toEqual([...ALIGNMENT_METHODS])
    for (const s of result.scores) {
      const { forward, reverse } = pairDistance(a, b, { ...SCORE_DEFAULTS, ...PARAMS, method: s.method }, pairWorkspace())
      expect(s.directions, s.method).toEqual([forward, reverse])
      expect(s.distance, s.method).toBe((forward + reverse) / 2)
      expect(s.score === null, s.method).toBe(s.method === 'dtw')
    }
    const qmax = result.scores.find((s) => s.method === 'qmax')!
    expect(qmax.directions[0]).toBeCloseTo(Math.sqrt(result.matrices.recurrence.cols) / qmax.score!, 12)
    expect(qmax.directions[1]).toBeCloseTo(Math.sqrt(result.matrices.recurrence.rows) / qmax.score!, 12)
  })

  test('the cross-recurrence is one cell per stack pair, shown whole (it is smaller than the display limit), its grid starting at the first stack\'s middle frame', () => {
    const matrix = result.matrices.recurrence
    expect(result.stackFrames).toBe(9)
    expect([matrix.rows, matrix.cols]).toEqual([a.frames - 9, b.frames - 9])
    expect([matrix.displayRows, matrix.displayCols]).toEqual([matrix.rows, matrix.cols])
    expect([matrix.firstFrame, matrix.framesPerCell, matrix.low, matrix.high]).toEqual([4, 1, 0, 1])
    const bytes = Buffer.from(matrix.data, 'base64')
    expect(bytes.length).toBe(matrix.displayRows * matrix.displayCols)
    expect(new Set(bytes)).toEqual(new Set([0, 255]))
  })

  test('the stack distances shade the same grid, darkest where the binary matrix is recurrent; the DTW cost is frames by frames, darkest at its start', () => {
    const { recurrence, similarity, cost } = result.matrices
    expect([similarity.rows, similarity.cols, similarity.firstFrame]).toEqual([recurrence.rows, recurrence.cols, recurrence.firstFrame])
    expect(similarity.low).toBeLessThan(similarity.high)
    const binary = Buffer.from(recurrence.data, 'base64')
    const shaded = Buffer.from(similarity.data, 'base64')
    const mean = (pick: (k: number) => boolean) => {
      let sum = 0
      let n = 0
      shaded.forEach((v, k) => pick(k) && ((sum += v), n++))
      return sum / n
    }
    // Recurrent cells are each row's and column's nearest: closer (darker, higher bytes) on average.
    expect(mean((k) => binary[k] === 255)).toBeGreaterThan(mean((k) => binary[k] === 0) + 40)
    expect([cost.rows, cost.cols, cost.firstFrame, cost.framesPerCell]).toEqual([a.frames, b.frames, 0, 1])
    const costBytes = Buffer.from(cost.data, 'base64')
    // The first cell is the cheapest; the end of the warping path of two versions is cheaper than the corners reached by running along one side.
    expect(costBytes[0]).toBe(255)
    const end = costBytes[costBytes.length - 1]
    expect(costBytes[cost.cols - 1]).toBeLessThan(end)
    expect(costBytes[(cost.rows - 1) * cost.cols]).toBeLessThan(end)
  })

  test('paths lie within both sequences and move forward; DTW runs corner to corner', () => {
    expectWithin(result.dtwPath, a, b, 'dtw')
    expectWithin(result.qmaxPath, a, b, 'qmax')
    expectWithin(result.dmaxPath, a, b, 'dmax')
    expect(result.dtwPath[0]).toEqual([0, 0])
    expect(result.dtwPath[result.dtwPath.length - 1]).toEqual([a.frames - 1, b.frames - 1])
    // Versions align over a long stretch: the best local alignment spans a good part of both.
    const q = result.qmaxPath
    expect(q.length).toBeGreaterThan(1)
    expect(q[q.length - 1][0] - q[0][0]).toBeGreaterThan(a.frames / 4)
  })

  test('Qmax path points are stacks drawn at their middle frame: inside the matrix once that offset is taken off', () => {
    const middle = (result.stackFrames - 1) / 2
    for (const [i, j] of result.qmaxPath) {
      expect(i - middle).toBeGreaterThanOrEqual(0)
      expect(j - middle).toBeGreaterThanOrEqual(0)
      expect(i - middle).toBeLessThan(result.matrices.recurrence.rows)
      expect(j - middle).toBeLessThan(result.matrices.recurrence.cols)
    }
  })
})

test('a version transposed down 3 semitones is raised 3 (shift 9), whichever side is first', async () => {
  const performed = await load(demo('W_5159820384', 'P_4254554649'))
  const transposed = await load(demo('W_5159820384', 'P_2237052493'))
  expect(comparePair(performed, transposed, PARAMS).shift).toBe(9)
  expect(comparePair(transposed, performed, PARAMS).shift).toBe(3)
})

test('a pair of unequal lengths gets the same distance, its two directions swapped, whichever is first: the verdict cannot flip on Swap', async () => {
  const first = await load(demo('W_1659134148', 'P_4644338633'))
  const second = await load(demo('W_9323830281', 'P_6949730839'))
  expect(first.frames).not.toBe(second.frames)
  const [ab, ba] = [comparePair(first, second, PARAMS), comparePair(second, first, PARAMS)]
  for (const method of ALIGNMENT_METHODS) {
    const [x, y] = [ab, ba].map((r) => r.scores.find((s) => s.method === method)!)
    expect(y.distance, method).toBeCloseTo(x.distance!, 9)
    expect(y.directions[0], method).toBeCloseTo(x.directions[1]!, 9)
    expect(y.directions[1], method).toBeCloseTo(x.directions[0]!, 9)
  }
  // Qmax's two directions differ (each divides by its reference's stacks): the one-way distance did flip this pair's verdict.
  const qmax = ab.scores.find((s) => s.method === 'qmax')!
  expect(Math.abs(qmax.directions[0]! - qmax.directions[1]!)).toBeGreaterThan(0.01)
})

test("DTW under all 12 shifts reports the shift it chose and the batch's distance", async () => {
  const params: CompareParams = { ...PARAMS, keyShift: 'all' }
  const a = await load(demo(ISLAMEY.work, ISLAMEY.performed), params)
  const b = await load(demo(ISLAMEY.work, ISLAMEY.transposed), params)
  const dtwScore = comparePair(a, b, params).scores.find((s) => s.method === 'dtw')!
  expect(dtwScore.distance).toBe(pairDistance(a, b, { ...SCORE_DEFAULTS, ...params, method: 'dtw' }, pairWorkspace()).forward)
  expect(dtwScore.directions).toEqual([dtwScore.distance, dtwScore.distance])
  expect(dtwScore.shift).toBe(1)
})

test('the alignment settings are the ones run: a longer frame stack gives fewer stacks, and the distances are the batch\'s under them', async () => {
  const params: CompareParams = { ...PARAMS, frameStackSize: 12, binarizePercentile: 0.15, disOnset: 1, disExtension: 0.25 }
  const a = await load(demo(ISLAMEY.work, ISLAMEY.performed), params)
  const b = await load(demo(ISLAMEY.work, ISLAMEY.transposed), params)
  const result = comparePair(a, b, params)
  expect(result.stackFrames).toBe(12)
  expect([result.matrices.recurrence.rows, result.matrices.recurrence.firstFrame]).toEqual([a.frames - 12, 5.5])
  for (const s of result.scores) {
    const { forward, reverse } = pairDistance(a, b, { ...SCORE_DEFAULTS, ...params, method: s.method }, pairWorkspace())
    expect(s.directions, s.method).toEqual([forward, reverse])
  }
  const defaults = comparePair(a, b, PARAMS).scores.find((s) => s.method === 'qmax')!
  expect(result.scores.find((s) => s.method === 'qmax')!.distance).not.toBe(defaults.distance)
})

test('5,000 x 5,000 frames is within the limit; 5,001 a side is refused before any work, with the downsampling that fits', () => {
  const frames = (n: number): ChromaSeq => ({ frames: n, bins: 12, data: new Float32Array(0) })
  expect(() => checkSize(frames(5000), frames(5000), 10)).not.toThrow()
  const side = Math.ceil(Math.sqrt(COMPARE_MAX_CELLS)) + 1
  const big: ChromaSeq = { frames: side, bins: 12, data: new Float32Array(side * 12) }
  expect(() => comparePair(big, big, PARAMS)).toThrow(
    `${side} x ${side} frames after downsampling by 10 is 25,010,001 frame pairs; Compare draws its paths over whole score matrices and takes at most 25,000,000 (downsample by 11 or more)`,
  )
})
