// Our metrics against stored reference values computed once by an independent implementation
// (scikit-learn 1.2 and numpy; scripts/eval-fixtures.py, whose header gives the command and the
// seed), in mir_eval's manner: the fixture is the reference, asserted to 1e-12.
//
// The definitions both sides implement:
// - Average precision: the mean, over the ranks r of the relevant candidates, of precision at r
//   (Manning, Raghavan & Schütze, "Introduction to Information Retrieval", 2008, section 8.4);
//   sklearn's average_precision_score, sum over thresholds of (R_n - R_{n-1}) P_n, is the same
//   number when no two scores tie, which is how the generator calls it (scores = minus the
//   position in our rank order), because our rank order breaks distance ties by candidate index
//   (src-main/eval/rankings.ts). With the raw distances as scores sklearn would retrieve a tied
//   block at once; that value is stored as map_ties_grouped and is NOT ours.
// - MRR, MR1, P@10, Top-k over the queries with a relevant candidate, as the Da-TACOS / acoss
//   protocol (Yesiler et al., ISMIR 2019) leaves the others out; P@10 always divides by 10.
// - ROC AUC: the trapezoid area under the curve whose thresholds are the distinct pair distances
//   (Fawcett, "An introduction to ROC analysis", Pattern Recognition Letters 27, 2006), which
//   credits a tied version / non-version pair one half, as the Mann–Whitney statistic does
//   (Hanley & McNeil, Radiology 143, 1982); sklearn's roc_auc_score does the same.
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { auc, cellPairs, evaluate, pairDistances, rankingMetrics, rankQueries, rankSquare, type RankingMetrics, type WorkLabel } from '../../src-main/eval'

const TOLERANCE = 1e-12

type Cell = number | 'Infinity'
interface Expected {
  queries: number
  excluded: number
  map: number
  mrr: number
  mr1: number
  pAt10: number
  top1: number
  top10: number
  map_ties_grouped: number
  perQuery: Array<{ ap: number; firstRank: number; pAt10: number } | null>
  auc?: number | null
  versionPairs?: number
  nonVersionPairs?: number
}
interface Case {
  name: string
  note: string
  kind: 'square' | 'rect'
  labels?: WorkLabel[]
  queryLabels?: WorkLabel[]
  candidateLabels?: WorkLabel[]
  selfIndex?: Array<number | null>
  distances: Cell[][]
  expected: Expected
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/eval/reference.json', import.meta.url), 'utf8')) as { cases: Case[] }
const decode = (rows: Cell[][]): number[][] => rows.map((row) => row.map((x) => (x === 'Infinity' ? Infinity : x)))

function near(actual: number, expected: number, what: string): void {
  expect(Math.abs(actual - expected), `${what}: ours ${actual}, reference ${expected}`).toBeLessThanOrEqual(TOLERANCE)
}

function checkRanking(m: RankingMetrics, e: Expected, name: string): void {
  expect({ queries: m.queries, excluded: m.excluded, top1: m.top1, top10: m.top10 }).toEqual({ queries: e.queries, excluded: e.excluded, top1: e.top1, top10: e.top10 })
  near(m.map, e.map, `${name} MAP`)
  near(m.mrr, e.mrr, `${name} MRR`)
  near(m.mr1, e.mr1, `${name} MR1`)
  near(m.pAt10, e.pAt10, `${name} P@10`)
  // Per query first: a wrong mean is then traced to the query that makes it.
  const ours = new Map(m.perQuery.map((s) => [s.query, s]))
  e.perQuery.forEach((ref, q) => {
    const s = ours.get(q)
    if (ref === null) {
      expect(s, `${name} query ${q} has no version and must be excluded`).toBeUndefined()
      return
    }
    expect(s, `${name} query ${q}`).toBeDefined()
    near(s!.ap, ref.ap, `${name} query ${q} AP`)
    expect(s!.firstRank, `${name} query ${q} first rank`).toBe(ref.firstRank)
    near(s!.pAt10, ref.pAt10, `${name} query ${q} P@10`)
  })
}

test('the fixture holds the cases the protocol has to get right', () => {
  const cases = fixture.cases
  expect(cases.some((c) => c.kind === 'square') && cases.some((c) => c.kind === 'rect')).toBe(true)
  expect(cases.some((c) => c.expected.excluded > 0)).toBe(true)
  expect(cases.some((c) => c.distances.some((row) => row.includes('Infinity')))).toBe(true)
  // Ties between versions and non-versions that move MAP, in most cases: otherwise the tie rule
  // would go untested.
  expect(cases.filter((c) => Math.abs(c.expected.map - c.expected.map_ties_grouped) > 1e-6).length).toBeGreaterThanOrEqual(cases.length - 1)
})

describe.each(fixture.cases.filter((c) => c.kind === 'square').map((c) => [c.name, c] as const))('square: %s', (name, c) => {
  const d = decode(c.distances)
  const labels = c.labels!

  test('ranking metrics', () => {
    checkRanking(rankingMetrics(rankSquare(d, labels)), c.expected, name)
  })

  test('ROC AUC over unordered pairs, each the mean of both directions', () => {
    const p = pairDistances(d, labels)
    expect([p.versions.length, p.nonVersions.length]).toEqual([c.expected.versionPairs, c.expected.nonVersionPairs])
    near(auc(p), c.expected.auc!, `${name} AUC`)
  })

  test('evaluate() on a flat Float64Array gives the same', () => {
    const e = evaluate(Float64Array.from(d.flat()), labels)
    near(e.map, c.expected.map, `${name} MAP`)
    near(e.mrr, c.expected.mrr, `${name} MRR`)
    near(e.pAt10, c.expected.pAt10, `${name} P@10`)
    near(e.auc!, c.expected.auc!, `${name} AUC`)
  })
})

describe.each(fixture.cases.filter((c) => c.kind === 'rect').map((c) => [c.name, c] as const))('queries x candidates: %s', (name, c) => {
  const d = decode(c.distances)

  test('ranking metrics', () => {
    checkRanking(rankingMetrics(rankQueries(d, c.queryLabels!, c.candidateLabels!, c.selfIndex)), c.expected, name)
  })

  // A case with selfIndex has no AUC in the fixture: cellPairs pairs every cell, the query with
  // itself included, which is a queries-against-another-set measure.
  if (c.expected.auc !== undefined) {
    test('ROC AUC with every cell one pair', () => {
      const p = cellPairs(d, c.queryLabels!, c.candidateLabels!)
      expect([p.versions.length, p.nonVersions.length]).toEqual([c.expected.versionPairs, c.expected.nonVersionPairs])
      near(auc(p), c.expected.auc!, `${name} AUC`)
    })
  }
})
