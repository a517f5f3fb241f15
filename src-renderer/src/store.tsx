// App-wide state fed by backend events: app info, a library version that moves on every
// `library.changed`, the indexing, import and batch scoring jobs seen (with their progress,
// messages and outcome), and the state of the event connection.
import { createContext, useCallback, useContext, useEffect, useMemo, useReducer, useRef, useState, type ReactNode } from 'react'
import { api, useApi, type Loadable } from './api'
import { getBridge, type ConnectionState } from './bridge'
import type {
  ApiEvent,
  ImportProgress,
  ImportSummary,
  IndexMessage,
  IndexProgress,
  IndexSummary,
  Input,
  Output,
  ScoreJobInfo,
  ScoreProgress,
} from './types'

export const MAX_KEPT_MESSAGES = 2000

interface MessageLog {
  messages: IndexMessage[]
  messageCount: number
}

const messageKey = (m: IndexMessage) => `${m.level}\u0000${m.file}\u0000${m.message}`

/** Adds one message to a job's (copied) log, keeping the first MAX_KEPT_MESSAGES. */
function logMessage(log: MessageLog, message: IndexMessage): void {
  log.messageCount += 1
  if (log.messages.length < MAX_KEPT_MESSAGES) log.messages = [...log.messages, message]
}

/** A job's full message list (a summary or record repeats them): keeps any we missed, e.g. sent before we listened. */
function logMissedMessages(log: MessageLog, all: IndexMessage[]): void {
  const seen = new Set(log.messages.map(messageKey))
  const missed = all.filter((m) => !seen.has(messageKey(m)))
  if (missed.length) {
    log.messages = [...log.messages, ...missed].slice(0, MAX_KEPT_MESSAGES)
    log.messageCount = Math.max(log.messageCount + missed.length, all.length)
  }
}

export interface JobState {
  jobId: string
  seq: number
  paths: string[] | null
  progress: IndexProgress | null
  messages: IndexMessage[]
  messageCount: number
  summary: IndexSummary | null
}

/** An audio import (`import.start`), followed through its events. */
export interface ImportJobState {
  jobId: string
  seq: number
  folder: string | null
  out: string | null
  progress: ImportProgress | null
  messages: IndexMessage[]
  messageCount: number
  summary: ImportSummary | null
}

interface ImportsState {
  jobs: Record<string, ImportJobState>
  nextSeq: number
}

type ImportsAction = { type: 'event'; event: ApiEvent } | { type: 'started'; jobId: string; folder: string; out: string }

function importsReducer(state: ImportsState, action: ImportsAction): ImportsState {
  let jobId: string
  if (action.type === 'started') jobId = action.jobId
  else if (action.event.type === 'import.progress') jobId = action.event.progress.jobId
  else if (action.event.type === 'import.message' || action.event.type === 'import.done') jobId = action.event.jobId
  else return state
  const existing = state.jobs[jobId]
  const job: ImportJobState = existing
    ? { ...existing }
    : { jobId, seq: state.nextSeq, folder: null, out: null, progress: null, messages: [], messageCount: 0, summary: null }
  if (action.type === 'started') {
    job.folder = action.folder
    job.out = action.out
  } else {
    const ev = action.event
    if (ev.type === 'import.progress') job.progress = ev.progress
    else if (ev.type === 'import.message') logMessage(job, ev.message)
    else if (ev.type === 'import.done') {
      job.summary = ev.summary
      job.out = ev.summary.out
      logMissedMessages(job, ev.summary.messages)
    }
  }
  return { jobs: { ...state.jobs, [jobId]: job }, nextSeq: existing ? state.nextSeq : state.nextSeq + 1 }
}

interface JobsState {
  jobs: Record<string, JobState>
  nextSeq: number
}

type JobsAction = { type: 'event'; event: ApiEvent } | { type: 'started'; jobId: string; paths: string[] }

function blankJob(jobId: string, seq: number): JobState {
  return { jobId, seq, paths: null, progress: null, messages: [], messageCount: 0, summary: null }
}

function jobsReducer(state: JobsState, action: JobsAction): JobsState {
  let jobId: string
  if (action.type === 'started') jobId = action.jobId
  else if (action.event.type === 'index.progress') jobId = action.event.progress.jobId
  else if (action.event.type === 'index.message' || action.event.type === 'index.done') jobId = action.event.jobId
  else return state
  const existing = state.jobs[jobId]
  const job = existing ? { ...existing } : blankJob(jobId, state.nextSeq)
  if (action.type === 'started') job.paths = action.paths
  else {
    const ev = action.event
    if (ev.type === 'index.progress') job.progress = ev.progress
    else if (ev.type === 'index.message') logMessage(job, ev.message)
    else if (ev.type === 'index.done') {
      job.summary = ev.summary
      logMissedMessages(job, ev.summary.messages)
    }
  }
  return { jobs: { ...state.jobs, [jobId]: job }, nextSeq: existing ? state.nextSeq : state.nextSeq + 1 }
}

