// One reducer for every kind of background job (indexing, import, batch scoring): a job is heard
// of by its start, progress, messages and the backend's report (a summary at its end, or its
// record), each applied in the order they were known. Reports and events can cross (a list asked
// for before a job finished may answer after it finished), so each observation carries when it
// was known and only a newer one replaces it.
import type { IndexMessage, ScoreJobInfo } from '../types'

export const MAX_KEPT_MESSAGES = 2000

/** running; stopped (cancelled, or killed: a scoring job is resumable); done; failed. */
export type JobStatus = ScoreJobInfo['status']

export interface Job<Request, Progress, Report> {
  jobId: string
  /** When this window first heard of it, in order: the newest job is the highest. */
  seq: number
  /** What this window asked for, where it started the job. */
  request: Request | null
  status: JobStatus
  progress: Progress | null
  /** The first MAX_KEPT_MESSAGES; messageCount counts them all. */
  messages: IndexMessage[]
  messageCount: number
  report: Report | null
  /** performance.now() of the observation that set status, and report. */
  statusAt: number
  reportAt: number
}

export interface JobSet<Request, Progress, Report> {
  jobs: Record<string, Job<Request, Progress, Report>>
  nextSeq: number
}

/** `at`: performance.now() when the event arrived, or when the report was asked for. */
export type JobAction<Request, Progress, Report> =
  | { type: 'start'; jobId: string; request?: Request; at: number }
  | { type: 'progress'; jobId: string; progress: Progress; at: number }
  | { type: 'message'; jobId: string; message: IndexMessage }
  | { type: 'report'; jobId: string; report: Report; status: JobStatus; messages: readonly IndexMessage[]; at: number }
  | { type: 'remove'; jobId: string }

export const emptyJobSet = <Request, Progress, Report>(): JobSet<Request, Progress, Report> => ({ jobs: {}, nextSeq: 0 })

const messageKey = (m: IndexMessage) => `${m.level}\u0000${m.file}\u0000${m.message}`

function setStatus(job: Job<unknown, unknown, unknown>, status: JobStatus, at: number): void {
  if (at < job.statusAt) return
  job.status = status
  job.statusAt = at
}

/** A report repeats the job's messages: keeps any we missed (e.g. sent before we listened). */
function logMissed(job: Job<unknown, unknown, unknown>, all: readonly IndexMessage[]): void {
  const seen = new Set(job.messages.map(messageKey))
  const missed = all.filter((m) => !seen.has(messageKey(m)))
  if (missed.length === 0) return
  job.messages = [...job.messages, ...missed].slice(0, MAX_KEPT_MESSAGES)
  job.messageCount = Math.max(job.messageCount + missed.length, all.length)
}

export function jobReducer<Request, Progress, Report>(
  state: JobSet<Request, Progress, Report>,
  action: JobAction<Request, Progress, Report>,
): JobSet<Request, Progress, Report> {
  const existing = state.jobs[action.jobId]
  if (action.type === 'remove') {
    if (!existing) return state
    const jobs = { ...state.jobs }
    delete jobs[action.jobId]
    return { ...state, jobs }
  }
  const job: Job<Request, Progress, Report> = existing
    ? { ...existing }
    : { jobId: action.jobId, seq: state.nextSeq, request: null, status: 'running', progress: null, messages: [], messageCount: 0, report: null, statusAt: -Infinity, reportAt: -Infinity }
  switch (action.type) {
    case 'start':
      if (action.request !== undefined) job.request = action.request
      setStatus(job, 'running', action.at)
      break
    case 'progress':
      // Progress newer than what we knew means it runs (again: resumed elsewhere, say).
      job.progress = action.progress
      setStatus(job, 'running', action.at)
      break
    case 'message':
      job.messageCount += 1
      if (job.messages.length < MAX_KEPT_MESSAGES) job.messages = [...job.messages, action.message]
      break
    case 'report':
      if (action.at >= job.reportAt) {
        job.report = action.report
        job.reportAt = action.at
      }
      setStatus(job, action.status, action.at)
      logMissed(job, action.messages)
      break
  }
  return { jobs: { ...state.jobs, [action.jobId]: job }, nextSeq: existing ? state.nextSeq : state.nextSeq + 1 }
}

/** The job heard of last, or null. */
export function newestJob<J extends { seq: number }>(jobs: Record<string, J>): J | null {
  let best: J | null = null
  for (const j of Object.values(jobs)) if (!best || j.seq > best.seq) best = j
  return best
}

/** The running job heard of last, or null. */
export function newestRunningJob<J extends { seq: number; status: JobStatus }>(jobs: Record<string, J>): J | null {
  let best: J | null = null
  for (const j of Object.values(jobs)) if (j.status === 'running' && (!best || j.seq > best.seq)) best = j
  return best
}
