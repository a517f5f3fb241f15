// Ranking metrics of the Da-TACOS benchmark: MAP, MRR, MR1, P@10 and the Top-1 / Top-10 counts.
// The Da-TACOS paper (Yesiler et al., "Da-TACOS: A Dataset for Cover Song Identification and
// Understanding", ISMIR 2019) reports MAP, P@10 and MR1; the acoss benchmark code
// (CoverAlgorithm.getEvalStatistics) also prints MRR, the median rank and Top-k counts. Average
// precision, reciprocal rank and P@k are the standard IR definitions (Manning, Raghavan & Schütze,
// "Introduction to Information Retrieval", ch. 8).
//
// The query set: a query with no relevant candidate (the only performance of its work) has no
// average precision and no first relevant rank, so it is excluded from EVERY metric, not only MAP;
// all means share one denominator, and `excluded` says how many queries were dropped.
// Difference from acoss: its MRR divides by all N songs, singles included, while its MAP and MR
// divide by the queries with a relevant item; here MRR uses the same queries as the rest, so
// acoss's MRR = ours x queries / N.
import { EvalInputError } from './input'
import type { Ranking } from './rankings'

/** Cut-off of P@k and Top-k in the Da-TACOS protocol. */
export const CUTOFF = 10

export interface QueryScores {
  query: number
  /** Average precision: the mean, over the ranks r of the relevant candidates, of precision at r. */
  ap: number
  /** 1-based rank of the first relevant candidate. */
  firstRank: number
  /** 1 / firstRank. */
  rr: number
  /** Relevant candidates in the first 10, divided by 10 (always by 10, even with fewer candidates). */
  pAt10: number
}

/** A query's scores, or null when it has no relevant candidate. */
export function queryScores(r: Ranking): QueryScores | null {
  if (r.relevant.length !== r.candidates.length) throw new EvalInputError(`ranking of query ${r.query}: relevant and candidates differ in length`)
  let hits = 0
  let sumPrec = 0
  let first = 0
  let top = 0
  for (let k = 0; k < r.relevant.length; k++) {
    if (!r.relevant[k]) continue
    hits++
    sumPrec += hits / (k + 1)
    if (first === 0) first = k + 1
    if (k < CUTOFF) top++
  }
  if (hits === 0) return null
  return { query: r.query, ap: sumPrec / hits, firstRank: first, rr: 1 / first, pAt10: top / CUTOFF }
}

export interface RankingMetrics {
  /** Queries with at least one relevant candidate: the denominator of every mean below. */
  queries: number
  /** Queries left out for having no relevant candidate. */
  excluded: number
  /** Mean average precision. */
  map: number
  /** Mean reciprocal rank of the first relevant candidate. */
  mrr: number
  /** Mean (1-based) rank of the first relevant candidate: 1 is best. */
  mr1: number
  /** Mean precision at 10. */
  pAt10: number
  /** Median (1-based) rank of the first relevant candidate (acoss's MDR). */
  mdr: number
  /** Number of queries whose first relevant candidate is at rank 1. */
  top1: number
  /** Number of queries whose first relevant candidate is within the first 10. */
  top10: number
  perQuery: QueryScores[]
}

/**
 * Aggregates per-query scores. Takes any iterable, so a large matrix can be ranked one query at a
 * time (see iterateSquare) instead of holding every ranking. Throws when no query has a relevant
 * candidate (every mean would be 0/0).
 */
export function rankingMetrics(rankings: Iterable<Ranking>): RankingMetrics {
  const perQuery: QueryScores[] = []
  let total = 0
  for (const r of rankings) {
    total++
    const s = queryScores(r)
    if (s) perQuery.push(s)
  }
  const n = perQuery.length
  if (n === 0) {
    throw new EvalInputError(`none of the ${total} queries has a relevant candidate (no two items share a work label), so MAP, MRR, MR1 and P@10 are undefined`)
  }
  const mean = (f: (s: QueryScores) => number): number => perQuery.reduce((a, s) => a + f(s), 0) / n
  return {
    queries: n,
    excluded: total - n,
    map: mean((s) => s.ap),
    mrr: mean((s) => s.rr),
    mr1: mean((s) => s.firstRank),
    pAt10: mean((s) => s.pAt10),
    mdr: median(perQuery.map((s) => s.firstRank)),
    top1: perQuery.filter((s) => s.firstRank === 1).length,
    top10: perQuery.filter((s) => s.firstRank <= CUTOFF).length,
    perQuery,
  }
}

function median(xs: number[]): number {
  const v = [...xs].sort((a, b) => a - b)
  const h = v.length >> 1
  return v.length % 2 === 1 ? v[h] : (v[h - 1] + v[h]) / 2
}

/** Mean average precision over the queries with a relevant candidate. */
export const meanAveragePrecision = (rankings: Iterable<Ranking>): number => rankingMetrics(rankings).map
/** Mean reciprocal rank of the first relevant candidate. */
export const meanReciprocalRank = (rankings: Iterable<Ranking>): number => rankingMetrics(rankings).mrr
/** Mean rank of the first relevant candidate (1-based). */
export const meanRankOfFirst = (rankings: Iterable<Ranking>): number => rankingMetrics(rankings).mr1
/** Mean precision at 10. */
export const precisionAt10 = (rankings: Iterable<Ranking>): number => rankingMetrics(rankings).pAt10
