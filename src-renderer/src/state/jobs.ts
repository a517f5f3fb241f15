// The jobs this window knows of (indexing, audio import, batch scoring), fed by backend events and
// by the calls that start, resume, list or evaluate them, kept in a store outside React. It holds
// no React: createJobs takes the call function, and connect() the event source.
import { describeError, type Problem } from '../errors'
import type { ApiEvent, ImportProgress, ImportSummary, IndexProgress, IndexSummary, Input, MethodName, Output, ScoreJobInfo, ScoreProgress } from '../types'
import { emptyJobSet, jobReducer, newestJob, type Job, type JobAction, type JobSet } from './jobReducer'
import { createStore } from './smallStore'

export type IndexJob = Job<string[], IndexProgress, IndexSummary>
/** `request.out` is where the backend said it writes; the summary's `out` is where it did. */
export type ImportJob = Job<{ folder: string; out: string }, ImportProgress, ImportSummary>
export type ScoreJob = Job<never, ScoreProgress, ScoreJobInfo>

type SetOf<J> = J extends Job<infer Q, infer P, infer R> ? JobSet<Q, P, R> : never
type ActionOf<J> = J extends Job<infer Q, infer P, infer R> ? JobAction<Q, P, R> : never

export interface JobsState {
  index: SetOf<IndexJob>
  import: SetOf<ImportJob>
  score: SetOf<ScoreJob>
  /** The job of each kind started from this window most recently. */
  mine: { index: string | null; import: string | null }
  /** Whether `score.jobs` has answered once, and its last error (null once it answers). */
  scoreList: { loaded: boolean; error: Problem | null }
}

export type JobsAction =
  | { kind: 'index'; action: ActionOf<IndexJob> }
  | { kind: 'import'; action: ActionOf<ImportJob> }
  | { kind: 'score'; action: ActionOf<ScoreJob> }
  | { kind: 'mine'; of: 'index' | 'import'; jobId: string }
  | { kind: 'scoreList'; loaded: boolean; error: Problem | null }

export const initialJobs = (): JobsState => ({
  index: emptyJobSet(),
  import: emptyJobSet(),
  score: emptyJobSet(),
  mine: { index: null, import: null },
  scoreList: { loaded: false, error: null },
})

export function jobsReducer(state: JobsState, a: JobsAction): JobsState {
  switch (a.kind) {
    case 'index': {
      const next = jobReducer(state.index, a.action)
      return next === state.index ? state : { ...state, index: next }
    }
    case 'import': {
      const next = jobReducer(state.import, a.action)
      return next === state.import ? state : { ...state, import: next }
    }
    case 'score': {
      const next = jobReducer(state.score, a.action)
      return next === state.score ? state : { ...state, score: next }
    }
    case 'mine':
      return { ...state, mine: { ...state.mine, [a.of]: a.jobId } }
    case 'scoreList':
      return { ...state, scoreList: { loaded: state.scoreList.loaded || a.loaded, error: a.error } }
  }
}

const scoreRecord = (job: ScoreJobInfo, at: number): JobsAction => ({
  kind: 'score',
  action: { type: 'report', jobId: job.jobId, report: job, status: job.status, messages: job.messages, at },
})

/** What an event says about a job, or null for an event about none. */
export function eventAction(event: ApiEvent, at: number): JobsAction | null {
  switch (event.type) {
    case 'index.progress':
      return { kind: 'index', action: { type: 'progress', jobId: event.progress.jobId, progress: event.progress, at } }
    case 'index.message':
      return { kind: 'index', action: { type: 'message', jobId: event.jobId, message: event.message } }
    case 'index.done': {
      const { summary } = event
      return { kind: 'index', action: { type: 'report', jobId: event.jobId, report: summary, status: summary.cancelled ? 'stopped' : 'done', messages: summary.messages, at } }
    }
    case 'import.progress':
      return { kind: 'import', action: { type: 'progress', jobId: event.progress.jobId, progress: event.progress, at } }
    case 'import.message':
      return { kind: 'import', action: { type: 'message', jobId: event.jobId, message: event.message } }
    case 'import.done': {
      const { summary } = event
      return { kind: 'import', action: { type: 'report', jobId: event.jobId, report: summary, status: summary.cancelled ? 'stopped' : 'done', messages: summary.messages, at } }
    }
    case 'score.progress':
      return { kind: 'score', action: { type: 'progress', jobId: event.progress.jobId, progress: event.progress, at } }
    case 'score.message':
      return { kind: 'score', action: { type: 'message', jobId: event.jobId, message: event.message } }
    case 'score.done':
      return scoreRecord(event.job, at)
    case 'score.deleted':
      return { kind: 'score', action: { type: 'remove', jobId: event.jobId } }
    // Embedding jobs are followed by the terminal that started them (refrain embed); no page shows them yet.
    case 'embed.progress':
    case 'embed.message':
    case 'embed.done':
    case 'library.changed':
      return null
    // A training job is followed by the Models page's own state (its epochs feed the live plot).
    case 'train.progress':
    case 'train.done':
      return null
    // A comparison's stages are followed by the Compare page that asked for it.
    case 'compare.progress':
      return null
  }
}

