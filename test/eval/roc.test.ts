// Pairwise verification: version / non-version distances, the ROC curve and AUC (ties), the
// equal error rate and the maximum-F1 threshold on hand-computed cases, and the distributions.
import { describe, expect, test } from 'vitest'
import { auc, cellPairs, equalErrorRate, evaluate, maxF1, pairDistances, rocCurve, rocSample, summarize } from '../../src-main/eval'
import { rng } from '../similarity/helpers'
import { blocks, HAND, HAND_LABELS, symmetric } from './cases'

describe('hand-computed: the 5 + 1 item case (labels A A A B B C)', () => {
  // Version pairs: (0,1)=1, (1,2)=3, (0,2)=4, (3,4)=13             -> V = 1 3 4 13 (4 pairs)
  // Non-version pairs (the other 11): 2 5 6 7 8 9 10 11 12 14 15    -> N (11 pairs)
  const p = pairDistances(HAND, HAND_LABELS)

  test('each unordered pair once, split by work', () => {
    expect([...p.versions]).toEqual([1, 3, 4, 13])
    expect([...p.nonVersions]).toEqual([2, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15])
  })

  test('AUC', () => {
    // Mann–Whitney: non-version pairs farther than each version pair: v=1: 11, v=3: 10, v=4: 10,
    // v=13: 2 (14, 15). AUC = 33 / (4 * 11) = 0.75; the trapezoid gives the same.
    expect(auc(p)).toBeCloseTo(0.75, 12)
    const c = rocCurve(p)
    expect(c[0]).toMatchObject({ threshold: -Infinity, fpr: 0, tpr: 0 })
    expect(c.at(-1)).toMatchObject({ threshold: 15, fpr: 1, tpr: 1 })
    expect(c.length).toBe(1 + 15)
  })

  test('equal error rate', () => {
    // distance <= t -> versions. FPR = fp/11, FNR = 1 - tp/4:
    //   t=4: tp 3, fp 1: FPR 0.091 FNR 0.25 (gap 0.159)
    //   t=5: tp 3, fp 2: FPR 0.182 FNR 0.25 (gap 0.068)
    //   t=6: tp 3, fp 3: FPR 0.273 FNR 0.25 (gap 0.023)  <- closest
    //   t=7: tp 3, fp 4: FPR 0.364 FNR 0.25 (gap 0.114)
    // rate = (3/11 + 1/4) / 2 = 23/88.
    const e = equalErrorRate(p)
    expect(e.threshold).toBe(6)
    expect(e.rate).toBeCloseTo(23 / 88, 12)
    expect(e.fpr).toBeCloseTo(3 / 11, 12)
    expect(e.fnr).toBeCloseTo(0.25, 12)
  })

  test('maximum F1', () => {
    // F1 = 2TP / (2TP + FP + FN):  t=1: 2/5 = 0.4; t=2: 2/6; t=3: 4/7; t=4: 6/8 = 0.75;
    // t=5: 6/9; t=6: 6/10; ... t=13: 8/17. Best at t=4: precision 3/4, recall 3/4.
    expect(maxF1(p)).toEqual({ threshold: 4, f1: 0.75, precision: 0.75, recall: 0.75 })
    const e = evaluate(HAND, HAND_LABELS)
    expect(e.maxF1).toEqual({ threshold: 4, f1: 0.75, precision: 0.75, recall: 0.75 })
    expect(e.eer?.threshold).toBe(6)
    expect(e.auc).toBeCloseTo(0.75, 12)
  })

  test('distributions', () => {
    // V = 1 3 4 13: mean 21/4; deviations -4.25 -2.25 -1.25 7.75, squares sum 84.75 -> std sqrt(84.75/4).
    // Quartiles by linear interpolation: q1 at position 0.75 -> 1 + 0.75 * 2 = 2.5; median 3.5;
    // q3 at position 2.25 -> 4 + 0.25 * 9 = 6.25.
    const s = evaluate(HAND, HAND_LABELS).distributions.versions!
    expect(s).toMatchObject({ count: 4, infinite: 0, mean: 5.25, min: 1, q1: 2.5, median: 3.5, q3: 6.25, max: 13 })
    expect(s.std).toBeCloseTo(Math.sqrt(84.75 / 4), 12)
    expect(evaluate(HAND, HAND_LABELS).distributions.nonVersions).toMatchObject({ count: 11, min: 2, median: 9, max: 15 })
  })
})

