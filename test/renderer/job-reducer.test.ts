// The renderer's one job reducer (src-renderer/src/state/jobReducer.ts): what a job view shows as
// a job starts, moves, reports problems, finishes or is cancelled, and when its events and the
// backend's reports of it arrive out of order.
import { describe, expect, test } from 'vitest'
import { MAX_KEPT_MESSAGES, emptyJobSet, jobReducer, newestJob, newestRunningJob, type JobAction, type JobSet } from '../../src-renderer/src/state/jobReducer'
import type { IndexMessage } from '../../src-renderer/src/types'

interface Progress {
  done: number
  total: number
}
interface Summary {
  cancelled: boolean
  done: number
}
type Set = JobSet<string[], Progress, Summary>
type Action = JobAction<string[], Progress, Summary>

const run = (actions: Action[], from: Set = emptyJobSet()) => actions.reduce(jobReducer, from)
const warning = (file: string): IndexMessage => ({ level: 'warning', file, message: 'odd' })
const summary = (cancelled: boolean, done: number, messages: IndexMessage[] = []) => ({
  type: 'report' as const,
  report: { cancelled, done },
  status: cancelled ? ('stopped' as const) : ('done' as const),
  messages,
})

describe('a job from start to end', () => {
  test('start: running, with what was asked for', () => {
    const s = run([{ type: 'start', jobId: 'a', request: ['/data'], at: 1 }])
    expect(s.jobs.a).toMatchObject({ jobId: 'a', status: 'running', request: ['/data'], progress: null, report: null, messages: [], messageCount: 0 })
  })

  test('progress: the newest count, still running; a job first heard of by its progress is running', () => {
    const s = run([
      { type: 'start', jobId: 'a', at: 1 },
      { type: 'progress', jobId: 'a', progress: { done: 1, total: 10 }, at: 2 },
      { type: 'progress', jobId: 'a', progress: { done: 4, total: 10 }, at: 3 },
      { type: 'progress', jobId: 'b', progress: { done: 0, total: 5 }, at: 4 },
    ])
    expect(s.jobs.a).toMatchObject({ status: 'running', progress: { done: 4, total: 10 } })
    expect(s.jobs.b).toMatchObject({ status: 'running', progress: { done: 0, total: 5 }, request: null })
  })

  test('message: kept in order and counted; past the limit only counted', () => {
    const many = Array.from({ length: MAX_KEPT_MESSAGES + 3 }, (_, i): Action => ({ type: 'message', jobId: 'a', message: warning(`f${i}`) }))
    const s = run(many)
    expect(s.jobs.a!.messageCount).toBe(MAX_KEPT_MESSAGES + 3)
    expect(s.jobs.a!.messages).toHaveLength(MAX_KEPT_MESSAGES)
    expect(s.jobs.a!.messages[1]!.file).toBe('f1')
  })

  test('done: its summary, no longer running, and the messages it repeats that were missed', () => {
    const s = run([
      { type: 'start', jobId: 'a', at: 1 },
      { type: 'message', jobId: 'a', message: warning('seen') },
      { jobId: 'a', ...summary(false, 7, [warning('seen'), warning('missed')]), at: 5 },
    ])
    expect(s.jobs.a).toMatchObject({ status: 'done', report: { cancelled: false, done: 7 }, messageCount: 2 })
    expect(s.jobs.a!.messages.map((m) => m.file)).toEqual(['seen', 'missed'])
    expect(newestRunningJob(s.jobs)).toBeNull()
  })

  test('cancelled: stopped, with what it had done', () => {
    const s = run([
      { type: 'start', jobId: 'a', at: 1 },
      { type: 'progress', jobId: 'a', progress: { done: 3, total: 10 }, at: 2 },
      { jobId: 'a', ...summary(true, 3), at: 3 },
    ])
    expect(s.jobs.a).toMatchObject({ status: 'stopped', report: { cancelled: true, done: 3 }, progress: { done: 3, total: 10 } })
  })

  test('remove: gone (a deleted job); removing an unknown job changes nothing', () => {
    const s = run([{ type: 'start', jobId: 'a', at: 1 }, { type: 'remove', jobId: 'a' }])
    expect(s.jobs).toEqual({})
    expect(jobReducer(s, { type: 'remove', jobId: 'zz' })).toBe(s)
  })
})

describe('observations out of order', () => {
  test('a report asked for before the job ended, answered after its end, does not bring it back', () => {
    const s = run([
      { jobId: 'a', ...summary(false, 10), at: 5 },
      { type: 'report', jobId: 'a', report: { cancelled: false, done: 2 }, status: 'running', messages: [], at: 3 },
    ])
    expect(s.jobs.a).toMatchObject({ status: 'done', report: { done: 10 } })
  })

  test('an end that overtakes the answer to its start wins (the start is stamped before asking)', () => {
    const s = run([
      { jobId: 'a', ...summary(false, 1), at: 2 },
      { type: 'start', jobId: 'a', request: ['/x'], at: 1 },
    ])
    expect(s.jobs.a).toMatchObject({ status: 'done', request: ['/x'] })
  })

  test('progress newer than a stopped report: running again (resumed elsewhere)', () => {
    const s = run([
      { jobId: 'a', ...summary(true, 3), at: 1 },
      { type: 'progress', jobId: 'a', progress: { done: 4, total: 10 }, at: 2 },
    ])
    expect(s.jobs.a!.status).toBe('running')
  })
})

test('newest and newest running job: by when this window first heard of them', () => {
  const s = run([
    { type: 'start', jobId: 'old', at: 1 },
    { type: 'start', jobId: 'mid', at: 2 },
    { jobId: 'new', ...summary(false, 1), at: 3 },
    { type: 'progress', jobId: 'old', progress: { done: 1, total: 2 }, at: 4 },
  ])
  expect(newestJob(s.jobs)!.jobId).toBe('new')
  expect(newestRunningJob(s.jobs)!.jobId).toBe('mid')
})
