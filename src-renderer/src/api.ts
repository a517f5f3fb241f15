// Calling the backend from React: api() (a call that rejects with an ApiError), useApi (a value
// kept fresh as its input or the library changes), useAction and useCancelJob (a button's call).
import { useCallback, useEffect, useRef, useState } from 'react'
import { getBridge } from './bridge'
import { ApiError, describeError, type Problem } from './errors'
import type { Input, MethodName, Output } from './types'

/** Call a backend method; resolves with its value or rejects with an ApiError. */
export async function api<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> {
  const result = await getBridge().call(method, input)
  if (result.ok) return result.value
  throw new ApiError(result.error.code, result.error.message, method)
}

export interface Loadable<T> {
  data: T | undefined
  error: Problem | undefined
  loading: boolean
  reload: () => void
}

/**
 * Fetch `method(input)` whenever the input (compared as JSON) or `version` changes.
 * Keeps the previous value while a refresh is in flight, so views don't flash.
 */
export function useApi<M extends MethodName>(method: M, input: Input<M> | null, version = 0): Loadable<Output<M>> {
  const key = input === null ? null : JSON.stringify(input)
  const [state, setState] = useState<{ key: string | null; data?: Output<M>; error?: Problem; loading: boolean }>({
    key,
    loading: key !== null,
  })
  const [nonce, setNonce] = useState(0)
  const seq = useRef(0)

  useEffect(() => {
    if (key === null) {
      setState({ key, loading: false })
      return
    }
    const my = ++seq.current
    setState((s) => ({ key, data: s.key === key ? s.data : undefined, error: undefined, loading: true }))
    api(method, JSON.parse(key) as Input<M>).then(
      (data) => {
        if (seq.current === my) setState({ key, data, loading: false })
      },
      (error: unknown) => {
        if (seq.current === my)
          setState((s) => ({ key, data: s.key === key ? s.data : undefined, error: describeError(error), loading: false }))
      },
    )
  }, [method, key, version, nonce])

  const reload = useCallback(() => setNonce((n) => n + 1), [])
  const sameKey = state.key === key
  return {
    data: sameKey ? state.data : undefined,
    error: sameKey ? state.error : undefined,
    loading: sameKey ? state.loading : key !== null,
    reload,
  }
}

/**
 * The value once it stops changing for `ms`, except that a change after a quiet spell of `ms`
 * applies at once: the first key typed answers without delay, and the keys that follow it quickly
 * wait for a pause (one request per burst of typing, not one per key). The change that applies at
 * once does so in the render that sees it, not in an effect and a second render after it.
 */
export function useDebounced<T>(value: T, ms: number): T {
  const [state, setState] = useState({ seen: value, applied: value, changedAt: -Infinity })
  let { applied } = state
  if (!Object.is(state.seen, value)) {
    const now = performance.now()
    if (now - state.changedAt >= ms) applied = value
    setState({ seen: value, applied, changedAt: now })
  }
  useEffect(() => {
    if (Object.is(applied, value)) return
    const t = window.setTimeout(() => setState((s) => (Object.is(s.seen, value) ? { ...s, applied: value } : s)), ms)
    return () => window.clearTimeout(t)
  }, [applied, value, ms])
  return applied
}

/**
 * A button's call to the backend: whether it is in flight, and its error if it failed. With
 * `staysBusy` it stays busy after success, for calls whose effect arrives later as an event
 * (a cancelled job says it stopped when it has).
 */
export function useAction(action: () => Promise<unknown>, staysBusy = false) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<Problem | null>(null)
  const run = async () => {
    setBusy(true)
    setError(null)
    try {
      await action()
      if (!staysBusy) setBusy(false)
    } catch (err) {
      setError(describeError(err))
      setBusy(false)
    }
  }
  return { run, busy, error }
}

/** Cancelling a running job: whether the request is in flight, and its error if it failed. */
export function useCancelJob(method: 'index.cancel' | 'import.cancel' | 'score.cancel', jobId: string) {
  const { run, busy, error } = useAction(() => api(method, { jobId }), true)
  return { cancel: run, cancelling: busy, cancelError: error }
}