/**
 * A batch scoring job, from `score.jobs` / `score.job` and followed through its events. Records
 * and events can cross (a list asked for before a job finished may answer after its
 * `score.done`), so each observation carries when it was known and only a newer one replaces it.
 */
export interface ScoreJobState extends MessageLog {
  jobId: string
  /** The backend's record: null until one arrives. */
  info: ScoreJobInfo | null
  infoAt: number
  status: ScoreJobInfo['status']
  statusAt: number
  progress: ScoreProgress | null
}

/** `at`: performance.now() when the event arrived, or when the record was asked for. */
type ScoreAction =
  | { type: 'event'; event: ApiEvent; at: number }
  | { type: 'started'; jobId: string; at: number }
  | { type: 'records'; jobs: ScoreJobInfo[]; at: number }

function blankScoreJob(jobId: string): ScoreJobState {
  return { jobId, info: null, infoAt: -Infinity, status: 'running', statusAt: -Infinity, progress: null, messages: [], messageCount: 0 }
}

function observeRecord(job: ScoreJobState, info: ScoreJobInfo, at: number): void {
  if (at >= job.infoAt) {
    job.info = info
    job.infoAt = at
  }
  if (at >= job.statusAt) {
    job.status = info.status
    job.statusAt = at
  }
  logMissedMessages(job, info.messages)
}

function scoreReducer(state: Record<string, ScoreJobState>, action: ScoreAction): Record<string, ScoreJobState> {
  const next = { ...state }
  const touch = (jobId: string) => (next[jobId] = { ...(state[jobId] ?? blankScoreJob(jobId)) })
  if (action.type === 'records') {
    for (const info of action.jobs) observeRecord(touch(info.jobId), info, action.at)
  } else if (action.type === 'started') {
    const job = touch(action.jobId)
    job.status = 'running'
    job.statusAt = action.at
  } else {
    const ev = action.event
    if (ev.type === 'score.progress') {
      const job = touch(ev.progress.jobId)
      job.progress = ev.progress
      if (action.at >= job.statusAt) {
        job.status = 'running'
        job.statusAt = action.at
      }
    } else if (ev.type === 'score.message') logMessage(touch(ev.jobId), ev.message)
    else if (ev.type === 'score.done') observeRecord(touch(ev.jobId), ev.job, action.at)
    else if (ev.type === 'score.deleted') delete next[ev.jobId]
    else return state
  }
  return next
}

/** Newest first; a job whose record has not arrived yet (just started) comes first. */
export function scoreJobsNewestFirst(jobs: Record<string, ScoreJobState>): ScoreJobState[] {
  return Object.values(jobs).sort((a, b) => (b.info?.createdAt ?? '\uffff').localeCompare(a.info?.createdAt ?? '\uffff'))
}

/** Pairs done, of total: the live count while running, else the record's. */
export function scorePairs(job: ScoreJobState): { done: number; total: number } {
  if (job.status === 'running' && job.progress) return { done: job.progress.pairsDone, total: job.progress.pairsTotal }
  return { done: job.info?.pairsDone ?? 0, total: job.info?.pairsTotal ?? 0 }
}

export function runningScoreJob(jobs: Record<string, ScoreJobState>): ScoreJobState | null {
  return scoreJobsNewestFirst(jobs).find((j) => j.status === 'running') ?? null
}

interface Store {
  info: Loadable<Output<'app.info'>>
  libraryVersion: number
  connection: ConnectionState
  jobs: Record<string, JobState>
  /** The job started from this window most recently, if any. */
  myJobId: string | null
  startIndexing: (paths: string[]) => Promise<string>
  imports: Record<string, ImportJobState>
  /** The import started from this window most recently, if any. */
  myImportId: string | null
  startImport: (input: Input<'import.start'>) => Promise<Output<'import.start'>>
  scoreJobs: Record<string, ScoreJobState>
  /** Whether `score.jobs` has answered once, and its last error. */
  scoreJobsLoaded: boolean
  scoreJobsError: Error | null
  reloadScoreJobs: () => void
  startScore: (input: Input<'score.start'>) => Promise<string>
  resumeScore: (jobId: string) => Promise<void>
  /** Fetches one job's record into the store; rejects (e.g. not-found) without touching it. */
  refreshScoreJob: (jobId: string) => Promise<void>
  evaluateScore: (jobId: string) => Promise<void>
}

const StoreContext = createContext<Store | null>(null)

