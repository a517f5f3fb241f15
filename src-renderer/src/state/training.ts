// The training job the Models page follows: its epochs (the live plot's points), whether it is
// running, stopping or finished, and how it ended. Kept outside the page so leaving the page and
// coming back while a model trains shows the same curve; fed by train.progress and train.done.
import { useSyncExternalStore } from 'react'
import type { Input, TrainDone, TrainProgress } from '../../../src-main/api/contract'
import { api } from '../api'
import { getBridge } from '../bridge'
import { createStore } from './smallStore'

export type TrainingStatus = 'running' | 'stopping' | 'done' | 'stopped' | 'failed'

export interface TrainingState {
  jobId: string | null
  request: Input<'train.start'> | null
  epochs: TrainProgress[]
  status: TrainingStatus | null
  done: TrainDone | null
}

type Action =
  | { type: 'started'; jobId: string; request: Input<'train.start'> }
  | { type: 'progress'; progress: TrainProgress }
  | { type: 'stopping' }
  | { type: 'done'; done: TrainDone }

const initial: TrainingState = { jobId: null, request: null, epochs: [], status: null, done: null }

function reduce(state: TrainingState, action: Action): TrainingState {
  switch (action.type) {
    case 'started':
      return { jobId: action.jobId, request: action.request, epochs: [], status: 'running', done: null }
    case 'progress': {
      const p = action.progress
      if (p.jobId !== state.jobId) return state
      // The runner may coalesce reports; an epoch already drawn is replaced, never doubled.
      const rest = state.epochs.filter((e) => !(e.epoch === p.epoch && e.lossName === p.lossName))
      return { ...state, epochs: [...rest, p] }
    }
    case 'stopping':
      return state.status === 'running' ? { ...state, status: 'stopping' } : state
    case 'done': {
      const d = action.done
      if (d.jobId !== state.jobId) return state
      return { ...state, done: d, status: d.error ? 'failed' : d.interrupted ? 'stopped' : 'done' }
    }
  }
}

const store = createStore(reduce, initial)
let listening = false
/** Events of a job whose start call has not answered yet (a Python that is missing fails at once). */
let early: Action[] = []

function listen(): void {
  if (listening) return
  listening = true
  getBridge().onEvent((event) => {
    let action: Action
    if (event.type === 'train.progress') action = { type: 'progress', progress: event.progress }
    else if (event.type === 'train.done') action = { type: 'done', done: event.done }
    else return
    const jobId = action.type === 'progress' ? action.progress.jobId : action.done.jobId
    if (jobId === store.get().jobId) store.dispatch(action)
    else early = [...early.slice(-50), action]
  })
}

export const training = {
  async start(request: Input<'train.start'>): Promise<void> {
    listen()
    const { jobId } = await api('train.start', request)
    const mine = early.filter((a) => (a.type === 'progress' ? a.progress.jobId : a.type === 'done' ? a.done.jobId : null) === jobId)
    early = []
    store.dispatch({ type: 'started', jobId, request }, ...mine)
  },
  async cancel(): Promise<void> {
    const { jobId } = store.get()
    if (!jobId) return
    store.dispatch({ type: 'stopping' })
    await api('train.cancel', { jobId })
  },
}

export function useTraining(): TrainingState {
  listen()
  return useSyncExternalStore(store.subscribe, store.get)
}
