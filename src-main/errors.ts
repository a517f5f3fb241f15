// The one error type of the backend. Its code says what kind of failure it is, so each door
// can answer in its own terms (an API result's code, the CLI's exit status) without parsing
// messages; its message is one sentence a person can act on, naming the file or id at fault.

export const ERROR_CODES = ['not-found', 'invalid-input', 'conflict', 'cancelled', 'unsupported', 'io'] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export class RefrainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'RefrainError'
  }
}

export const notFound = (message: string): RefrainError => new RefrainError('not-found', message)
export const invalidInput = (message: string): RefrainError => new RefrainError('invalid-input', message)
export const conflict = (message: string): RefrainError => new RefrainError('conflict', message)
export const cancelled = (message: string): RefrainError => new RefrainError('cancelled', message)
export const unsupported = (message: string): RefrainError => new RefrainError('unsupported', message)
export const ioError = (message: string, cause?: unknown): RefrainError => new RefrainError('io', message, { cause })

/** The code of any thrown value: ours as it is; a Node file-system error is `io`; anything else none. */
export function errorCode(error: unknown): ErrorCode | null {
  if (error instanceof RefrainError) return error.code
  const code = (error as NodeJS.ErrnoException | null)?.code
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code === 'ENOENT' ? 'not-found' : 'io'
  return null
}

/** The message of any thrown value, never a stack trace. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
