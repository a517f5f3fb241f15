// The Compare view's pure helpers (src-renderer/src/compare.ts): following a thinned warping path
// from either side, and naming the transposition the way the backend's shift means it.
import { describe, expect, test } from 'vitest'
import { alignedTime, transpositionLabel } from '../../src-renderer/src/compare'

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
