// Finding a real job's mistakes over the dispatch boundary: a DTW job on a few demo works,
// evaluated as it finishes, gives every query's scores (checked against the protocol's own per-query
// metrics over the matrix), every version pair and the false positives and misses at its threshold
// (checked against the matrix), both directions' ranks, and exports of what a filter shows. A job
// evaluated before these views existed says so until it is evaluated again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiEvent, Output, ScoreJobInfo } from '../../src-main/api/contract'
import type { App } from '../../src-main/app/app'
import { queryScores, rankOrder, rankSquare } from '../../src-main/eval'
import { parseCsv } from '../../src-main/importer/plan'
import { loadItems, QUERY } from '../../src-main/scoring/store'
import { SCORE_DEFAULTS } from '../../src-main/scoring/parameters'
import { apiHarness } from '../helpers/api'
import { demoSubset } from '../helpers/demo-subset'
import { removeTempDirs, tempDir } from '../helpers/fixtures'
import { jobMatrix } from '../helpers/matrix'

let app: App
let job: ScoreJobInfo
let matrix: Float32Array
let labels: string[]
let perfIds: string[]
const events: ApiEvent[] = []

async function call<M extends 'score.queries' | 'score.pairs' | 'score.export' | 'score.matrix' | 'score.evaluate'>(method: M, input: unknown): Promise<Output<M>> {
  const result = await app.dispatch(method, input)
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`)
  return result.value as Output<M>
}

beforeAll(async () => {
  app = apiHarness(events).app
  const subset = demoSubset(tempDir(), 'errs', { works: 4, singles: 3 })
  await app.library.index([subset.folder])
  job = await app.scoring.score({ source: 'errs', params: { ...SCORE_DEFAULTS, method: 'dtw' }, workers: 2 })
  matrix = jobMatrix(app.library.db, job.jobId)
  const items = loadItems(app.library.db, job.jobId, QUERY)
  labels = items.map((i) => i.workLabel)
  perfIds = items.map((i) => i.path.match(/(P_[^/_]+)_hpcp\.h5$/)![1])
}, 240_000)

afterAll(async () => {
  await app?.close()
  removeTempDirs()
})

const n = () => labels.length
const sym = (i: number, j: number) => (matrix[i * n() + j] + matrix[j * n() + i]) / 2
const rankIn = (row: number, col: number) => rankOrder(matrix, row * n(), n(), row).indexOf(col) + 1

describe('a job’s per-query scores', () => {
  it('lists every query worst first with its AP, first version’s rank and versions, as the protocol scores it', async () => {
    const expected = rankSquare(matrix, labels).map(queryScores)
    const page = await call('score.queries', { jobId: job.jobId, limit: 1000 })
    expect(page.stored).toBe(true)
    expect(page.total).toBe(n())
    const aps = page.rows.map((r) => r.ap)
    const scored = aps.filter((ap): ap is number => ap !== null)
    expect(scored).toEqual([...scored].sort((a, b) => a - b))
    // The three singles have no versions, and come last.
    expect(page.rows.slice(-3).every((r) => r.versions === 0 && r.ap === null && r.firstRank === null)).toBe(true)
    for (const row of page.rows) {
      expect(row.query.perfId).toBe(perfIds[row.index])
      expect(row.ap).toBe(expected[row.index]?.ap ?? null)
      expect(row.firstRank).toBe(expected[row.index]?.firstRank ?? null)
      expect(row.versions).toBe(labels.filter((l, j) => l === labels[row.index] && j !== row.index).length)
    }
    const byRank = await call('score.queries', { jobId: job.jobId, sort: 'firstRank', order: 'desc', limit: 2, offset: 1 })
    const ranks = page.rows.map((r) => r.firstRank).filter((r): r is number => r !== null).sort((a, b) => b - a)
    expect(byRank.rows.map((r) => r.firstRank)).toEqual(ranks.slice(1, 3))
  })
})

describe('a job’s unordered pairs', () => {
  it('holds every pair of this small job once, with both directions and their ranks', async () => {
    const page = await call('score.pairs', { jobId: job.jobId, limit: 1000 })
    expect(page.total).toBe((n() * (n() - 1)) / 2)
    expect(page.kept).toMatchObject({ versionPairs: job.evaluation!.versionPairs, nonVersionPairs: job.evaluation!.nonVersionPairs })
    const index = (perfId: string) => perfIds.indexOf(perfId)
    let previous = -Infinity
    for (const row of page.rows) {
      const [i, j] = [index(row.a.perfId), index(row.b.perfId)]
      expect(i).toBeLessThan(j)
      expect(row.distance).toBe(sym(i, j))
      expect(row.distance!).toBeGreaterThanOrEqual(previous)
      previous = row.distance!
      expect(row.sameWork).toBe(labels[i] === labels[j])
      expect(row.ab).toEqual({ distance: matrix[i * n() + j], rank: rankIn(i, j) })
      expect(row.ba).toEqual({ distance: matrix[j * n() + i], rank: rankIn(j, i) })
    }
  })

  it('filters the false positives and the missed versions at the job’s threshold', async () => {
    const threshold = job.threshold!.value
    const expected = { fp: [] as string[], missed: [] as string[] }
    for (let i = 0; i < n(); i++) {
      for (let j = i + 1; j < n(); j++) {
        if (labels[i] !== labels[j] && sym(i, j) <= threshold) expected.fp.push(`${perfIds[i]}-${perfIds[j]}`)
        if (labels[i] === labels[j] && sym(i, j) > threshold) expected.missed.push(`${perfIds[i]}-${perfIds[j]}`)
      }
    }
    // The demo subset is chosen so that DTW at its EER gets both kinds wrong at least once.
    expect(expected.fp.length).toBeGreaterThan(0)
    expect(expected.missed.length).toBeGreaterThan(0)
    const fp = await call('score.pairs', { jobId: job.jobId, filter: 'false-positives', limit: 1000 })
    const missed = await call('score.pairs', { jobId: job.jobId, filter: 'missed', order: 'desc', limit: 1000 })
    expect(fp.threshold).toBe(threshold)
    expect(fp.counts).toMatchObject({ falsePositives: expected.fp.length, missed: expected.missed.length })
    expect(fp.rows.map((r) => `${r.a.perfId}-${r.b.perfId}`).sort()).toEqual(expected.fp.sort())
    expect(missed.rows.map((r) => `${r.a.perfId}-${r.b.perfId}`).sort()).toEqual(expected.missed.sort())
    expect(missed.rows.map((r) => r.distance)).toEqual(missed.rows.map((r) => r.distance).sort((a, b) => b! - a!))
  })

  it('exports what a filter shows, every row, as CSV and JSON in chunks', async () => {
    const fp = await call('score.pairs', { jobId: job.jobId, filter: 'false-positives', limit: 1000 })
    const chunks = async (format: 'csv' | 'json') => {
      let text = ''
      for (let offset: number | null = 0; offset !== null; ) {
        const chunk: Output<'score.export'> = await call('score.export', { jobId: job.jobId, view: 'pairs', filter: 'false-positives', format, offset, limit: 2 })
        text += chunk.text
        offset = chunk.next
      }
      return text
    }
    const csv = parseCsv(await chunks('csv'))
    expect(csv[0].join(',')).toBe('a_dataset,a_perf_id,a_work_id,a_title,a_artist,b_dataset,b_perf_id,b_work_id,b_title,b_artist,same_work,distance,d_ab,rank_ab,d_ba,rank_ba')
    expect(csv.length - 1).toBe(fp.total)
    expect(csv.slice(1).map((r) => [r[1], r[6], r[10], Number(r[11]), Number(r[13])])).toEqual(fp.rows.map((r) => [r.a.perfId, r.b.perfId, 'false', r.distance, r.ab.rank]))
    const json = JSON.parse(await chunks('json')) as { view: { view: string; filter: string }; total: number; pairs: unknown[] }
    expect(json.view).toEqual({ view: 'pairs', filter: 'false-positives', order: 'asc' })
    expect(json.pairs).toEqual(fp.rows)
    const queries = parseCsv((await call('score.export', { jobId: job.jobId, view: 'queries', format: 'csv' })).text)
    expect(queries).toHaveLength(n() + 1)
    expect(queries[0]).toEqual(['query_index', 'query_dataset', 'query_perf_id', 'query_work_id', 'query_title', 'query_artist', 'versions', 'average_precision', 'first_version_rank'])
  })

  it('says where the matrix file is and its shape', async () => {
    expect(await call('score.matrix', { jobId: job.jobId })).toMatchObject({ rows: n(), cols: n(), exists: true, path: expect.stringMatching(/\.f32$/) })
  })
})

describe('a job evaluated before the views existed', () => {
  it('says they are not stored, until it is evaluated again', async () => {
    app.library.db.prepare('DELETE FROM score_query_scores WHERE job_id = ?').run(job.jobId)
    app.library.db.prepare('DELETE FROM score_pair_view WHERE job_id = ?').run(job.jobId)
    expect(await call('score.queries', { jobId: job.jobId })).toMatchObject({ stored: false, total: 0, rows: [] })
    expect(await call('score.pairs', { jobId: job.jobId })).toMatchObject({ stored: false, total: 0, rows: [] })
    await call('score.evaluate', { jobId: job.jobId })
    expect((await call('score.queries', { jobId: job.jobId })).total).toBe(n())
    expect((await call('score.pairs', { jobId: job.jobId })).stored).toBe(true)
  }, 60_000)
})
