// Bad inputs: every one refused with an EvalInputError that says what is wrong and where.
import { describe, expect, test } from 'vitest'
import { EvalInputError, evaluate, rankingMetrics, rankSquare } from '../../src-main/eval'

const ok = [
  [0, 1, 2],
  [1, 0, 3],
  [2, 3, 0],
]

describe('refused', () => {
  test('a non-square matrix', () => {
    expect(() => evaluate([[0, 1, 2], [1, 0], [2, 3, 0]], ['A', 'A', 'B'])).toThrow(/row 1 has 2 values; expected 3 \(the matrix must be square/)
    expect(() => evaluate(new Float32Array(8), ['A', 'A', 'B'])).toThrow(/8 values; expected 3 x 3 = 9/)
  })
  test('a label count that does not match', () => {
    expect(() => evaluate(ok, ['A', 'A'])).toThrow(/3 rows; expected 2/)
    expect(() => evaluate(new Float32Array(9), ['A', 'A'])).toThrow(/expected 2 x 2 = 4/)
  })
  test('NaN and -Infinity, naming the cell', () => {
    const bad = ok.map((r) => [...r])
    bad[1][2] = NaN
    expect(() => evaluate(bad, ['A', 'A', 'B'])).toThrow(/row 1, column 2 is NaN/)
    const flat = new Float32Array(ok.flat())
    flat[2 * 3 + 0] = -Infinity
    expect(() => evaluate(flat, ['A', 'A', 'B'])).toThrow(/row 2, column 0 is -Infinity/)
    expect(() => evaluate(bad, ['A', 'A', 'B'])).toThrow(EvalInputError)
  })
  test('a single item, and none', () => {
    expect(() => evaluate([[0]], ['A'])).toThrow(/at least 2 items to evaluate, got 1/)
    expect(() => evaluate([], [])).toThrow(/at least 2 items to evaluate, got 0/)
  })
  test('bad labels', () => {
    expect(() => evaluate(ok, ['A', '', 'B'])).toThrow(/labels\[1\] is an empty string/)
    expect(() => evaluate(ok, ['A', NaN, 'B'])).toThrow(/labels\[1\] must be/)
  })
  test('not a matrix at all', () => {
    expect(() => evaluate('x' as unknown as number[][], ['A', 'B'])).toThrow(/must be a Float32Array/)
  })
  test('no query with a relevant item', () => {
    expect(() => rankingMetrics(rankSquare(ok, ['A', 'B', 'C']))).toThrow(/none of the 3 queries has a relevant candidate/)
  })
})

test('the diagonal is never read: NaN there is fine', () => {
  const d = ok.map((r, i) => r.map((x, j) => (i === j ? NaN : x)))
  expect(evaluate(d, ['A', 'A', 'B']).map).toBe(1)
})
