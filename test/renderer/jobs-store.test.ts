// The renderer's jobs store (src-renderer/src/state/jobs.ts, smallStore.ts) fed with backend
// events: a view reading one job through a selector is told of that job's changes and of no other
// job's, a list re-derived from unchanged jobs is the same list, and the events and calls that
// start, end and list jobs land where the pages look.
import { describe, expect, test } from 'vitest'
import { createJobs, runningScoreJob, scoreJobsNewestFirst, shownIndexJob, type Call, type JobsState } from '../../src-renderer/src/state/jobs'
import { createStore, sameItems } from '../../src-renderer/src/state/smallStore'
import type { ApiEvent, ScoreJobInfo } from '../../src-renderer/src/types'
import { SCORE_DEFAULTS } from '../../src-main/scoring/parameters'

function record(jobId: string, status: ScoreJobInfo['status'], pairsDone: number, pairsTotal: number, createdAt = '2026-01-01T00:00:00Z'): ScoreJobInfo {
  return {
    jobId,
    createdAt,
    source: 'demo',
    against: null,
    params: { method: 'qmax', ...SCORE_DEFAULTS, downsample: 10 },
    label: 'qmax hpcp ↓10',
    status,
    queries: 4,
    candidates: 4,
    pairsTotal,
    pairsDone,
    pairsFailed: 0,
    itemsSkipped: 0,
    seconds: 1,
    evaluation: null,
    threshold: null,
    messages: [],
  }
}

/** A backend that knows the given records, counting the calls made to it. */
function backend(records: ScoreJobInfo[]) {
  const calls: string[] = []
  const call = (async (method: string, input: { jobId?: string; paths?: string[] }) => {
    calls.push(method)
    if (method === 'score.jobs') return { jobs: records }
    if (method === 'score.job') return records.find((r) => r.jobId === input.jobId)
    if (method === 'index.start') return { jobId: 'ix1' }
    throw new Error(`unexpected ${method}`)
  }) as Call
  return { call, calls }
}

const progress = (jobId: string, pairsDone: number): ApiEvent => ({ type: 'score.progress', progress: { jobId, pairsDone, pairsTotal: 100, pairsPerSec: 5, etaSec: 3 } })
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('selections', () => {
  test('a subscriber to one job is not told of another job’s progress, and is told of its own', async () => {
    const jobs = createJobs(backend([record('a', 'running', 0, 100), record('b', 'running', 0, 100)]).call)
    jobs.handle(progress('a', 1), 1)
    jobs.handle(progress('b', 1), 2)
    await settle()
    const selectA = (s: JobsState) => s.score.jobs.a
    const selection = jobs.store.select(selectA)
    let told = 0
    selection.subscribe(() => told++)
    const before = selection.get()

    for (let i = 2; i < 12; i++) jobs.handle(progress('b', i), 10 + i)
    expect(told).toBe(0)
    expect(selection.get()).toBe(before)

    jobs.handle(progress('a', 2), 30)
    expect(told).toBe(1)
    expect(selection.get()!.progress!.pairsDone).toBe(2)
  })

  test('a library change or a score event does not touch the indexing slice', () => {
    const jobs = createJobs(backend([]).call)
    jobs.handle({ type: 'index.progress', progress: { jobId: 'i', phase: 'features', done: 1, total: 3, file: null, fileFraction: 0 } }, 1)
    const selection = jobs.store.select(shownIndexJob)
    let told = 0
    selection.subscribe(() => told++)
    jobs.handle(progress('a', 1), 2)
    jobs.handle({ type: 'library.changed' }, 3)
    expect(told).toBe(0)
    jobs.handle({ type: 'index.done', jobId: 'i', summary: { filesSeen: 3, filesIndexed: 3, filesUnchanged: 0, filesFailed: 0, works: 1, performances: 3, features: 3, cancelled: false, seconds: 1, messages: [] } }, 4)
    expect(told).toBe(1)
    expect(selection.get()).toMatchObject({ status: 'done', report: { filesIndexed: 3 } })
  })

  test('every subscriber of one selection is told, each once a change', () => {
    const store = createStore((n: number, by: number) => n + by, 0)
    const parity = store.select((n) => n % 2)
    const told = [0, 0]
    parity.subscribe(() => told[0]!++)
    parity.subscribe(() => told[1]!++)
    store.dispatch(2)
    expect(told).toEqual([0, 0])
    store.dispatch(1)
    expect(told).toEqual([1, 1])
  })

  test('a list derived again from unchanged items is the same list', () => {
    const jobs = createJobs(backend([]).call)
    jobs.handle({ type: 'score.done', jobId: 'a', job: record('a', 'done', 6, 6) }, 1)
    const list = jobs.store.select(scoreJobsNewestFirst, sameItems)
    let told = 0
    list.subscribe(() => told++)
    const first = list.get()
    jobs.handle({ type: 'index.message', jobId: 'i', message: { level: 'warning', file: 'f', message: 'm' } }, 2)
    expect(list.get()).toBe(first)
    expect(told).toBe(0)
  })
})

