// The main process's side of the backend: starts the utility process, relays the window's calls,
// events and media to it, answers its folder-dialog requests, and reports when it dies.
//
// Why relay over HTTP and a WebSocket instead of a message codec of our own over the utility
// port: the backend then serves exactly web mode's protocol (POST /api/<method> with a bearer
// token, the /events socket, GET /media with Range), so every call the Electron window makes goes
// through the same request handling, JSON encoding and media serving that web mode and its
// end-to-end tests exercise every day; a second codec would be a second path to keep equal. The
// cost is one loopback socket per app, guarded as web mode's is (127.0.0.1, Host check, a fresh
// token per start that only this process knows: the renderer never sees it), and a JSON round
// trip per call, which is small beside the reads behind it. No Electron import: the tests drive
// this against a real backend in a Node child process.
import WebSocket from 'ws'
import type { ApiEvent, CallResult, MethodName } from '../api/contract'
import type { PickKind } from '../app/app'
import { fromBackend, type BackendStart, type ToBackend } from './protocol'

/** The backend process as the relay sees it: Electron's UtilityProcess, or a Node ChildProcess in tests. */
export interface BackendChild {
  send(message: ToBackend): void
  onMessage(listener: (message: unknown) => void): void
  onExit(listener: (code: number | null) => void): void
  /** Its standard error, kept so that a crash can be shown with its last words. */
  stderr?: NodeJS.ReadableStream | null
  kill(): void
}

export interface BackendExit {
  code: number | null
  /** What the backend said before it went: a start failure's message, else the end of its stderr. */
  detail: string
}

export interface RelayOptions {
  spawn: () => BackendChild
  start: Omit<BackendStart, 'type'>
  /** The native open dialogs, which only the main process can show. */
  pick: (what: PickKind) => Promise<string | null>
  /** Every event of the backend, for the window. */
  onEvent: (event: ApiEvent) => void
  /** The backend exited without being asked to (after it was ready). */
  onCrash: (exit: BackendExit) => void
  /** How long a start may take before it counts as failed; opening a large database's WAL takes a while. */
  readyTimeoutMs?: number
}

type Failure = { ok: false; error: { code: 'failed'; message: string } }
const failure = (message: string): Failure => ({ ok: false, error: { code: 'failed', message } })

const STDERR_TAIL = 4000

/** A message to a backend that may have died meanwhile (a dialog left open across a crash): its exit is reported, not this. */
function post(child: BackendChild, message: ToBackend): void {
  try {
    child.send(message)
  } catch {
    // The exit handler reports the death.
  }
}

