// Reads Da-TACOS feature files (deepdish/PyTables HDF5: chunked, shuffle+gzip) with h5wasm,
// and turns HDF5's error stack into one sentence a researcher can act on.
import h5wasm from 'h5wasm/node'
import type { Dataset, Group } from 'h5wasm/node'

let ready: Promise<void> | null = null

/** h5wasm loads a WebAssembly module once per process; every reader awaits this. */
export function h5Ready(): Promise<void> {
  ready ??= h5wasm.ready.then((module) => {
    // Without this HDF5 prints its whole diagnostic stack to stderr for every bad file.
    module.activate_throwing_error_handler()
  })
  return ready
}

export class H5ReadError extends Error {}

/** The last frame of an HDF5 error stack says what is actually wrong with the file. */
export function explainH5Error(error: unknown): string {
  const text = String((error as Error)?.message ?? error)
  const truncated = /truncated file: eof = (\d+).*stored_eof = (\d+)/.exec(text)
  if (truncated) return `truncated HDF5 file (${truncated[1]} of ${truncated[2]} bytes present)`
  if (/file signature not found/.test(text)) return 'not an HDF5 file'
  const frames = [...text.matchAll(/#\d+: .* in (\w+)\(\): (.+)/g)]
  const last = frames.at(-1)
  if (last) return `HDF5 could not read it (${last[2].trim()})`
  return text.split('\n')[0]
}

/** HDF5's type class of a dataset's values, as far as a reader of numbers cares. */
export type H5Numeric = 'float' | 'integer' | 'other'

export type H5Node =
  | { type: 'dataset'; shape: number[]; dtype: string; numeric: H5Numeric }
  | { type: 'group'; keys: string[]; attrs: Record<string, unknown> }

export interface H5Handle {
  rootAttrs: Record<string, unknown>
  keys(): string[]
  node(name: string): H5Node | null
  /** All values of a numeric dataset, in row-major order. */
  values(name: string): Float32Array | Float64Array | Int32Array | BigInt64Array | number[]
  close(): void
}

function attrsOf(group: Group): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, attr] of Object.entries(group.attrs)) {
    try {
      out[name] = attr.value
    } catch {
      out[name] = null
    }
  }
  return out
}

/** Opens an HDF5 file read-only; throws H5ReadError with a readable reason. */
export async function openH5(path: string): Promise<H5Handle> {
  await h5Ready()
  let file: InstanceType<typeof h5wasm.File>
  try {
    file = new h5wasm.File(path, 'r')
  } catch (error) {
    throw new H5ReadError(explainH5Error(error))
  }
  const guard = <T>(what: () => T): T => {
    try {
      return what()
    } catch (error) {
      throw new H5ReadError(explainH5Error(error))
    }
  }
  return {
    rootAttrs: guard(() => attrsOf(file)),
    keys: () => guard(() => file.keys()),
    node(name) {
      return guard(() => {
        const entity = file.get(name)
        if (!entity) return null
        if (entity instanceof h5wasm.Dataset) {
          // H5T_class: 0 is H5T_INTEGER, 1 is H5T_FLOAT.
          const typeClass = (entity.metadata as { type?: number } | undefined)?.type
          const numeric: H5Numeric = typeClass === 1 ? 'float' : typeClass === 0 ? 'integer' : 'other'
          return { type: 'dataset', shape: [...(entity.shape ?? [])], dtype: String(entity.dtype), numeric }
        }
        if (entity instanceof h5wasm.Group) {
          return { type: 'group', keys: entity.keys(), attrs: attrsOf(entity) }
        }
        return null
      })
    },
    values(name) {
      return guard(() => {
        const entity = file.get(name)
        if (!(entity instanceof h5wasm.Dataset)) throw new H5ReadError(`no dataset "${name}"`)
        return (entity as Dataset).value as Float32Array
      })
    },
    close: () => file.close(),
  }
}
