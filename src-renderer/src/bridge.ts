// Transport to the backend. In Electron the preload exposes `window.refrain`; in web mode
// (`refrain serve`) calls go over HTTP with a bearer token and events over a WebSocket.
import { errorMessage } from './errors'
import type { ApiEvent, CallResult, Input, MethodName, RefrainBridge } from './types'

declare global {
  interface Window {
    refrain?: RefrainBridge
  }
}

/** 'unavailable': web mode without an access token, so no event stream can be opened. */
export type ConnectionState = 'connecting' | 'open' | 'closed' | 'unavailable'

const TOKEN_KEY = 'refrain.token'

/** Take `?token=` from the address into sessionStorage and out of the visible URL. */
export function takeToken(): string | null {
  const params = new URLSearchParams(window.location.search)
  const fromUrl = params.get('token')
  if (fromUrl) {
    try {
      sessionStorage.setItem(TOKEN_KEY, fromUrl)
    } catch {
      /* storage disabled: keep it in memory only */
    }
    params.delete('token')
    const query = params.toString()
    const clean = window.location.pathname + (query ? `?${query}` : '') + window.location.hash
    window.history.replaceState(window.history.state, '', clean)
    memoryToken = fromUrl
    return fromUrl
  }
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? memoryToken
  } catch {
    return memoryToken
  }
}
let memoryToken: string | null = null

function failure<M extends MethodName>(message: string): CallResult<M> {
  return { ok: false, error: { code: 'failed', message } }
}

function isCallResult(x: unknown): x is CallResult<MethodName> {
  if (typeof x !== 'object' || x === null) return false
  const r = x as { ok?: unknown; error?: unknown }
  if (r.ok === true) return 'value' in r
  return r.ok === false && typeof r.error === 'object' && r.error !== null
}

type ConnectionListener = (state: ConnectionState) => void

export interface Bridge extends RefrainBridge {
  readonly door: 'electron' | 'web'
  connection(): ConnectionState
  onConnection(listener: ConnectionListener): () => void
}

/** 16 random bytes in base64url: 22 characters of [A-Za-z0-9_-], what the server takes as an upload id. */
function newUploadId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/**
 * The first folder every relative path shares, as a suffix for the server's `folder` (with that
 * folder's separator), or '' when the paths do not all start with one folder.
 */
function commonFolder(paths: string[], serverFolder: string): string {
  const firsts = paths.map((p) => p.split('/').filter((s) => s !== ''))
  const top = firsts[0]?.[0]
  if (!top || !firsts.every((segments) => segments.length >= 2 && segments[0] === top)) return ''
  const separator = serverFolder.includes('\\') && !serverFolder.includes('/') ? '\\' : '/'
  return separator + top
}

class WebBridge implements Bridge {
  readonly door = 'web' as const
  private readonly token: string | null
  private readonly listeners = new Set<(event: ApiEvent) => void>()
  private readonly connListeners = new Set<ConnectionListener>()
  private socket: WebSocket | null = null
  private state: ConnectionState = 'closed'
  private retryMs = 500
  private retryTimer: number | undefined
  private everOpened = false

  constructor() {
    this.token = takeToken()
  }

  async call<M extends MethodName>(method: M, input: Input<M>): Promise<CallResult<M>> {
    if (!this.token) {
      return failure(
        'No access token. Open Refrain with the full address that `refrain serve` printed (it ends in ?token=…).',
      )
    }
    let response: Response
    try {
      response = await fetch(new URL(`/api/${method}`, window.location.origin), {
        method: 'POST',
        headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(input ?? {}),
      })
    } catch (err) {
      return failure(`Cannot reach the Refrain backend (${errorMessage(err)}).`)
    }
    const text = await response.text().catch(() => '')
    try {
      const parsed: unknown = JSON.parse(text)
      if (isCallResult(parsed)) return parsed as CallResult<M>
    } catch {
      /* not JSON: reported below */
    }
    const detail = text.trim().slice(0, 300)
    const hint = response.status === 401 || response.status === 403 ? ' The access token was refused; reopen the address that `refrain serve` printed.' : ''
    return failure(`${method}: HTTP ${response.status} ${response.statusText}${detail ? ` — ${detail}` : ''}.${hint}`)
  }

  onEvent(listener: (event: ApiEvent) => void): () => void {
    this.listeners.add(listener)
    if (!this.socket && this.retryTimer === undefined) this.connect()
    return () => {
      this.listeners.delete(listener)
    }
  }

  connection(): ConnectionState {
    return this.state
  }

  /** GET /media/audio/<dataset>/<perfId>: <audio> sends no Authorization header, so the token rides in the query. */
  audioUrl(dataset: string, perfId: string): string {
    const url = new URL(`/media/audio/${encodeURIComponent(dataset)}/${encodeURIComponent(perfId)}`, window.location.origin)
    if (this.token) url.searchParams.set('token', this.token)
    return url.toString()
  }

