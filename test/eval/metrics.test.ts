// Ranking metrics (MAP, MRR, MR1, P@10, Top-1, Top-10) on hand-computed cases, tie-breaking, the
// excluded-query count and queries x candidates rankings.
import { describe, expect, test } from 'vitest'
import { evaluate, iterateSquare, queryScores, rankingMetrics, rankOrder, rankQueries, rankSquare } from '../../src-main/eval'
import { blocks, HAND, HAND_LABELS, symmetric } from './cases'

describe('hand-computed: 5 items in 2 works plus a single', () => {
  // Labels A A A B B C (items 0..5). Rankings (candidate(distance)), * = relevant:
  //   q0 (A): 1(1)* 3(2) 2(4)* 4(6) 5(8)     relevant at ranks 1, 3: AP = (1/1 + 2/3)/2 = 5/6, first 1, P@10 = 2/10
  //   q1 (A): 0(1)* 2(3)* 3(5) 4(7) 5(9)     ranks 1, 2: AP = (1 + 1)/2 = 1, first 1, P@10 = 2/10
  //   q2 (A): 1(3)* 0(4)* 3(10) 4(11) 5(12)  ranks 1, 2: AP = 1, first 1, P@10 = 2/10
  //   q3 (B): 0(2) 1(5) 2(10) 4(13)* 5(14)   rank 4: AP = 1/4, first 4, RR = 1/4, P@10 = 1/10
  //   q4 (B): 0(6) 1(7) 2(11) 3(13)* 5(15)   rank 4: AP = 1/4, first 4, RR = 1/4, P@10 = 1/10
  //   q5 (C): no relevant item -> excluded from every metric.
  // Over the 5 queries:
  //   MAP  = (5/6 + 1 + 1 + 1/4 + 1/4) / 5 = (10/3) / 5 = 2/3
  //   MRR  = (1 + 1 + 1 + 1/4 + 1/4) / 5 = 3.5 / 5 = 0.7
  //   MR1  = (1 + 1 + 1 + 4 + 4) / 5 = 11/5 = 2.2
  //   P@10 = (0.2 * 3 + 0.1 * 2) / 5 = 0.16
  //   Top-1 = 3 (q0, q1, q2), Top-10 = 5
  const rankings = rankSquare(HAND, HAND_LABELS)

  test('rankings exclude the query and sort by distance', () => {
    expect(rankings.map((r) => r.candidates)).toEqual([
      [1, 3, 2, 4, 5],
      [0, 2, 3, 4, 5],
      [1, 0, 3, 4, 5],
      [0, 1, 2, 4, 5],
      [0, 1, 2, 3, 5],
      [0, 1, 2, 3, 4],
    ])
    expect(rankings[0].relevant).toEqual([true, false, true, false, false])
    expect(rankings[5].relevant).toEqual([false, false, false, false, false])
  })

  test('per query', () => {
    const s = rankings.map(queryScores)
    expect(s[0]).toMatchObject({ firstRank: 1, rr: 1, pAt10: 0.2 })
    expect(s[0]!.ap).toBeCloseTo(5 / 6, 12)
    expect(s[1]).toMatchObject({ ap: 1, firstRank: 1 })
    expect(s[2]).toMatchObject({ ap: 1, firstRank: 1 })
    expect(s[3]).toMatchObject({ ap: 0.25, firstRank: 4, rr: 0.25, pAt10: 0.1 })
    expect(s[4]).toMatchObject({ ap: 0.25, firstRank: 4, rr: 0.25, pAt10: 0.1 })
    expect(s[5]).toBeNull()
  })

  test('means, counts and exclusions', () => {
    const m = rankingMetrics(rankings)
    expect(m.queries).toBe(5)
    expect(m.excluded).toBe(1)
    expect(m.map).toBeCloseTo(2 / 3, 12)
    expect(m.mrr).toBeCloseTo(0.7, 12)
    expect(m.mr1).toBeCloseTo(2.2, 12)
    expect(m.pAt10).toBeCloseTo(0.16, 12)
    expect(m.top1).toBe(3)
    expect(m.top10).toBe(5)
    expect(m.mdr).toBe(1) // first ranks 1 1 1 4 4
    const e = evaluate(HAND, HAND_LABELS)
    expect(e).toMatchObject({ queries: 5, excluded: 1, top1: 3, top10: 5 })
    expect(e.map).toBeCloseTo(2 / 3, 12)
  })

  test('lazy rankings equal the eager ones; input errors come before the first ranking', () => {
    expect([...iterateSquare(HAND, HAND_LABELS)]).toEqual(rankings)
    expect(() => iterateSquare([[0]], ['A'])).toThrow(/at least 2 items/)
  })

  test('a flat Float32Array gives the same result as rows', () => {
    const flat = new Float32Array(HAND.flat())
    expect(evaluate(flat, HAND_LABELS)).toEqual(evaluate(HAND, HAND_LABELS))
  })
})

