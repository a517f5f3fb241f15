// Every query's own scores, as the evaluation computed them (eval/metrics.ts's perQuery): its
// average precision and the rank of its first version, with how many versions it had to find. A
// query without versions is kept too, with no scores, so the table lists every row of the matrix.
import type { WorkLabel } from '../eval/input'
import type { QueryScores } from '../eval/metrics'

export interface QueryScoreRecord {
  query: number
  versions: number
  ap: number | null
  firstRank: number | null
}

export function queryScoreRecords(perQuery: readonly QueryScores[], queryLabels: readonly WorkLabel[], candidateLabels: readonly WorkLabel[], square: boolean): QueryScoreRecord[] {
  const perLabel = new Map<WorkLabel, number>()
  for (const label of candidateLabels) perLabel.set(label, (perLabel.get(label) ?? 0) + 1)
  const scored = new Map(perQuery.map((s) => [s.query, s]))
  return queryLabels.map((label, query) => {
    const s = scored.get(query)
    // A square job's query is among its own candidates but never its own version.
    return { query, versions: (perLabel.get(label) ?? 0) - (square ? 1 : 0), ap: s?.ap ?? null, firstRank: s?.firstRank ?? null }
  })
}