test('perfect separation: AUC 1, EER 0, F1 1 at the largest version distance', () => {
  const labels = ['A', 'A', 'B', 'B', 'B']
  const e = evaluate(blocks(labels, 1, 2), labels)
  expect(e.auc).toBe(1)
  expect(e.eer).toEqual({ threshold: 1, rate: 0 })
  expect(e.maxF1).toEqual({ threshold: 1, f1: 1, precision: 1, recall: 1 })
})

test('reversed: AUC 0, EER 1', () => {
  // Labels A A B B, within 2, across 1: V = 2 2, N = 1 1 1 1.
  // t=1: tp 0, fp 4: FPR 1, FNR 1 (gap 0) -> EER threshold 1, rate 1.
  // F1: t=1: 0; t=2: 2*2 / (4 + 4 + 0) = 0.5, precision 2/6, recall 1.
  const labels = ['A', 'A', 'B', 'B']
  const e = evaluate(blocks(labels, 2, 1), labels)
  expect(e.auc).toBe(0)
  expect(e.eer).toEqual({ threshold: 1, rate: 1 })
  expect(e.maxF1.threshold).toBe(2)
  expect(e.maxF1.f1).toBeCloseTo(0.5, 12)
  expect(e.maxF1.precision).toBeCloseTo(1 / 3, 12)
  expect(e.maxF1.recall).toBe(1)
})

describe('ties', () => {
  test('a tie between a version and a non-version pair counts one half', () => {
    // Labels A A B: V = d(0,1) = 1; N = d(0,2) = 1, d(1,2) = 2.
    // Curve: (0,0) -> t=1: (FPR 1/2, TPR 1) -> t=2: (1, 1). Area = 0.5 * 1/2 + 0.5 * 1 = 0.75,
    // = Mann–Whitney (1/2 for the tie + 1 for v < 2) / 2.
    const p = pairDistances(symmetric(3, { '0,1': 1, '0,2': 1, '1,2': 2 }), ['A', 'A', 'B'])
    expect(rocCurve(p).map((q) => [q.fpr, q.tpr])).toEqual([[0, 0], [0.5, 1], [1, 1]])
    expect(auc(p)).toBe(0.75)
  })
  test('everything tied: AUC 1/2', () => {
    const labels = ['A', 'A', 'B', 'B', 'C']
    expect(evaluate(blocks(labels, 1, 1), labels).auc).toBe(0.5)
  })
  test('AUC equals the Mann–Whitney statistic on random quantised distances', () => {
    const rand = rng(7)
    const n = 30
    const labels = Array.from({ length: n }, (_, k) => k % 7)
    const d = symmetric(n, {})
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) d[i][j] = d[j][i] = Math.floor(rand() * 6) / 2
    const p = pairDistances(d, labels)
    let wins = 0
    for (const v of p.versions) for (const x of p.nonVersions) wins += v < x ? 1 : v === x ? 0.5 : 0
    expect(auc(p)).toBeCloseTo(wins / (p.versions.length * p.nonVersions.length), 12)
  })
})

test('an asymmetric matrix: the pair distance is the mean of both directions', () => {
  const d = [
    [0, 1, 4],
    [3, 0, 5],
    [6, 7, 0],
  ]
  const p = pairDistances(d, ['A', 'A', 'B'])
  expect([...p.versions]).toEqual([2])
  expect([...p.nonVersions]).toEqual([5, 6])
})

