// Agreement between predicted clusters and known works (src-main/eval/agreement*.ts): small cases
// worked by hand, then every measure against values computed by scikit-learn and numpy
// (scripts/agreement-fixtures.py -> test/fixtures/eval/agreement.json) to 1e-9.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import {
  adjustedMutualInformation,
  adjustedRandIndex,
  agreement,
  bcubedScores,
  completeness,
  expectedMutualInformation,
  homogeneity,
  logFactorials,
  pairwiseScores,
  vMeasure,
  type Agreement,
} from '../../src-main/eval/agreement'
import type { WorkLabel } from '../../src-main/eval/input'

describe('by hand: works A A A B B C, clusters 1 1 2 2 2 3', () => {
  // Contingency: A -> {1: 2, 2: 1}, B -> {2: 2}, C -> {3: 1}; work sizes a = 3 2 1, cluster sizes b = 2 3 1, N = 6.
  const truth = ['A', 'A', 'A', 'B', 'B', 'C']
  const predicted = [1, 1, 2, 2, 2, 3]

  test('adjusted Rand index', () => {
    // Σ C(n_ij, 2) = C(2,2) + C(2,2) = 2; Σ C(a, 2) = 3 + 1 = 4; Σ C(b, 2) = 1 + 3 = 4; C(6, 2) = 15.
    // E = 4 · 4 / 15 = 16/15; max = (4 + 4) / 2 = 4; ARI = (2 − 16/15) / (4 − 16/15) = 14/44 = 7/22.
    expect(adjustedRandIndex(truth, predicted)).toBeCloseTo(7 / 22, 14)
  })

  test('pairwise precision and recall', () => {
    // Claimed pairs (same cluster): {0,1}, {2,3}, {2,4}, {3,4} = 4; true pairs (same work):
    // {0,1}, {0,2}, {1,2}, {3,4} = 4; both: {0,1}, {3,4} = 2. P = R = F1 = 2/4.
    expect(pairwiseScores(truth, predicted)).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5 })
  })

  test('B-cubed precision and recall', () => {
    // Per item, (same cluster & work) / cluster size and / work size:
    //   0, 1: 2/2, 2/3   2: 1/3, 1/3   3, 4: 2/3, 2/2   5: 1/1, 1/1
    // P = (1 + 1 + 1/3 + 2/3 + 2/3 + 1) / 6 = (14/3) / 6 = 7/9; R = (2/3 + 2/3 + 1/3 + 1 + 1 + 1) / 6 = 7/9.
    const b = bcubedScores(truth, predicted)
    expect(b.precision).toBeCloseTo(7 / 9, 14)
    expect(b.recall).toBeCloseTo(7 / 9, 14)
    expect(b.f1).toBeCloseTo(7 / 9, 14)
  })

  test('homogeneity, completeness, V-measure', () => {
    // MI = (2/6) log(6·2/(3·2)) + (1/6) log(6·1/(3·3)) + (2/6) log(6·2/(2·3)) + (1/6) log(6·1/(1·1))
    //    = (1/3) log 2 + (1/6) log(2/3) + (1/3) log 2 + (1/6) log 6 = log 2.
    // H(works) = (1/2) log 2 + (1/3) log 3 + (1/6) log 6 = (2/3) log 2 + (1/2) log 3; H(clusters) is
    // the same (sizes 2 3 1). h = c = V = log 2 / ((2/3) log 2 + (1/2) log 3).
    const expected = Math.log(2) / ((2 / 3) * Math.log(2) + 0.5 * Math.log(3))
    expect(homogeneity(truth, predicted)).toBeCloseTo(expected, 14)
    expect(completeness(truth, predicted)).toBeCloseTo(expected, 14)
    expect(vMeasure(truth, predicted)).toBeCloseTo(expected, 14)
  })
})

