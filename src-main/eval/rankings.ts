// Per-query rankings under the Da-TACOS / acoss protocol (Yesiler et al., ISMIR 2019; the acoss
// benchmark's CoverAlgorithm.getEvalStatistics): every item is a query, the candidates are all the
// other items sorted by distance (lower = more similar), and the relevant candidates are the other
// performances of the query's work. The query itself is excluded from its own ranking.
//
// Ties: candidates at equal distance are ordered by their index (column), ascending. This is
// deterministic and equals a stable argsort, but it is not neutral: a tie between a relevant and a
// non-relevant candidate counts in favour of whichever has the lower index. (acoss uses numpy's
// default argsort, which is not stable, so its tie order is whatever the sort leaves.) Distance
// measures with many exact ties (quantised scores) should be compared with that in mind.
import { checkLabels, EvalInputError, squareMatrix, toMatrix, type DistanceInput, type Matrix, type WorkLabel } from './input'

export interface Ranking {
  /** The query's row in the distance matrix. */
  query: number
  /** Candidate indices (columns), most similar first; the query itself is not among them. */
  candidates: number[]
  /** relevant[k]: candidates[k] is a version of the query (same work label). */
  relevant: boolean[]
}

/**
 * The rank order of one row of distances, `distances[offset .. offset + length)`: its column
 * indices (0 .. length - 1, relative to `offset`) most similar first, ties by column ascending,
 * without column `skip` (the query itself, when it is also a candidate). The one ranking rule of
 * the workstation: the evaluation, a job's stored top-k and its browsed rankings all use it, so
 * what the results page shows at rank r is what the metrics counted at rank r.
 * +Infinity (a failed or abandoned pair) ranks after every number; NaN, which the evaluation
 * refuses on input, ranks after +Infinity so the comparator stays a total order (Array.sort's
 * result is implementation-defined for one that is not).
 */
export function rankOrder(distances: ArrayLike<number>, offset: number, length: number, skip?: number | null): number[] {
  if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > distances.length) {
    throw new EvalInputError(`row [${offset}, ${offset + length}) is not within the ${distances.length} distances`)
  }
  const order: number[] = []
  for (let j = 0; j < length; j++) if (j !== skip) order.push(j)
  order.sort((a, b) => {
    const da = distances[offset + a]
    const db = distances[offset + b]
    if (da < db) return -1
    if (da > db) return 1
    const na = Number.isNaN(da)
    if (na !== Number.isNaN(db)) return na ? 1 : -1
    return a - b
  })
  return order
}

function rankRow(m: Matrix, i: number, self: number | null, isRelevant: (j: number) => boolean): Ranking {
  // The row is copied once so the comparator reads a typed array, not the caller's accessor.
  const row = new Float64Array(m.cols)
  for (let j = 0; j < m.cols; j++) row[j] = j === self ? 0 : m.get(i, j)
  const candidates = rankOrder(row, 0, m.cols, self)
  return { query: i, candidates, relevant: candidates.map(isRelevant) }
}

/** One ranking per item of an n x n matrix (`labels.length` = n), each excluding the item itself. */
export function rankSquare(distances: DistanceInput, labels: readonly WorkLabel[]): Ranking[] {
  return [...iterateSquare(distances, labels)]
}

/**
 * The same rankings one at a time: the input is checked in full first, then each query is ranked
 * when it is asked for, so memory stays at one row (all 15,000 rankings of the benchmark subset
 * held at once would take several GB).
 */
export function iterateSquare(distances: DistanceInput, labels: readonly WorkLabel[]): IterableIterator<Ranking> {
  const m = squareMatrix(distances, labels)
  function* rows(): IterableIterator<Ranking> {
    for (let i = 0; i < m.rows; i++) yield rankRow(m, i, i, (j) => labels[j] === labels[i])
  }
  return rows()
}

/**
 * One ranking per query of a queries x candidates matrix. `selfIndex[q]`, when given and not null,
 * is the candidate column that is query q itself; it is excluded from q's ranking (a query that is
 * also in the candidate set must not retrieve itself).
 */
export function rankQueries(
  distances: DistanceInput,
  queryLabels: readonly WorkLabel[],
  candidateLabels: readonly WorkLabel[],
  selfIndex?: readonly (number | null)[],
): Ranking[] {
  checkLabels(queryLabels, 'queryLabels')
  checkLabels(candidateLabels, 'candidateLabels')
  if (queryLabels.length === 0) throw new EvalInputError('need at least one query')
  if (selfIndex !== undefined) {
    if (selfIndex.length !== queryLabels.length) {
      throw new EvalInputError(`selfIndex has ${selfIndex.length} entries; expected one per query (${queryLabels.length})`)
    }
    selfIndex.forEach((s, q) => {
      if (s === null) return
      if (!Number.isInteger(s) || s < 0 || s >= candidateLabels.length) {
        throw new EvalInputError(`selfIndex[${q}] = ${s} is not a candidate index in [0, ${candidateLabels.length - 1}]`)
      }
      if (candidateLabels[s] !== queryLabels[q]) {
        throw new EvalInputError(`selfIndex[${q}] = ${s} names a candidate of work ${String(candidateLabels[s])}, but query ${q} is of work ${String(queryLabels[q])}`)
      }
    })
  }
  const self = (q: number): number | null => selfIndex?.[q] ?? null
  const m = toMatrix(distances, queryLabels.length, candidateLabels.length, (q, j) => j === self(q))
  if (m.cols - (selfIndex?.some((s) => s !== null) ? 1 : 0) < 1) throw new EvalInputError('need at least one candidate besides the query itself')
  const out: Ranking[] = []
  for (let q = 0; q < m.rows; q++) out.push(rankRow(m, q, self(q), (j) => candidateLabels[j] === queryLabels[q]))
  return out
}
