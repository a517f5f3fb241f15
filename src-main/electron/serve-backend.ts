// The backend half of the Electron app, run in a utility process: one App (createApp) served by
// web mode's own server on 127.0.0.1 with a fresh token that only the main process learns. Its
// parent channel carries the lifecycle and the folder-dialog round trip (protocol.ts). Free of
// Electron so that a Node child process runs the very same code in the tests.
import type { ApiEvent } from '../api/contract'
import { createApp, type App } from '../app/app'
import { serveApp } from '../server/serve-app'
import type { WebServer } from '../server/web'
import type { PickKind } from '../app/app'
import { toBackend, type BackendStart, type FromBackend } from './protocol'

/** The channel to the parent: Electron's process.parentPort, or Node's IPC in a forked child. */
export interface ParentLink {
  post(message: FromBackend): void
  onMessage(listener: (message: unknown) => void): void
}

/** Serves until told to stop; `stop` is for a parent that went away without saying so. */
export function serveBackend(link: ParentLink, exit: (code: number) => void): { stop(): Promise<void> } {
  let app: App | null = null
  let server: WebServer | null = null
  let stopping: Promise<void> | null = null
  let nextPick = 1
  const picks = new Map<number, (path: string | null) => void>()
  // The bundled library's first indexing reports through hooks, not the App's events; these
  // listeners are the web server's event sockets, so its progress reaches the window too.
  const sockets = new Set<(event: ApiEvent) => void>()

  const pick = (what: PickKind) =>
    new Promise<string | null>((resolve) => {
      const id = nextPick++
      picks.set(id, resolve)
      link.post({ type: 'pick', id, what })
    })

  const start = async (options: BackendStart) => {
    if (app) return
    try {
      app = createApp({
        dbPath: options.dbPath,
        ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
        door: { name: 'electron', version: options.version, pick },
      })
      const opened = app
      server = await serveApp(opened, {
        onEvent: (listener) => {
          sockets.add(listener)
          const unsubscribe = opened.onEvent(listener)
          return () => {
            sockets.delete(listener)
            unsubscribe()
          }
        },
        rendererDir: options.rendererDir,
      })
      link.post({ type: 'ready', origin: `http://127.0.0.1:${server.port}`, token: server.token })
    } catch (error) {
      link.post({ type: 'failed', message: (error as Error).message })
      await stop(1)
    }
  }

  let indexingDefault = false
  const indexDefaultLibrary = () => {
    const opened = app
    // Two runs at once would index the same folders twice over.
    if (!opened || indexingDefault) return
    indexingDefault = true
    const broadcast = (event: ApiEvent) => {
      for (const listener of [...sockets]) listener(event)
    }
    opened
      .ensureDefaultLibrary({ onProgress: (progress) => broadcast({ type: 'index.progress', progress }) })
      // Not one of the App's jobs: say it finished, so every view reloads what it shows.
      .then((summary) => {
        if (summary) broadcast({ type: 'library.changed' })
      })
      .catch((error: Error) => console.error(`refrain backend: indexing the bundled library failed: ${error.message}`))
      .finally(() => {
        indexingDefault = false
      })
  }

  const stop = (code: number): Promise<void> => {
    stopping ??= (async () => {
      try {
        await server?.close()
        await app?.close()
      } catch (error) {
        console.error(`refrain backend: closing failed: ${(error as Error).message}`)
        code = code || 1
      }
      exit(code)
    })()
    return stopping
  }

  link.onMessage((raw) => {
    const message = toBackend(raw)
    if (!message) return console.error('refrain backend: ignoring a message that is not ours', raw)
    switch (message.type) {
      case 'start':
        return void start(message)
      case 'picked':
        picks.get(message.id)?.(message.path)
        picks.delete(message.id)
        return
      case 'default-library':
        return indexDefaultLibrary()
      case 'stop':
        return void stop(0)
    }
  })
  return { stop: () => stop(0) }
}