describe('by hand: works A A B, clusters 1 2 2 (one A put with B)', () => {
  // Under random relabelling (the model of both adjusted indexes) the lone cluster-1 item is B
  // with probability 1/3 (then the partitions are identical: MI = H = H(1/3, 2/3)) and an A with
  // probability 2/3 (then MI_m = (1/3)[log(3/2) + log(3/4) + log(3/2)] = (1/3) log(27/16)).
  const truth = ['A', 'A', 'B']
  const predicted = [1, 2, 2]
  const h = -((1 / 3) * Math.log(1 / 3) + (2 / 3) * Math.log(2 / 3))
  const mixed = Math.log(27 / 16) / 3

  test('expected mutual information is the mean over the three relabellings', () => {
    // Eq. 24A summed by hand: (a, b) = (2, 1): (2/9) log(3/2); (2, 2): (2/9) log(3/4) + (2/9) log(3/2);
    // (1, 1): (1/9) log 3; (1, 2): (2/9) log(3/2). Equal to H/3 + 2 MI_m/3.
    const byHand = (2 / 9) * (3 * Math.log(1.5) + Math.log(0.75)) + Math.log(3) / 9
    expect(byHand).toBeCloseTo(h / 3 + (2 * mixed) / 3, 14)
    expect(expectedMutualInformation([2, 1], [1, 2], 3)).toBeCloseTo(byHand, 14)
  })

  test('AMI and ARI are both -1/2', () => {
    // AMI = (MI_m − E) / (H − E) with E = H/3 + 2 MI_m/3: (MI_m − H)/3 over 2(H − MI_m)/3 = −1/2.
    expect(adjustedMutualInformation(truth, predicted)).toBeCloseTo(-0.5, 14)
    // Σ C(n_ij, 2) = 0; Σ C(a, 2) = 1; Σ C(b, 2) = 1; E = 1/3; ARI = (0 − 1/3) / (1 − 1/3) = −1/2.
    expect(adjustedRandIndex(truth, predicted)).toBeCloseTo(-0.5, 14)
  })
})

describe('edge cases', () => {
  test('identical partitions score 1, also where the adjusted formulas are 0/0', () => {
    for (const labels of [[0, 1, 2, 3], [5, 5, 5, 5], ['x', 'y', 'x', 'z']]) {
      const a = agreement(labels, labels.map((l) => `c${l}`))
      expect([a.ari, a.ami, a.vMeasure, a.homogeneity, a.completeness, a.bcubed.f1]).toEqual([1, 1, 1, 1, 1, 1])
      expect(a.pairwise.f1).toBe(1)
    }
  })

  test('nothing claimed: pairwise precision 1, recall 0; nothing to find: recall 1', () => {
    expect(pairwiseScores(['A', 'A', 'B'], [1, 2, 3])).toEqual({ precision: 1, recall: 0, f1: 0 })
    expect(pairwiseScores([1, 2, 3], [1, 1, 2])).toEqual({ precision: 0, recall: 1, f1: 0 })
  })

  test('log-factorials: exact products to 18!, Stirling above, within 1e-13 of a sum of logs', () => {
    const table = logFactorials(3000)
    let sum = 0
    for (let k = 1; k <= 3000; k++) {
      sum += Math.log(k)
      expect(Math.abs(table[k] - sum)).toBeLessThan(1e-13 * Math.max(1, sum))
    }
    expect(table[0]).toBe(0)
  })

  test('bad input is refused with a message', () => {
    expect(() => agreement([1, 2], [1])).toThrow(/truth has 2 labels and predicted 1/)
    expect(() => agreement([1], [1])).toThrow(/at least 2 items/)
    expect(() => agreement([1, Number.NaN], [1, 2])).toThrow(/truth\[1\]/)
    expect(() => adjustedRandIndex(['a', ''], [1, 2])).toThrow(/truth\[1\] is an empty string/)
  })
})

interface Case {
  name: string
  note: string
  truth: WorkLabel[]
  predicted: WorkLabel[]
  expected: Agreement
}
const fixture = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/eval/agreement.json'), 'utf8')) as { cases: Case[] }

describe('against scikit-learn and numpy (test/fixtures/eval/agreement.json)', () => {
  test('the fixture has the cases the brief names', () => {
    expect(fixture.cases.map((c) => c.name)).toEqual(expect.arrayContaining(['singletons', 'one_cluster', 'random_2000']))
    expect(fixture.cases.find((c) => c.name === 'random_2000')!.truth).toHaveLength(2000)
  })

  test.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const got = agreement(c.truth, c.predicted)
    const flat = (a: Agreement) => [a.ari, a.ami, a.vMeasure, a.homogeneity, a.completeness, a.pairwise.precision, a.pairwise.recall, a.pairwise.f1, a.bcubed.precision, a.bcubed.recall, a.bcubed.f1]
    const want = flat(c.expected)
    flat(got).forEach((x, k) => expect(Math.abs(x - want[k]), `${c.name}: measure ${k} is ${x}, sklearn ${want[k]}`).toBeLessThan(1e-9))
  })
})
