// The renderer's one error helper (src-renderer/src/errors.ts): whatever a view catches — a
// backend call's error, a thrown Error, an aborted request or upload, any other value — becomes a
// sentence to show, with the backend's code where there is one.
import { describe, expect, test } from 'vitest'
import { ApiError, describeError, errorMessage } from '../../src-renderer/src/errors'
import type { CallResult } from '../../src-renderer/src/types'

describe('describeError', () => {
  test('a failed call rejected as ApiError: its message, code and method', () => {
    expect(describeError(new ApiError('not-found', 'no scoring job "x"', 'score.job'))).toEqual({ message: 'no scoring job "x"', code: 'not-found', method: 'score.job' })
  })

  test('a CallResult error as it came over the wire, every code the API gives', () => {
    const codes = ['not-found', 'invalid-input', 'conflict', 'cancelled', 'unsupported', 'io', 'unknown-method', 'failed'] as const
    for (const code of codes) {
      const result: CallResult<'score.job'> = { ok: false, error: { code, message: `it went ${code}` } }
      if (result.ok) throw new Error('unreachable')
      expect(describeError(result.error)).toEqual({ message: `it went ${code}`, code, method: null })
    }
  })

  test('a thrown Error: its message, no code', () => {
    expect(describeError(new TypeError('x is not a function'))).toEqual({ message: 'x is not a function', code: null, method: null })
  })

  test('an abort (fetch, AbortSignal) says it was cancelled, not "signal is aborted without reason"', () => {
    const controller = new AbortController()
    controller.abort()
    let thrown: unknown
    try {
      controller.signal.throwIfAborted()
    } catch (err) {
      thrown = err
    }
    expect(describeError(thrown)).toEqual({ message: 'Cancelled.', code: 'cancelled', method: null })
    expect(describeError(new DOMException('The user aborted a request.', 'AbortError')).code).toBe('cancelled')
  })

  test('any other value: a string as it is, nothing as "Unknown error.", an object by its message', () => {
    expect(errorMessage('disk full')).toBe('disk full')
    expect(errorMessage(undefined)).toBe('Unknown error.')
    expect(errorMessage(null)).toBe('Unknown error.')
    expect(errorMessage(42)).toBe('42')
    expect(errorMessage({ message: 'from a worker' })).toBe('from a worker')
    expect(describeError({ code: 'bogus', message: 'odd' }).code).toBeNull()
  })

  test('describing what was described gives the same', () => {
    const once = describeError(new ApiError('conflict', 'the job is running', 'score.delete'))
    expect(describeError(once)).toEqual(once)
  })
})
