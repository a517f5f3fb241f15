// The unordered-pair view on hand-made matrices with known labels: which pairs are false positives
// and missed versions at a threshold, both directions' distances and ranks (checked by hand and
// against the ranking rule itself), the cap on non-version pairs, a queries x candidates job, and a
// two-stage matrix read through its aligned view; then stored and filtered in SQLite.
import { afterAll, describe, expect, it } from 'vitest'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openDb } from '../../src-main/index/db'
import { pairDistances, cellPairs } from '../../src-main/eval/roc'
import { rankOrder } from '../../src-main/eval/rankings'
import { buildPairView, type PairView } from '../../src-main/scoring/pair-view'
import { evaluateMatrix } from '../../src-main/scoring/evaluate-job'
import { RERANK_OFFSET } from '../../src-main/scoring/rerank'
import { createJob, ensureScoringSchema, pairViewPage, pairViewSummary, queryScoresPage, saveErrorViews } from '../../src-main/scoring/store'
import { queryScoreRecords } from '../../src-main/scoring/query-scores'
import { SCORE_DEFAULTS } from '../../src-main/scoring/parameters'
import { removeTempDirs, tempDir } from '../helpers/fixtures'

afterAll(() => removeTempDirs())

const N = Number.NaN
// Five items: 0 and 1 are one work, 2 and 3 another, 4 a single. Row = query, column = candidate.
const LABELS = ['A', 'A', 'B', 'B', 'C']
const D = new Float32Array([
  N, 2, 4, 9, 7,
  4, N, 3, 8, 6,
  5, 1, N, 9, 5,
  8, 9, 7, N, 2,
  6, 5, 3, 1, N,
])

const square = (distances: Float32Array, labels: string[], cap?: number) =>
  buildPairView({ distances, queryLabels: labels, candidateLabels: labels, square: true, pairs: pairDistances(distances, labels), rankingRow: (r) => distances.subarray(r * labels.length, (r + 1) * labels.length), ...(cap === undefined ? {} : { cap }) })

/** The view's rows as plain objects keyed "a-b". */
function rows(view: PairView) {
  const out = new Map<string, { same: boolean; d: number; ab: [number, number]; ba: [number, number] | null }>()
  for (let k = 0; k < view.a.length; k++) {
    out.set(`${view.a[k]}-${view.b[k]}`, { same: view.sameWork[k] === 1, d: view.distance[k], ab: [view.ab[k], view.rankAb[k]], ba: view.ba ? [view.ba[k], view.rankBa![k]] : null })
  }
  return out
}

describe('the unordered-pair view', () => {
  it('holds each pair once with both directions, the mean as the evaluation counts it, and each rank', () => {
    const view = rows(square(D, LABELS))
    expect(view.size).toBe(10)
    expect(view.get('0-1')).toEqual({ same: true, d: 3, ab: [2, 1], ba: [4, 2] })
    expect(view.get('2-3')).toEqual({ same: true, d: 8, ab: [9, 4], ba: [7, 2] })
    expect(view.get('0-2')).toEqual({ same: false, d: 4.5, ab: [4, 2], ba: [5, 2] })
    // Row 2 holds 5 for both 0 and 4: the tie goes to the lower column, so 4 ranks third.
    expect(view.get('2-4')).toEqual({ same: false, d: 4, ab: [5, 3], ba: [3, 2] })
    expect(view.get('3-4')).toEqual({ same: false, d: 1.5, ab: [2, 1], ba: [1, 1] })
  })

  it('ranks every pair as the ranking rule does, ties and infinities included', () => {
    const n = 23
    const labels = Array.from({ length: n }, (_, i) => `W${i % 7}`)
    // Quantised values make ties; a few infinite (failed) pairs rank last.
    const d = new Float32Array(n * n).map((_, k) => (k % (n + 1) === 0 ? N : k % 17 === 3 ? Infinity : ((k * 7919) % 13) / 4))
    const view = square(d, labels)
    expect(view.a.length).toBe((n * (n - 1)) / 2)
    const rankIn = (row: number, col: number) => rankOrder(d, row * n, n, row).indexOf(col) + 1
    for (let k = 0; k < view.a.length; k++) {
      expect(view.rankAb[k]).toBe(rankIn(view.a[k], view.b[k]))
      expect(view.rankBa![k]).toBe(rankIn(view.b[k], view.a[k]))
    }
  })

  it('keeps every version pair and only the closest non-version pairs up to the cap, ties first come first', () => {
    // Non-version distances: 1.5, 2, 4, 4.5, 5.5, 6.5, 8.5 (0-3), 8.5 (1-3).
    expect([...rows(square(D, LABELS, 3)).keys()].sort()).toEqual(['0-1', '1-2', '2-3', '2-4', '3-4'])
    const seven = rows(square(D, LABELS, 7))
    expect(seven.size).toBe(9)
    expect(seven.has('0-3')).toBe(true)
    expect(seven.has('1-3')).toBe(false)
    expect(rows(square(D, LABELS, 0)).size).toBe(2)
  })

  it('in a queries x candidates job, every cell is its own pair, one direction', () => {
    const q = ['A', 'B']
    const c = ['B', 'A', 'C']
    const d = new Float32Array([3, 1, 2, 0.5, 4, 0.25])
    const view = buildPairView({ distances: d, queryLabels: q, candidateLabels: c, square: false, pairs: cellPairs(d, q, c), rankingRow: (r) => d.subarray(r * 3, r * 3 + 3) })
    expect(view.ba).toBeNull()
    expect(rows(view)).toEqual(
      new Map([
        ['0-0', { same: false, d: 3, ab: [3, 3], ba: null }],
        ['0-1', { same: true, d: 1, ab: [1, 1], ba: null }],
        ['0-2', { same: false, d: 2, ab: [2, 2], ba: null }],
        ['1-0', { same: true, d: 0.5, ab: [0.5, 2], ba: null }],
        ['1-1', { same: false, d: 4, ab: [4, 3], ba: null }],
        ['1-2', { same: false, d: 0.25, ab: [0.25, 1], ba: null }],
      ]),
    )
  })

  it('reads a two-stage matrix through its aligned view, and ranks by the matrix as ranked', () => {
    const dir = tempDir()
    const path = join(dir, 'two-stage.f32')
    const o = RERANK_OFFSET
    // 0-1 aligned both ways; 0-2 from 0 only; 1-2 in neither shortlist (embedding order, behind the offset).
    const labels = ['A', 'A', 'B']
    const d = new Float32Array([N, 2, 3, 4, N, o + 0.25, o + 0.75, o + 0.5, N])
    writeFileSync(path, Buffer.from(d.buffer))
    const report = evaluateMatrix({ type: 'evaluate', matrixPath: path, queryLabels: labels, candidateLabels: null, rerankOffset: o })
    const view = rows(report.pairView)
    expect(view.get('0-1')).toEqual({ same: true, d: 3, ab: [2, 1], ba: [4, 1] })
    // Aligned one way: that alignment for both directions; 0 still ranks second in 2's list as ranked.
    expect(view.get('0-2')).toEqual({ same: false, d: 3, ab: [3, 2], ba: [3, 2] })
    expect(view.get('1-2')).toEqual({ same: false, d: Infinity, ab: [Infinity, 2], ba: [Infinity, 1] })
    expect(report.perQuery.map((s) => [s.query, s.firstRank])).toEqual([
      [0, 1],
      [1, 1],
    ])
  })
})