  /**
   * PUT /upload/<id>/<relative path> for each file in turn (the body is the File itself, which the
   * browser streams from disk); progress moves file by file. Resolves with the server folder that
   * holds what was dropped: the dropped folder itself when every path starts with the same folder.
   */
  async uploadFolder(
    files: { relativePath: string; file: File }[],
    onProgress: (sentBytes: number, totalBytes: number, file: string) => void,
    signal?: AbortSignal,
  ): Promise<string> {
    if (!this.token) throw new Error('No access token. Open Refrain with the full address that `refrain serve` printed (it ends in ?token=…).')
    if (files.length === 0) throw new Error('There are no files to upload.')
    const id = newUploadId()
    const total = files.reduce((sum, f) => sum + f.file.size, 0)
    let sent = 0
    let folder = ''
    for (const { relativePath, file } of files) {
      signal?.throwIfAborted()
      onProgress(sent, total, relativePath)
      const path = relativePath.split('/').filter((s) => s !== '').map(encodeURIComponent).join('/')
      let response: Response
      try {
        response = await fetch(new URL(`/upload/${id}/${path}`, window.location.origin), {
          method: 'PUT',
          headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/octet-stream' },
          body: file,
          signal,
        })
      } catch (err) {
        if (signal?.aborted) throw err
        throw new Error(`Uploading ${relativePath} failed: the server could not be reached or closed the connection (${errorMessage(err)}).`)
      }
      const text = await response.text().catch(() => '')
      let answer: { ok?: boolean; folder?: unknown; error?: unknown } = {}
      try {
        answer = JSON.parse(text) as typeof answer
      } catch {
        /* not JSON: reported below */
      }
      if (!response.ok || answer.ok !== true || typeof answer.folder !== 'string') {
        const why = typeof answer.error === 'string' ? answer.error : text.trim().slice(0, 300) || response.statusText
        const hint = response.status === 401 ? ' The access token was refused; reopen the address that `refrain serve` printed.' : ''
        throw new Error(`Uploading ${relativePath} failed: HTTP ${response.status} — ${why}.${hint}`)
      }
      folder = answer.folder
      sent += file.size
      onProgress(sent, total, relativePath)
    }
    return folder + commonFolder(files.map((f) => f.relativePath), folder)
  }

  onConnection(listener: ConnectionListener): () => void {
    this.connListeners.add(listener)
    return () => {
      this.connListeners.delete(listener)
    }
  }

  private setState(state: ConnectionState): void {
    if (state === this.state) return
    this.state = state
    for (const l of this.connListeners) l(state)
  }

  private connect(): void {
    this.retryTimer = undefined
    if (!this.token) {
      this.setState('unavailable')
      return
    }
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws'
    const url = `${scheme}://${window.location.host}/events?token=${encodeURIComponent(this.token)}`
    this.setState('connecting')
    let socket: WebSocket
    try {
      socket = new WebSocket(url)
    } catch {
      this.scheduleReconnect()
      return
    }
    this.socket = socket
    socket.onopen = () => {
      this.retryMs = 500
      this.setState('open')
      // Anything may have changed while we were away: have every view refresh.
      if (this.everOpened) this.emit({ type: 'library.changed' })
      this.everOpened = true
    }
    socket.onmessage = (msg) => {
      if (typeof msg.data !== 'string') return
      let event: ApiEvent
      try {
        event = JSON.parse(msg.data) as ApiEvent
      } catch {
        return
      }
      if (event && typeof event.type === 'string') this.emit(event)
    }
    socket.onclose = () => {
      if (this.socket === socket) this.socket = null
      this.setState('closed')
      this.scheduleReconnect()
    }
    socket.onerror = () => {
      /* onclose follows and schedules the retry */
    }
  }

  private scheduleReconnect(): void {
    if (this.retryTimer !== undefined) return
    const delay = this.retryMs
    this.retryMs = Math.min(this.retryMs * 2, 10_000)
    this.retryTimer = window.setTimeout(() => this.connect(), delay + Math.random() * 250)
  }

  private emit(event: ApiEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(event)
      } catch (err) {
        console.error('event listener failed', err)
      }
    }
  }
}

class ElectronBridge implements Bridge {
  readonly door = 'electron' as const
  constructor(private readonly inner: RefrainBridge) {}
  async call<M extends MethodName>(method: M, input: Input<M>): Promise<CallResult<M>> {
    try {
      return await this.inner.call(method, input)
    } catch (err) {
      return failure(`${method} failed: ${errorMessage(err)}`)
    }
  }
  onEvent(listener: (event: ApiEvent) => void): () => void {
    return this.inner.onEvent(listener)
  }
  audioUrl(dataset: string, perfId: string): string {
    return this.inner.audioUrl(dataset, perfId)
  }
  pathForFile(file: File): string {
    if (!this.inner.pathForFile) throw new Error('this window cannot tell where a dropped file lies')
    return this.inner.pathForFile(file)
  }
  connection(): ConnectionState {
    return 'open'
  }
  onConnection(): () => void {
    return () => {}
  }
}

let instance: Bridge | null = null

/** The one bridge of this page: the preload's in Electron, otherwise the web client. */
export function getBridge(): Bridge {
  if (!instance) instance = window.refrain ? new ElectronBridge(window.refrain) : new WebBridge()
  return instance
}