test('perfect ranking: MAP = MRR = 1, MR1 = 1, every query top-1', () => {
  const labels = ['A', 'A', 'A', 'B', 'B', 'C', 'C']
  const e = evaluate(blocks(labels, 1, 2), labels)
  expect(e).toMatchObject({ queries: 7, excluded: 0, map: 1, mrr: 1, mr1: 1, top1: 7, top10: 7, auc: 1 })
  // P@10 divides by 10 whatever the number of candidates: 2 queries with 2 relevant, ... -> (3*2 + 4*1)/10/7.
  expect(e.pAt10).toBeCloseTo((3 * 2 + 4 * 1) / 10 / 7, 12)
})

test('reversed ranking: every relevant item last', () => {
  // Labels A A B B, within-work distance 2, across 1. q0 ranks 2(1) 3(1) 1(2)*: the relevant item
  // is third for every query: AP = RR = 1/3, first rank 3. Top-1 = 0, Top-10 = 4.
  const labels = ['A', 'A', 'B', 'B']
  const e = evaluate(blocks(labels, 2, 1), labels)
  expect(e.map).toBeCloseTo(1 / 3, 12)
  expect(e.mrr).toBeCloseTo(1 / 3, 12)
  expect(e).toMatchObject({ mr1: 3, top1: 0, top10: 4, auc: 0, queries: 4, excluded: 0 })
})

describe('ties are broken by candidate index, ascending', () => {
  test('a lower-index non-relevant candidate wins a tie', () => {
    // Labels A B A; d(0,1) = d(0,2) = 1, d(1,2) = 3. q0: 1(1) 2(1)* -> relevant at rank 2.
    const d = symmetric(3, { '0,1': 1, '0,2': 1, '1,2': 3 })
    const r = rankSquare(d, ['A', 'B', 'A'])
    expect(r[0].candidates).toEqual([1, 2])
    expect(queryScores(r[0])).toMatchObject({ firstRank: 2, ap: 0.5 })
  })
  test('a lower-index relevant candidate wins a tie', () => {
    // Labels A A B, same distances: q0: 1(1)* 2(1) -> relevant at rank 1.
    const d = symmetric(3, { '0,1': 1, '0,2': 1, '1,2': 3 })
    const r = rankSquare(d, ['A', 'A', 'B'])
    expect(queryScores(r[0])).toMatchObject({ firstRank: 1, ap: 1 })
  })
  test('+Infinity ranks last, ties among Infinity by index', () => {
    const d = [
      [0, Infinity, Infinity, 5],
      [Infinity, 0, 1, 1],
      [Infinity, 1, 0, 1],
      [5, 1, 1, 0],
    ]
    expect(rankSquare(d, [1, 1, 2, 2])[0].candidates).toEqual([3, 1, 2])
  })
})

