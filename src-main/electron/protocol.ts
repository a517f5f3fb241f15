// The messages between Electron's main process and the backend's utility process. They carry
// only the backend's lifecycle and the one thing only the main process can do (the native open
// dialogs): API calls, events and media go over the backend's loopback web server, the protocol
// web mode serves (see relay.ts for why). No Electron import here, so Node tests speak it too.

/** What the backend needs to open the library; the rest it reads from its environment as every door does. */
export interface BackendStart {
  type: 'start'
  dbPath: string
  /** better-sqlite3 built for Electron's ABI, in a checkout; a packaged app's own copy is already built for it. */
  nativeBinding?: string
  version: string
  /** The built renderer: web mode's server refuses to start without one, and serves it to no one here. */
  rendererDir: string
}

import type { PickKind } from '../app/app'

const PICK_KINDS: readonly string[] = ['folder', 'model'] satisfies PickKind[]

export type ToBackend =
  | BackendStart
  /** The answer to a pick request: the chosen path, or null when the dialog was cancelled. */
  | { type: 'picked'; id: number; path: string | null }
  /** Index the bundled library if this database has not yet (after the window can show its progress). */
  | { type: 'default-library' }
  /** Cancel the running jobs, close the database, exit. */
  | { type: 'stop' }

export type FromBackend =
  /** Serving: `origin` is http://127.0.0.1:<port>, and every request needs `token`. */
  | { type: 'ready'; origin: string; token: string }
  /** Could not start (the database cannot be opened, …); the process exits after this. */
  | { type: 'failed'; message: string }
  | { type: 'pick'; id: number; what: PickKind }

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null

/** A message from the backend, or null for anything else (both ends are ours, but a port can carry anything). */
export function fromBackend(value: unknown): FromBackend | null {
  if (!isObject(value)) return null
  switch (value.type) {
    case 'ready':
      return typeof value.origin === 'string' && typeof value.token === 'string' ? { type: 'ready', origin: value.origin, token: value.token } : null
    case 'failed':
      return typeof value.message === 'string' ? { type: 'failed', message: value.message } : null
    case 'pick':
      return typeof value.id === 'number' && typeof value.what === 'string' && PICK_KINDS.includes(value.what) ? { type: 'pick', id: value.id, what: value.what as PickKind } : null
    default:
      return null
  }
}

/** A message to the backend, or null for anything else. */
export function toBackend(value: unknown): ToBackend | null {
  if (!isObject(value)) return null
  switch (value.type) {
    case 'start': {
      const { dbPath, nativeBinding, version, rendererDir } = value
      if (typeof dbPath !== 'string' || typeof version !== 'string' || typeof rendererDir !== 'string') return null
      if (nativeBinding !== undefined && typeof nativeBinding !== 'string') return null
      return { type: 'start', dbPath, version, rendererDir, ...(nativeBinding ? { nativeBinding } : {}) }
    }
    case 'picked':
      return typeof value.id === 'number' && (typeof value.path === 'string' || value.path === null) ? { type: 'picked', id: value.id, path: value.path } : null
    case 'default-library':
    case 'stop':
      return { type: value.type }
    default:
      return null
  }
}
