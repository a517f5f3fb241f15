// The boundary every door goes through: look the method up, validate the input against the
// contract, run the handler, and turn failures into coded messages rather than stack traces.
import { z } from 'zod'
import { errorCode, errorMessage } from '../errors'
import { methods, type CallResult, type MethodName, type Output } from './contract'

export type Handler<M extends MethodName> = (input: z.output<(typeof methods)[M]['input']>) => Output<M> | Promise<Output<M>>

/** The methods one capability answers, registered beside its code. */
export type HandlerMap<M extends MethodName> = { [K in M]: Handler<K> }

export type Dispatch = (method: string, input: unknown) => Promise<CallResult<MethodName>>

const isMethod = (name: string): name is MethodName => Object.hasOwn(methods, name)

export function createDispatch(handlers: HandlerMap<MethodName>): Dispatch {
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
      return { ok: false, error: { code: errorCode(error) ?? 'failed', message: errorMessage(error) } }
    }
  }
}
