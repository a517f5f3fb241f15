// The Compare view's pure helpers (src-renderer/src/compare.ts): following a thinned warping path
// from either side, naming the transposition the way the backend's shift means it, drawing every
// path on the shown matrix's own grid (never past it), times along a grid, and what the metadata
// says of the two works.
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { comparePair } from '../../src-main/compare/compare'
import { ALIGNMENT_DEFAULTS } from '../../src-main/scoring/parameters'
import { loadSequence } from '../../src-main/scoring/sequences'
import { alignedTime, cellAtTime, frameToCell, pathOnGrid, timeAtCell, transpositionLabel, workRelation } from '../../src-renderer/src/compare'
import { MATRIX_KINDS } from '../../src-main/compare/types'
import { REPO } from '../helpers/fixtures'

describe('alignedTime', () => {
  // Corners of a path: the second runs twice as fast as the first over frames 0..10, then level.
  const path: Array<[number, number]> = [
    [0, 0],
    [10, 20],
    [14, 20],
  ]

  test('interpolates between corners, either way round (0.5 s a frame)', () => {
    expect(alignedTime(path, 2.5, 0.5, 0)).toBe(5) // frame 5 of the first -> frame 10 of the second
    expect(alignedTime(path, 5, 0.5, 1)).toBe(2.5)
    expect(alignedTime(path, 6, 0.5, 0)).toBe(10) // on the level stretch the second stays at frame 20
  })

  test('before the start and past the end it holds at the ends; an empty path gives null', () => {
    expect(alignedTime(path, -1, 0.5, 0)).toBe(0)
    expect(alignedTime(path, 100, 0.5, 0)).toBe(10)
    expect(alignedTime([], 1, 0.5, 0)).toBeNull()
  })
})

test('transpositionLabel: a shift k lowers the second k semitones, said within ±6', () => {
  expect(transpositionLabel(0)).toBe('not transposed')
  expect(transpositionLabel(1)).toBe('transposed −1 st')
  expect(transpositionLabel(6)).toBe('transposed −6 st')
  expect(transpositionLabel(9)).toBe('transposed +3 st')
  expect(transpositionLabel(11)).toBe('transposed +1 st')
})

describe('paths on the matrix grid', () => {
  const stacks = { rows: 91, cols: 111, firstFrame: 4, framesPerCell: 1 }

  test('a frame maps to the stack centred on it; the frames before the first centre (and after the last) to the end stacks', () => {
    expect(frameToCell(4, stacks.rows, stacks)).toBe(0)
    expect(frameToCell(10, stacks.rows, stacks)).toBe(6)
    expect(frameToCell(0, stacks.rows, stacks)).toBe(0)
    expect(frameToCell(99, stacks.rows, stacks)).toBe(90)
    expect(pathOnGrid([[0, 0], [50, 60], [99, 119]], stacks)).toEqual([[0, 0], [46, 56], [90, 110]])
  })

  test('times and cells: a cell centred on frame f is drawn at the time of that frame, both ways', () => {
    const spf = 0.1
    expect(cellAtTime((4 + 0.5) * spf, spf, stacks)).toBeCloseTo(0.5, 12)
    expect(timeAtCell(10.5, spf, stacks)).toBeCloseTo(14.5 * spf, 12)
    for (const t of [0, 1.23, 9.5]) expect(timeAtCell(cellAtTime(t, spf, stacks), spf, stacks)).toBeCloseTo(t, 12)
  })

  test('every drawn point of every path of two real demo versions lies inside each kind of matrix', async () => {
    const demo = (workId: string, perfId: string) => join(REPO, 'resources', 'demo', 'demo_hpcp', `${workId}_hpcp`, `${perfId}_hpcp.h5`)
    const load = (perfId: string) => loadSequence(demo('W_1930204178', perfId), { ...ALIGNMENT_DEFAULTS, method: 'qmax' })
    const result = comparePair(await load('P_9365642800'), await load('P_6216201852'), ALIGNMENT_DEFAULTS)
    // The warping path runs frame 0 to the last frame: past a stack grid at both ends before mapping.
    expect(result.dtwPath[0]).toEqual([0, 0])
    expect(result.matrices.recurrence.firstFrame).toBe(4)
    for (const kind of MATRIX_KINDS) {
      const m = result.matrices[kind]
      for (const path of [result.dtwPath, result.qmaxPath, result.dmaxPath]) {
        expect(path.length).toBeGreaterThan(1)
        for (const [i, j] of pathOnGrid(path, m)) {
          expect(i >= 0 && i < m.rows && j >= 0 && j < m.cols, `${kind}: (${i}, ${j}) in ${m.rows} x ${m.cols}`).toBe(true)
        }
      }
    }
    // On DTW's own cost grid (frames) its path is unchanged, corner to corner.
    expect(pathOnGrid(result.dtwPath, result.matrices.cost)).toEqual(result.dtwPath)
  })
})

describe('workRelation', () => {
  const kinds = { demo: 'da-tacos', benchmark: 'da-tacos', mine: 'user', other: 'user' } as const
  const perf = (dataset: string, workId: string, workTitle: string | null = null) => ({ dataset, workId, workTitle })

  test('one work id is the same work, with its title; two ids in one dataset are different works', () => {
    expect(workRelation(perf('demo', 'W_1', 'Islamey'), perf('demo', 'W_1'), kinds)).toEqual({ kind: 'same', workId: 'W_1', title: 'Islamey' })
    expect(workRelation(perf('demo', 'W_1'), perf('demo', 'W_2'), kinds)).toEqual({ kind: 'different' })
  })

  test("across datasets, Da-TACOS's shared ids still tell; a user's import numbering its own works does not", () => {
    expect(workRelation(perf('demo', 'W_1'), perf('benchmark', 'W_2'), kinds).kind).toBe('different')
    expect(workRelation(perf('demo', 'W_1'), perf('mine', 'W_2'), kinds).kind).toBe('unknown')
    expect(workRelation(perf('mine', 'W_7'), perf('other', 'W_7'), kinds).kind).toBe('same')
  })
})