describe('events and calls', () => {
  test('a scoring job heard of through its events has its record fetched once, and again when its pairs are planned anew', async () => {
    const { call, calls } = backend([record('a', 'running', 0, 100)])
    const jobs = createJobs(call)
    jobs.handle(progress('a', 1), 1)
    jobs.handle(progress('a', 2), 2)
    await settle()
    expect(calls.filter((c) => c === 'score.job')).toHaveLength(1)
    expect(runningScoreJob(jobs.store.get())!.report!.pairsTotal).toBe(100)
    jobs.handle({ type: 'score.progress', progress: { jobId: 'a', pairsDone: 3, pairsTotal: 120, pairsPerSec: 5, etaSec: 3 } }, 3)
    await settle()
    expect(calls.filter((c) => c === 'score.job')).toHaveLength(2)
  })

  test('connect lists the scoring jobs, newest first; a deleted one leaves the list', async () => {
    const { call } = backend([record('old', 'done', 6, 6, '2026-01-01T00:00:00Z'), record('new', 'stopped', 2, 6, '2026-02-01T00:00:00Z')])
    const jobs = createJobs(call)
    const listeners: Array<(e: ApiEvent) => void> = []
    jobs.connect({ onEvent: (l) => (listeners.push(l), () => {}) })
    await settle()
    expect(jobs.store.get().scoreList).toEqual({ loaded: true, error: null })
    expect(scoreJobsNewestFirst(jobs.store.get()).map((j) => [j.jobId, j.status])).toEqual([
      ['new', 'stopped'],
      ['old', 'done'],
    ])
    listeners[0]!({ type: 'score.deleted', jobId: 'old' })
    expect(scoreJobsNewestFirst(jobs.store.get()).map((j) => j.jobId)).toEqual(['new'])
  })

  test('an indexing started here is the one the Datasets page shows, with its paths, even after another starts elsewhere', async () => {
    const jobs = createJobs(backend([]).call)
    await jobs.startIndexing(['/data/da-tacos'])
    jobs.handle({ type: 'index.progress', progress: { jobId: 'elsewhere', phase: 'scanning', done: 0, total: 0, file: null, fileFraction: 0 } }, 1e9)
    expect(shownIndexJob(jobs.store.get())).toMatchObject({ jobId: 'ix1', request: ['/data/da-tacos'], status: 'running' })
  })

  test('a cancelled import is stopped, and keeps where it wrote', () => {
    const jobs = createJobs(backend([]).call)
    jobs.handle(
      { type: 'import.done', jobId: 'im', summary: { out: '/out/mine', dataset: 'mine', filesSeen: 4, imported: 1, skipped: 0, failed: 0, audioSeconds: 9, cancelled: true, seconds: 2, messages: [] } },
      1,
    )
    expect(jobs.store.get().import.jobs.im).toMatchObject({ status: 'stopped', report: { out: '/out/mine', imported: 1 } })
  })
})