describe('rankOrder: the one ranking rule (metrics, stored top-k, browsed rankings)', () => {
  test('by distance, ties by column, without the skipped column', () => {
    // Columns 0..5: 3, 1, 1, Inf, 0, 1. Without column 4: 1(1) 2(1) 5(1) 0(3) 3(Inf).
    const row = [3, 1, 1, Infinity, 0, 1]
    expect(rankOrder(row, 0, 6, 4)).toEqual([1, 2, 5, 0, 3])
    expect(rankOrder(row, 0, 6)).toEqual([4, 1, 2, 5, 0, 3])
    expect(rankOrder(row, 0, 6, null)).toEqual([4, 1, 2, 5, 0, 3])
  })
  test('a row of a flat matrix: indices are relative to the offset', () => {
    // Row 1 of a 2 x 3 flat matrix is [9, 7, 8] -> columns 1, 2, 0; skipping column 1 -> 2, 0.
    const flat = new Float32Array([1, 2, 3, 9, 7, 8])
    expect(rankOrder(flat, 3, 3)).toEqual([1, 2, 0])
    expect(rankOrder(flat, 3, 3, 1)).toEqual([2, 0])
  })
  test('NaN ranks after +Infinity, so the order is total', () => {
    // A plain "a - b" comparator would leave NaN wherever the sort happened to put it.
    expect(rankOrder([NaN, Infinity, 2, NaN, 1], 0, 5)).toEqual([4, 2, 1, 0, 3])
  })
  test('refuses a row outside the array', () => {
    expect(() => rankOrder([1, 2, 3], 2, 2)).toThrow(/row \[2, 4\) is not within the 3 distances/)
    expect(() => rankOrder([1, 2, 3], -1, 2)).toThrow(/not within/)
    expect(() => rankOrder([1, 2, 3], 0.5, 2)).toThrow(/not within/)
  })
})

test('P@10 and Top-10 count only the first 10', () => {
  // 12 items: query 0 and item 11 are work A, the rest singles; item 11 is farthest (rank 11).
  const labels = ['A', ...Array.from({ length: 10 }, (_, k) => `S${k}`), 'A']
  const d = labels.map((_, i) => labels.map((_, j) => (i === j ? 0 : Math.min(i, j) === 0 ? Math.max(i, j) : 50)))
  const m = rankingMetrics(rankSquare(d, labels))
  // q0: relevant at rank 11 (AP = 1/11); q11: distance 11 to item 0, 50 to the rest -> rank 1.
  expect(m).toMatchObject({ queries: 2, excluded: 10, top1: 1, top10: 1, mr1: 6, mdr: 6 })
  expect(m.pAt10).toBeCloseTo((0 + 0.1) / 2, 12)
  expect(m.map).toBeCloseTo((1 / 11 + 1) / 2, 12)
})

describe('queries x candidates', () => {
  test('selfIndex removes the query from its own ranking', () => {
    // Candidates c0..c3 of works X X Y Y; query 0 is c0 itself, query 1 is outside (work Y).
    const d = [
      [0, 3, 1, 2], // q0: c0 excluded; c2(1) c3(2) c1(3)* -> first rank 3
      [4, 3, 2, 1], // q1: c3(1)* c2(2)* c1(3) c0(4) -> AP 1
    ]
    const r = rankQueries(d, ['X', 'Y'], ['X', 'X', 'Y', 'Y'], [0, null])
    expect(r[0].candidates).toEqual([2, 3, 1])
    expect(r[1].candidates).toEqual([3, 2, 1, 0])
    const m = rankingMetrics(r)
    expect(m).toMatchObject({ queries: 2, excluded: 0, mr1: 2, top1: 1, top10: 2 })
    expect(m.map).toBeCloseTo((1 / 3 + 1) / 2, 12)
  })
  test('bad selfIndex and shapes', () => {
    expect(() => rankQueries([[0, 1]], ['X'], ['X', 'Y'], [1])).toThrow(/selfIndex\[0\] = 1 names a candidate of work Y/)
    expect(() => rankQueries([[0, 1]], ['X'], ['X', 'Y'], [0, 1])).toThrow(/one per query/)
    expect(() => rankQueries([[0, 1, 2]], ['X'], ['X', 'Y'])).toThrow(/row 0 has 3 values; expected 2/)
    expect(() => rankQueries(new Float32Array(3), ['X', 'Y'], ['X', 'Y'])).toThrow(/expected 2 x 2 = 4/)
  })
})
