// Hand-built distance matrices for the evaluation tests, shared by the ranking and ROC tests.
import type { WorkLabel } from '../../src-main/eval'

/** A symmetric n x n matrix from the upper triangle, given as { 'i,j': d } with i < j; diagonal 0. */
export function symmetric(n: number, upper: Record<string, number>): number[][] {
  const m = Array.from({ length: n }, () => new Array<number>(n).fill(0))
  for (const [key, d] of Object.entries(upper)) {
    const [i, j] = key.split(',').map(Number)
    m[i][j] = d
    m[j][i] = d
  }
  return m
}

/** Two-valued matrix: `within` between items of one work, `across` between works. */
export function blocks(labels: readonly WorkLabel[], within: number, across: number): number[][] {
  return labels.map((a, i) => labels.map((b, j) => (i === j ? 0 : a === b ? within : across)))
}

// Five items in two works (A: 0, 1, 2; B: 3, 4) plus a single (C: 5). Every distance distinct.
export const HAND_LABELS: WorkLabel[] = ['A', 'A', 'A', 'B', 'B', 'C']
export const HAND = symmetric(6, {
  '0,1': 1, '0,2': 4, '0,3': 2, '0,4': 6, '0,5': 8,
  '1,2': 3, '1,3': 5, '1,4': 7, '1,5': 9,
  '2,3': 10, '2,4': 11, '2,5': 12,
  '3,4': 13, '3,5': 14,
  '4,5': 15,
})