/** fetch says only "fetch failed"; the socket's own code (ECONNREFUSED, ECONNRESET) is in its cause. */
const why = (error: unknown) => (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message

interface Running {
  child: BackendChild
  origin: string
  token: string
  socket: WebSocket
}

export class BackendRelay {
  private running: Running | null = null
  private starting: Promise<void> | null = null
  private stopping = false
  private stderrTail = ''
  private restarts = 0

  constructor(private readonly options: RelayOptions) {}

  /** Whether the backend is up and answering. */
  get ready(): boolean {
    return this.running !== null
  }

  /** Starts the backend (again, after a crash) and resolves once it serves and its events flow; rejects with why it could not. */
  start(): Promise<void> {
    this.stopping = false
    this.starting ??= this.launch().finally(() => {
      this.starting = null
    })
    return this.starting
  }

  // Async so that a spawn that throws (no resources folder, no backend file) rejects the start.
  private async launch(): Promise<void> {
    const child = this.options.spawn()
    this.stderrTail = ''
    child.stderr?.on('data', (chunk: Buffer | string) => {
      process.stderr.write(chunk)
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-STDERR_TAIL)
    })
    return new Promise<void>((resolve, reject) => {
      let settled = false
      let said = ''
      const settle = (error: Error | null) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        if (error) reject(error)
        else resolve()
      }
      const timeoutMs = this.options.readyTimeoutMs ?? 60_000
      const timer = setTimeout(() => {
        settle(new Error(`the backend did not start within ${Math.round(timeoutMs / 1000)} s`))
        child.kill()
      }, timeoutMs)

      child.onMessage((raw) => {
        const message = fromBackend(raw)
        if (!message) return
        if (message.type === 'pick') {
          this.options.pick(message.what).then(
            (path) => post(child, { type: 'picked', id: message.id, path }),
            () => post(child, { type: 'picked', id: message.id, path: null }),
          )
        } else if (message.type === 'failed') {
          said = message.message
          settle(new Error(message.message))
        } else if (!settled) {
          this.connectEvents(message.origin, message.token).then(
            (socket) => {
              this.running = { child, origin: message.origin, token: message.token, socket }
              // Views may hold what a crashed backend served: have every one reload.
              if (this.restarts++ > 0) this.options.onEvent({ type: 'library.changed' })
              settle(null)
            },
            (error: Error) => {
              settle(new Error(`the backend started but its event stream did not open: ${error.message}`))
              child.kill()
            },
          )
        }
      })

      child.onExit((code) => {
        const wasRunning = this.running?.child === child
        if (wasRunning) {
          this.running?.socket.terminate()
          this.running = null
        }
        const detail = said || this.stderrTail.trim()
        settle(new Error(detail || `the backend exited (code ${code}) before it was ready`))
        if (wasRunning && !this.stopping) this.options.onCrash({ code, detail })
      })

      child.send({ type: 'start', ...this.options.start })
    })
  }

  private connectEvents(origin: string, token: string): Promise<WebSocket> {
    const url = `${origin.replace(/^http/, 'ws')}/events?token=${encodeURIComponent(token)}`
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url)
      socket.once('open', () => {
        socket.off('error', reject)
        // After this, an error closes the socket; the backend's exit is what the relay reports.
        socket.on('error', () => {})
        resolve(socket)
      })
      socket.once('error', reject)
      socket.on('message', (data, isBinary) => {
        if (isBinary) return
        let event: ApiEvent
        try {
          event = JSON.parse(data.toString()) as ApiEvent
        } catch {
          return
        }
        if (event && typeof event.type === 'string') this.options.onEvent(event)
      })
    })
  }

  /** The backend that is up, waiting for one that is starting; null when none is. */
  private async current(): Promise<Running | null> {
    if (this.starting) await this.starting.catch(() => {})
    return this.running
  }

  /** One API call, answered as web mode answers it; never throws. */
  async call(method: string, input: unknown): Promise<CallResult<MethodName>> {
    const backend = await this.current()
    if (!backend) return failure(`${method}: Refrain's backend is not running (it stopped; restart it from the dialog, or restart Refrain).`)
    let response: Response
    try {
      response = await fetch(`${backend.origin}/api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${backend.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(input ?? {}),
      })
    } catch (error) {
      return failure(`${method}: Refrain's backend stopped while answering (${why(error)}).`)
    }
    const text = await response.text().catch(() => '')
    try {
      const parsed = JSON.parse(text) as CallResult<MethodName>
      if (parsed && typeof parsed === 'object' && typeof parsed.ok === 'boolean') return parsed
    } catch {
      // Not JSON: reported below with the status.
    }
    return failure(`${method}: the backend answered HTTP ${response.status}${text ? `: ${text.trim().slice(0, 300)}` : ''}`)
  }

  /**
   * A refrain-media://audio/<dataset>/<perfId> request, answered by the backend's /media route
   * (Range and all), with the CORS header the waveform's fetch from the page's origin needs.
   */
  async media(request: Request): Promise<Response> {
    const backend = await this.current()
    if (!backend) return new Response('Refrain\'s backend is not running', { status: 503 })
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('method not allowed', { status: 405 })
    const url = new URL(request.url)
    // A standard scheme's host is the first segment: refrain-media://audio/<dataset>/<perfId>.
    const target = new URL(`/media/${url.hostname}${url.pathname}`, backend.origin)
    target.searchParams.set('token', backend.token)
    const headers: Record<string, string> = {}
    const range = request.headers.get('range')
    if (range) headers.Range = range
    let answer: Response
    try {
      answer = await fetch(target, { method: request.method, headers })
    } catch (error) {
      return new Response(`Refrain's backend stopped while serving the audio (${why(error)})`, { status: 503 })
    }
    const out = new Headers(answer.headers)
    out.set('Access-Control-Allow-Origin', '*')
    return new Response(answer.body, { status: answer.status, statusText: answer.statusText, headers: out })
  }

  /** Asks the backend to index the bundled library if its database has not yet. */
  indexDefaultLibrary(): void {
    if (this.running) post(this.running.child, { type: 'default-library' })
  }

  /** Asks the backend to stop (jobs cancelled, database closed) and waits for it to exit; kills it after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true
    await this.starting?.catch(() => {})
    const backend = this.running
    if (!backend) return
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        backend.child.kill()
        resolve()
      }, graceMs)
      backend.child.onExit(() => {
        clearTimeout(timer)
        resolve()
      })
      backend.child.send({ type: 'stop' })
    })
  }
}