/** A scoring job whose record we lack, or whose run counts pairs its record does not know of (a folder source is read, then the pairs planned). */
const staleRecordKey = (job: ScoreJob): string | null => {
  const stale = !job.report || (job.progress !== null && job.progress.pairsTotal !== job.report.pairsTotal)
  return stale ? `${job.jobId}\u0000${job.progress?.pairsTotal ?? ''}` : null
}

export type Call = <M extends MethodName>(method: M, input: Input<M>) => Promise<Output<M>>

export interface EventSource {
  onEvent(listener: (event: ApiEvent) => void): () => void
}

export function createJobs(call: Call, now: () => number = () => performance.now()) {
  const store = createStore(jobsReducer, initialJobs())
  const recordsAsked = new Set<string>()
  let listSeq = 0

  const refreshScoreJob = async (jobId: string): Promise<void> => {
    const at = now()
    const record = await call('score.job', { jobId })
    store.dispatch(scoreRecord(record, at))
  }

  // Fetch each stale record once per such change; a failed fetch may be tried again.
  const catchUpRecords = () => {
    for (const job of Object.values(store.get().score.jobs)) {
      const key = staleRecordKey(job)
      if (key === null || recordsAsked.has(key)) continue
      recordsAsked.add(key)
      refreshScoreJob(job.jobId).catch(() => recordsAsked.delete(key))
    }
  }

  /** The job list, at the start and whenever the library may have changed behind our back (a reconnect says so), so a missed `score.done` is caught up. */
  const reloadScoreJobs = () => {
    const my = ++listSeq
    const at = now()
    call('score.jobs', {}).then(
      ({ jobs }) => {
        store.dispatch(...jobs.map((job) => scoreRecord(job, at)))
        if (my === listSeq) store.dispatch({ kind: 'scoreList', loaded: true, error: null })
      },
      (error: unknown) => {
        if (my === listSeq) store.dispatch({ kind: 'scoreList', loaded: false, error: describeError(error) })
      },
    )
  }

  const handle = (event: ApiEvent, at = now()) => {
    if (event.type === 'library.changed') return reloadScoreJobs()
    const action = eventAction(event, at)
    if (!action) return
    store.dispatch(action)
    if (action.kind === 'score') catchUpRecords()
  }

  return {
    store,
    handle,
    /** Follows `source`'s events and lists the scoring jobs; returns the way to stop following. */
    connect(source: EventSource): () => void {
      const off = source.onEvent((event) => handle(event))
      reloadScoreJobs()
      return off
    },
    reloadScoreJobs,
    refreshScoreJob,
    // Each start is stamped before asking: a tiny job's end may overtake the answer, and must win.
    async startIndexing(paths: string[]): Promise<string> {
      const at = now()
      const { jobId } = await call('index.start', { paths })
      store.dispatch({ kind: 'index', action: { type: 'start', jobId, request: paths, at } }, { kind: 'mine', of: 'index', jobId })
      return jobId
    },
    async startImport(input: Input<'import.start'>): Promise<Output<'import.start'>> {
      const at = now()
      const started = await call('import.start', input)
      const { jobId } = started
      store.dispatch({ kind: 'import', action: { type: 'start', jobId, request: { folder: input.folder, out: started.out }, at } }, { kind: 'mine', of: 'import', jobId })
      return started
    },
    async startScore(input: Input<'score.start'>): Promise<string> {
      const at = now()
      const { jobId } = await call('score.start', input)
      store.dispatch({ kind: 'score', action: { type: 'start', jobId, at } })
      catchUpRecords()
      return jobId
    },
    async resumeScore(jobId: string): Promise<void> {
      const at = now()
      await call('score.resume', { jobId })
      store.dispatch({ kind: 'score', action: { type: 'start', jobId, at } })
    },
    async evaluateScore(jobId: string): Promise<void> {
      const at = now()
      store.dispatch(scoreRecord(await call('score.evaluate', { jobId }), at))
    },
  }
}

export type Jobs = ReturnType<typeof createJobs>

// Selectors. Each returns the same object while what it reads is unchanged.

/** The job a page shows: the one started from this window, else the newest heard of. */
export const shownIndexJob = (s: JobsState): IndexJob | null => (s.mine.index && s.index.jobs[s.mine.index]) || newestJob(s.index.jobs)
export const shownImportJob = (s: JobsState): ImportJob | null => (s.mine.import && s.import.jobs[s.mine.import]) || newestJob(s.import.jobs)

/** Newest first by the record's creation; a job whose record has not arrived yet (just started) comes first. */
export function scoreJobsNewestFirst(s: JobsState): ScoreJob[] {
  return Object.values(s.score.jobs).sort((a, b) => (b.report?.createdAt ?? '\uffff').localeCompare(a.report?.createdAt ?? '\uffff'))
}

export const runningScoreJob = (s: JobsState): ScoreJob | null => scoreJobsNewestFirst(s).find((j) => j.status === 'running') ?? null

/** Pairs done, of total: the live count while running, else the record's. */
export function scorePairs(job: ScoreJob): { done: number; total: number } {
  if (job.status === 'running' && job.progress) return { done: job.progress.pairsDone, total: job.progress.pairsTotal }
  return { done: job.report?.pairsDone ?? 0, total: job.report?.pairsTotal ?? 0 }
}
