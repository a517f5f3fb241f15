// App-wide state fed by backend events: app info, a library version that moves on every
// `library.changed`, the indexing jobs seen (with their progress, messages and summary),
// and the state of the event connection.
import { createContext, useContext, useEffect, useMemo, useReducer, useState, type ReactNode } from 'react'
import { api, useApi, type Loadable } from './api'
import { getBridge, type ConnectionState } from './bridge'
import type { ApiEvent, ImportProgress, ImportSummary, IndexMessage, IndexProgress, IndexSummary, Input, Output } from './types'

export const MAX_KEPT_MESSAGES = 2000

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

const messageKey = (m: IndexMessage) => `${m.level}\u0000${m.file}\u0000${m.message}`

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
    else if (ev.type === 'import.message') {
      job.messageCount += 1
      if (job.messages.length < MAX_KEPT_MESSAGES) job.messages = [...job.messages, ev.message]
    } else if (ev.type === 'import.done') {
      job.summary = ev.summary
      job.out = ev.summary.out
      const seen = new Set(job.messages.map(messageKey))
      const missed = ev.summary.messages.filter((m) => !seen.has(messageKey(m)))
      if (missed.length) {
        job.messages = [...job.messages, ...missed].slice(0, MAX_KEPT_MESSAGES)
        job.messageCount = Math.max(job.messageCount + missed.length, ev.summary.messages.length)
      }
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
    else if (ev.type === 'index.message') {
      job.messageCount += 1
      if (job.messages.length < MAX_KEPT_MESSAGES) job.messages = [...job.messages, ev.message]
    } else if (ev.type === 'index.done') {
      job.summary = ev.summary
      // The summary repeats the messages; keep any we missed (e.g. sent before we listened).
      const seen = new Set(job.messages.map((m) => `${m.level}\u0000${m.file}\u0000${m.message}`))
      const missed = ev.summary.messages.filter((m) => !seen.has(`${m.level}\u0000${m.file}\u0000${m.message}`))
      if (missed.length) {
        job.messages = [...job.messages, ...missed].slice(0, MAX_KEPT_MESSAGES)
        job.messageCount = Math.max(job.messageCount + missed.length, ev.summary.messages.length)
      }
    }
  }
  return { jobs: { ...state.jobs, [jobId]: job }, nextSeq: existing ? state.nextSeq : state.nextSeq + 1 }
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
  const info = useApi('app.info', {})

  useEffect(() => {
    const offEvents = bridge.onEvent((event) => {
      if (event.type === 'library.changed') setLibraryVersion((v) => v + 1)
      else if (event.type.startsWith('import.')) dispatchImport({ type: 'event', event })
      else dispatch({ type: 'event', event })
    })
    const offConn = bridge.onConnection(setConnection)
    setConnection(bridge.connection())
    return () => {
      offEvents()
      offConn()
    }
  }, [bridge])

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
    }),
    [info, libraryVersion, connection, jobsState, myJobId, importsState, myImportId],
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