export function StoreProvider({ children }: { children: ReactNode }) {
  const bridge = getBridge()
  const [libraryVersion, setLibraryVersion] = useState(0)
  const [connection, setConnection] = useState<ConnectionState>(bridge.connection())
  const [jobsState, dispatch] = useReducer(jobsReducer, { jobs: {}, nextSeq: 0 })
  const [myJobId, setMyJobId] = useState<string | null>(null)
  const [importsState, dispatchImport] = useReducer(importsReducer, { jobs: {}, nextSeq: 0 })
  const [myImportId, setMyImportId] = useState<string | null>(null)
  const [scoreJobs, dispatchScore] = useReducer(scoreReducer, {})
  const [scoreJobsLoaded, setScoreJobsLoaded] = useState(false)
  const [scoreJobsError, setScoreJobsError] = useState<Error | null>(null)
  const [scoreListNonce, setScoreListNonce] = useState(0)
  const recordsAsked = useRef(new Set<string>())
  const info = useApi('app.info', {})

  useEffect(() => {
    const offEvents = bridge.onEvent((event) => {
      if (event.type === 'library.changed') setLibraryVersion((v) => v + 1)
      else if (event.type.startsWith('import.')) dispatchImport({ type: 'event', event })
      else if (event.type.startsWith('score.')) dispatchScore({ type: 'event', event, at: performance.now() })
      else dispatch({ type: 'event', event })
    })
    const offConn = bridge.onConnection(setConnection)
    setConnection(bridge.connection())
    return () => {
      offEvents()
      offConn()
    }
  }, [bridge])

  // The job list, at start and whenever the library may have changed behind our back (a
  // reconnect sends library.changed), so a job's missed `score.done` is caught up.
  useEffect(() => {
    let live = true
    const at = performance.now()
    api('score.jobs', {}).then(
      ({ jobs }) => {
        if (!live) return
        dispatchScore({ type: 'records', jobs, at })
        setScoreJobsError(null)
        setScoreJobsLoaded(true)
      },
      (err: unknown) => {
        if (live) setScoreJobsError(err instanceof Error ? err : new Error(String(err)))
      },
    )
    return () => {
      live = false
    }
  }, [libraryVersion, scoreListNonce])

  const refreshScoreJob = useCallback(async (jobId: string) => {
    const at = performance.now()
    const record = await api('score.job', { jobId })
    dispatchScore({ type: 'records', jobs: [record], at })
  }, [])

  // A job first heard of through its events (started elsewhere, or just now), or whose run now
  // counts pairs its record does not know of (a folder source is read, then the pairs planned):
  // fetch its record, once per such change.
  useEffect(() => {
    for (const job of Object.values(scoreJobs)) {
      const key = `${job.jobId}\u0000${job.progress?.pairsTotal ?? ''}`
      const stale = !job.info || (job.progress !== null && job.progress.pairsTotal !== job.info.pairsTotal)
      if (!stale || recordsAsked.current.has(key)) continue
      recordsAsked.current.add(key)
      refreshScoreJob(job.jobId).catch(() => recordsAsked.current.delete(key))
    }
  }, [scoreJobs, refreshScoreJob])

  const store = useMemo<Store>(
    () => ({
      info,
      libraryVersion,
      connection,
      jobs: jobsState.jobs,
      myJobId,
      startIndexing: async (paths) => {
        const { jobId } = await api('index.start', { paths })
        dispatch({ type: 'started', jobId, paths })
        setMyJobId(jobId)
        return jobId
      },
      imports: importsState.jobs,
      myImportId,
      startImport: async (input) => {
        const started = await api('import.start', input)
        dispatchImport({ type: 'started', jobId: started.jobId, folder: input.folder, out: started.out })
        setMyImportId(started.jobId)
        return started
      },
      scoreJobs,
      scoreJobsLoaded,
      scoreJobsError,
      reloadScoreJobs: () => setScoreListNonce((n) => n + 1),
      // Stamped before asking: a tiny job's `score.done` may overtake the answer, and must win.
      startScore: async (input) => {
        const at = performance.now()
        const { jobId } = await api('score.start', input)
        dispatchScore({ type: 'started', jobId, at })
        return jobId
      },
      resumeScore: async (jobId) => {
        const at = performance.now()
        await api('score.resume', { jobId })
        dispatchScore({ type: 'started', jobId, at })
      },
      refreshScoreJob,
      evaluateScore: async (jobId) => {
        const at = performance.now()
        const record = await api('score.evaluate', { jobId })
        dispatchScore({ type: 'records', jobs: [record], at })
      },
    }),
    [info, libraryVersion, connection, jobsState, myJobId, importsState, myImportId, scoreJobs, scoreJobsLoaded, scoreJobsError, refreshScoreJob],
  )
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>
}

export function useStore(): Store {
  const s = useContext(StoreContext)
  if (!s) throw new Error('useStore outside StoreProvider')
  return s
}

export function latestJob(jobs: Record<string, JobState>): JobState | null {
  let best: JobState | null = null
  for (const j of Object.values(jobs)) if (!best || j.seq > best.seq) best = j
  return best
}

export function runningJob(jobs: Record<string, JobState>): JobState | null {
  let best: JobState | null = null
  for (const j of Object.values(jobs)) if (!j.summary && (!best || j.seq > best.seq)) best = j
  return best
}

export function latestImport(jobs: Record<string, ImportJobState>): ImportJobState | null {
  let best: ImportJobState | null = null
  for (const j of Object.values(jobs)) if (!best || j.seq > best.seq) best = j
  return best
}

export function runningImport(jobs: Record<string, ImportJobState>): ImportJobState | null {
  let best: ImportJobState | null = null
  for (const j of Object.values(jobs)) if (!j.summary && (!best || j.seq > best.seq)) best = j
  return best
}
