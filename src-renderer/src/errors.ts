// The renderer's errors: ApiError (a backend call that failed) and describeError, the one place
// any failure met in the page (a call's error, a thrown Error, an abort, any value thrown) becomes
// what a person reads, with the backend's code where there is one.
import type { CallErrorCode } from './types'

/** The backend's codes (src-main/errors.ts) and those only an API result carries. */
export type ErrorCode = CallErrorCode

// Keyed by the type, so the compiler fails here when the backend's list changes.
const CODES: Record<ErrorCode, true> = {
  'not-found': true,
  'invalid-input': true,
  conflict: true,
  cancelled: true,
  unsupported: true,
  io: true,
  'unknown-method': true,
  failed: true,
}
const isCode = (x: unknown): x is ErrorCode => typeof x === 'string' && Object.hasOwn(CODES, x)

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly method: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/** A failure as shown: its message, and the backend's code and method where it came from a call. */
export interface Problem {
  message: string
  code: ErrorCode | null
  method: string | null
}

const CANCELLED = 'Cancelled.'

export function describeError(error: unknown): Problem {
  if (error instanceof ApiError) return { message: error.message, code: error.code, method: error.method }
  if (typeof error === 'string') return { message: error || 'Unknown error.', code: null, method: null }
  if (typeof error !== 'object' || error === null) return { message: error === undefined || error === null ? 'Unknown error.' : String(error), code: null, method: null }
  const { name, message, code, method } = error as { name?: unknown; message?: unknown; code?: unknown; method?: unknown }
  // fetch and AbortSignal throw a DOMException whose message names no action ("signal is aborted without reason").
  if (name === 'AbortError') return { message: CANCELLED, code: 'cancelled', method: null }
  const text = typeof message === 'string' && message ? message : typeof name === 'string' && name ? name : String(error)
  return { message: text, code: isCode(code) ? code : null, method: typeof method === 'string' ? method : null }
}

export function errorMessage(error: unknown): string {
  return describeError(error).message
}
