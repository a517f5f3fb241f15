// The boundary every door goes through: look the method up, validate the input against the
// contract, run the handler, and turn failures into messages rather than stack traces.
import { z } from 'zod'
import { NotFound } from '../index/queries'
import { methods, type CallResult, type MethodName, type Output } from './contract'

export type Handlers = {
  [M in MethodName]: (input: z.output<(typeof methods)[M]['input']>) => Output<M> | Promise<Output<M>>
}

export type Dispatch = (method: string, input: unknown) => Promise<CallResult<MethodName>>

const isMethod = (name: string): name is MethodName => Object.hasOwn(methods, name)

export function createDispatch(handlers: Handlers): Dispatch {
  return async (method, input) => {
    if (!isMethod(method)) return { ok: false, error: { code: 'unknown-method', message: `no API method "${method}"` } }
    const parsed = methods[method].input.safeParse(input ?? {})
    if (!parsed.success) {
      return { ok: false, error: { code: 'invalid-input', message: `${method}: ${z.prettifyError(parsed.error)}` } }
    }
    try {
      const handler = handlers[method] as (input: unknown) => unknown
      return { ok: true, value: (await handler(parsed.data)) as Output<MethodName> }
    } catch (error) {
      const code = error instanceof NotFound ? 'not-found' : 'failed'
      return { ok: false, error: { code, message: (error as Error).message } }
    }
  }
}