describe('cellPairs: queries x candidates, every cell one pair', () => {
  // Queries of works X, Y; candidates X X Y Z. Version cells: (0,0)=4 (0,1)=1 (1,2)=6;
  // the other five are non-version pairs: 2 (0,2), 9 (0,3), 3 (1,0), 5 (1,1), Inf (1,3).
  const d = [
    [4, 1, 2, 9],
    [3, 5, 6, Infinity],
  ]
  test('split by work, one direction only, sorted', () => {
    const p = cellPairs(d, ['X', 'Y'], ['X', 'X', 'Y', 'Z'])
    expect([...p.versions]).toEqual([1, 4, 6])
    expect([...p.nonVersions]).toEqual([2, 3, 5, 9, Infinity])
    // Mann–Whitney: non-versions farther than v=1: 5, v=4: 3 (5, 9, Inf), v=6: 2 -> 10 / 15.
    expect(auc(p)).toBeCloseTo(10 / 15, 12)
  })
  test('a flat Float32Array gives the same pairs', () => {
    const p = cellPairs(new Float32Array(d.flat()), ['X', 'Y'], ['X', 'X', 'Y', 'Z'])
    expect([...p.versions]).toEqual([1, 4, 6])
    expect([...p.nonVersions]).toEqual([2, 3, 5, 9, Infinity])
  })
  test('no cell is skipped: a query among the candidates pairs with itself', () => {
    const p = cellPairs([[0, 2]], ['X'], ['X', 'X'])
    expect([...p.versions]).toEqual([0, 2])
    expect(p.nonVersions.length).toBe(0)
  })
  test('refuses bad shapes, cells and labels', () => {
    expect(() => cellPairs([[1, 2, 3]], ['X'], ['X', 'Y'])).toThrow(/row 0 has 3 values; expected 2/)
    expect(() => cellPairs(new Float32Array(3), ['X', 'Y'], ['X', 'Y'])).toThrow(/expected 2 x 2 = 4/)
    expect(() => cellPairs([[1, NaN]], ['X'], ['X', 'Y'])).toThrow(/row 0, column 1 is NaN/)
    expect(() => cellPairs([[1, 2]], ['X'], ['X', ''])).toThrow(/candidateLabels\[1\] is an empty string/)
    expect(() => cellPairs([], [], ['X'])).toThrow(/at least one query and one candidate/)
  })
})

test('summaries leave +Infinity out and count it', () => {
  expect(summarize(new Float64Array([1, 3, Infinity]))).toMatchObject({ count: 3, infinite: 1, mean: 2, max: 3 })
  expect(summarize(new Float64Array([Infinity]))).toBeNull()
  expect(summarize(new Float64Array([]))).toBeNull()
})

describe('undefined cases', () => {
  test('no non-version pairs: AUC and EER null with a reason, ranking metrics and max-F1 still given', () => {
    const labels = ['A', 'A', 'A']
    const e = evaluate(blocks(labels, 1, 1), labels)
    expect(e.auc).toBeNull()
    expect(e.eer).toBeNull()
    expect(e.undefinedReason).toMatch(/no non-version pairs/)
    expect(e.map).toBe(1)
    expect(e.maxF1).toEqual({ threshold: 1, f1: 1, precision: 1, recall: 1 })
    expect(e.distributions.nonVersions).toBeNull()
    expect(() => auc(pairDistances(blocks(labels, 1, 1), labels))).toThrow(/no non-version pairs/)
  })
  test('no version pairs: every function says why', () => {
    const labels = ['A', 'B', 'C']
    const p = pairDistances(blocks(labels, 1, 2), labels)
    expect(() => auc(p)).toThrow(/no version pairs/)
    expect(() => equalErrorRate(p)).toThrow(/no version pairs/)
    expect(() => maxF1(p)).toThrow(/no version pairs/)
    expect(() => evaluate(blocks(labels, 1, 2), labels)).toThrow(/no two of the 3 items share a work label/)
  })
})

describe('rocSample', () => {
  test('keeps the corners of a perfect separation and ends at (1, 1)', () => {
    // versions 1, 2; non-versions 3, 4: the curve climbs to (0, 1) and then runs right.
    const p = { versions: Float64Array.from([1, 2]), nonVersions: Float64Array.from([3, 4]) }
    expect(rocSample(p, 2)).toEqual([
      [0, 0, -Infinity],
      [0, 0.5, 1],
      [0, 1, 2],
      [0.5, 1, 3],
      [1, 1, 4],
    ])
  })

  test('thins a long curve to about `steps` points per axis', () => {
    const versions = Float64Array.from({ length: 1000 }, (_, k) => k / 1000)
    const nonVersions = Float64Array.from({ length: 1000 }, (_, k) => 0.5 + k / 1000)
    const sample = rocSample({ versions, nonVersions }, 10)
    expect(sample.length).toBeLessThanOrEqual(22)
    expect(sample.at(-1)!.slice(0, 2)).toEqual([1, 1])
    // Monotone in both rates.
    for (let k = 1; k < sample.length; k++) {
      expect(sample[k][0]).toBeGreaterThanOrEqual(sample[k - 1][0])
      expect(sample[k][1]).toBeGreaterThanOrEqual(sample[k - 1][1])
    }
  })
})