describe('the stored views', () => {
  it('filter false positives and missed versions at the threshold, sorted by distance, and sort queries worst first', async () => {
    const db = openDb(join(tempDir(), 'refrain.db'))
    ensureScoringSchema(db)
    createJob(db, { id: 'job-1', source: 'hand', against: null, params: { ...SCORE_DEFAULTS, method: 'dtw' }, matrixPath: '/nowhere.f32' })
    const report = evaluateMatrix({ type: 'evaluate', matrixPath: writeMatrix(D), queryLabels: LABELS, candidateLabels: null })
    await saveErrorViews(db, 'job-1', queryScoreRecords(report.perQuery, LABELS, LABELS, true), report.pairView)
    const pairs = (filter: 'all' | 'false-positives' | 'missed', order: 'asc' | 'desc' = 'asc') => pairViewPage(db, 'job-1', filter, 4.5, order, 0, 100).map((p) => `${p.a}-${p.b}`)
    expect(pairs('false-positives')).toEqual(['3-4', '1-2', '2-4', '0-2'])
    expect(pairs('false-positives', 'desc')).toEqual(['0-2', '2-4', '1-2', '3-4'])
    expect(pairs('missed')).toEqual(['2-3'])
    expect(pairViewSummary(db, 'job-1', 4.5)).toEqual({ counts: { all: 10, falsePositives: 4, missed: 1 }, kept: { versionPairs: 2, nonVersionPairs: 8, farthestNonVersion: 8.5 } })
    expect(pairViewSummary(db, 'job-1', 8).counts).toEqual({ all: 10, falsePositives: 6, missed: 0 })
    expect(pairViewPage(db, 'job-1', 'all', 4.5, 'asc', 8, 5).map((p) => `${p.a}-${p.b}`)).toEqual(['0-3', '1-3'])
    // AP: 0 finds 1 first (1); 1 finds 0 second (1/2); 2 finds 3 fourth (1/4); 3 finds 2 second (1/2); 4 has none.
    const { total, rows: queries } = queryScoresPage(db, 'job-1', 'ap', 'asc', 0, 10)
    expect(total).toBe(5)
    expect(queries.map((q) => [q.query, q.ap, q.firstRank, q.versions])).toEqual([
      [2, 0.25, 4, 1],
      [1, 0.5, 2, 1],
      [3, 0.5, 2, 1],
      [0, 1, 1, 1],
      [4, null, null, 0],
    ])
    expect(queryScoresPage(db, 'job-1', 'firstRank', 'desc', 0, 2).rows.map((q) => q.query)).toEqual([2, 1])
    // Evaluated again (the cap now keeps 3 non-version pairs): the views are replaced, not added to.
    const capped = square(D, LABELS, 3)
    await saveErrorViews(db, 'job-1', queryScoreRecords(report.perQuery, LABELS, LABELS, true), capped)
    expect(pairViewPage(db, 'job-1', 'all', 4.5, 'asc', 0, 100).map((p) => `${p.a}-${p.b}`)).toEqual(['3-4', '1-2', '0-1', '2-4', '2-3'])
    expect(queryScoresPage(db, 'job-1', 'ap', 'asc', 0, 10).total).toBe(5)
    db.close()
  })
})

function writeMatrix(d: Float32Array): string {
  const path = join(tempDir(), 'm.f32')
  writeFileSync(path, Buffer.from(d.buffer, d.byteOffset, d.byteLength))
  return path
}
