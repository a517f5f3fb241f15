// Web mode: the renderer and the API on 127.0.0.1 only, for machines with no Electron window
// (and for datasets kept on a remote box, reached through an SSH tunnel). Every API call and
// event stream needs the per-launch token; a Host header other than our own address is
// refused, which stops DNS-rebinding pages from talking to us, and the event stream refuses
// pages of other origins. There is no limit on a whole request's time (uploads over a tunnel
// take long); slow headers and stalled uploads are limited instead.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import { WebSocketServer } from 'ws'
import type { Dispatch } from '../api/dispatch'
import type { ApiEvent } from '../api/contract'
import { uploadsDir } from '../library/paths'
import { audioTarget, serveMedia, type MediaFile } from '../media/serve'
import { reportsDir } from '../report/service'
import { Downloads } from './downloads'
import { handleUpload, MAX_UPLOAD_TOTAL_BYTES, UPLOAD_IDLE_TIMEOUT_MS } from './upload'

export interface WebServerOptions {
  dispatch: Dispatch
  onEvent: (listener: (event: ApiEvent) => void) => () => void
  rendererDir: string
  /** Where a performance's audio file lies (GET /media/audio/<dataset>/<perfId>?token=…), or null when it has none. */
  audioFile?: (dataset: string, perfId: string) => MediaFile | null
  /** The reports folder GET /download?path=… serves report.write's files from; default: reports/ in the per-user data folder. */
  reportsDir?: string
  /** Where PUT /upload/<uploadId>/<path> writes; default: uploads/ in the per-user data folder (REFRAIN_HOME). */
  uploadsDir?: string
  /** The largest one uploaded file may be; default 4 GiB. */
  maxUploadBytes?: number
  /** The most the uploads folder may hold in all; default MAX_UPLOAD_TOTAL_BYTES (20 GiB). */
  maxUploadTotalBytes?: number
  /** An upload that sends nothing for this long is stopped; default UPLOAD_IDLE_TIMEOUT_MS (2 minutes). */
  uploadIdleTimeoutMs?: number
  /** A client must have sent a request's headers within this; default HEADERS_TIMEOUT_MS. */
  headersTimeoutMs?: number
  port?: number
  token?: string
}

export interface WebServer {
  url: string
  port: number
  token: string
  /** The Node server, for its timeouts. */
  http: Server
  close(): Promise<void>
}

/** Node's own default: long enough for any real client, short enough to drop one that trickles headers. */
export const HEADERS_TIMEOUT_MS = 60_000

const MAX_BODY_BYTES = 1 << 20

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}

function contentSecurityPolicy(origin: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    // The graph layout's worker (graphology-layout-forceatlas2) starts from a blob: URL.
    "worker-src 'self' blob:",
    `connect-src 'self' ws://${origin}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ')
}

function sameToken(given: string | null, token: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' })
  res.end(body)
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) throw new Error('request body too large')
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  let origin = ''
  const root = normalize(options.rendererDir + sep)
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`the renderer is not built (${join(root, 'index.html')} is missing): run \`npm run build\``)
  }

  const serveStatic = (pathname: string, res: ServerResponse) => {
    let relative: string
    try {
      relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '')
    } catch {
      return send(res, 400, 'malformed path')
    }
    const file = normalize(join(root, relative))
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) return send(res, 404, 'not found')
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': contentSecurityPolicy(origin),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      // The build names every asset by its content: a window opened again takes them (and the code
      // compiled from them) from the browser's cache. The page itself is asked for each time.
      'Cache-Control': relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    })
    createReadStream(file).pipe(res)
  }

  const downloads = new Downloads(() => options.reportsDir ?? reportsDir())

  const headersTimeout = options.headersTimeoutMs ?? HEADERS_TIMEOUT_MS
  const server = createServer(
    // Node checks its timeouts on this interval: a short headers timeout needs a shorter one.
    { requestTimeout: 0, headersTimeout, connectionsCheckingInterval: Math.max(50, Math.min(30_000, Math.floor(headersTimeout / 4))) },
    (req, res) => {
      handle(req, res).catch((error: Error) => {
        if (!res.headersSent) send(res, 500, `internal error: ${error.message}`)
        else res.destroy()
      })
    },
  )

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.headers.host !== origin) return send(res, 421, 'wrong Host header: this server answers only as ' + origin)
    const url = new URL(req.url ?? '/', `http://${origin}`)
    if (url.pathname.startsWith('/media/')) return handleMedia(req, res, url)
    if (url.pathname === '/download') {
      if (!sameToken(url.searchParams.get('token'), token)) return send(res, 401, 'missing or wrong token')
      const refusal = await downloads.serve(req, res, url.searchParams.get('path'))
      if (refusal) send(res, refusal.status, refusal.message)
      return
    }
    // Routed on the raw path too: the upload handler refuses what URL normalisation would hide (`a/../b`).
    const upload = url.pathname.startsWith('/upload/') || (req.url ?? '').startsWith('/upload/')
    if (!url.pathname.startsWith('/api/') && !upload) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed')
      return serveStatic(url.pathname, res)
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? null
    if (!sameToken(bearer, token)) {
      // An upload's body is not read: close instead of draining it.
      if (upload) res.setHeader('Connection', 'close')
      return send(res, 401, 'missing or wrong token')
    }
    if (upload) {
      return handleUpload(req, res, {
        uploadsDir: () => options.uploadsDir ?? uploadsDir(),
        ...(options.maxUploadBytes !== undefined ? { maxFileBytes: options.maxUploadBytes } : {}),
        maxTotalBytes: options.maxUploadTotalBytes ?? MAX_UPLOAD_TOTAL_BYTES,
        idleTimeoutMs: options.uploadIdleTimeoutMs ?? UPLOAD_IDLE_TIMEOUT_MS,
      })
    }
    if (req.method !== 'POST') return send(res, 405, 'API calls are POST')
    let input: unknown
    try {
      const body = await readBody(req)
      input = body ? JSON.parse(body) : {}
    } catch (error) {
      return send(res, 400, JSON.stringify({ ok: false, error: { code: 'invalid-input', message: (error as Error).message } }), 'application/json')
    }
    const method = url.pathname.slice('/api/'.length)
    const result = await options.dispatch(method, input)
    downloads.note(method, result)
    send(res, 200, JSON.stringify(result), 'application/json')
  }

  // <audio> cannot send an Authorization header: media takes the token from the query.
  const handleMedia = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    if (!sameToken(url.searchParams.get('token'), token)) return send(res, 401, 'missing or wrong token')
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed')
    const [, , kind = '', ...rest] = url.pathname.split('/')
    const target = audioTarget(kind, rest)
    if (target === 'malformed') return send(res, 400, 'malformed path')
    if (!target) return send(res, 404, 'not found')
    const { dataset, perfId } = target
    const file = options.audioFile?.(dataset, perfId) ?? null
    if (!file) return send(res, 404, `no audio for ${perfId} in dataset ${dataset}`)
    try {
      await serveMedia(req, res, file)
    } catch (error) {
      if (res.headersSent) res.destroy()
      else send(res, 404, `the audio file of ${perfId} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
    }
  }

  const sockets = new WebSocketServer({ noServer: true })
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://${origin}`)
    if (req.headers.host !== origin || url.pathname !== '/events' || !sameToken(url.searchParams.get('token'), token)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n')
      return
    }
    // Browsers send Origin with every WebSocket and let any page open one: a page elsewhere that
    // learnt the token must still not read our events. Node clients send none.
    const from = req.headers.origin
    if (from !== undefined && from !== `http://${origin}`) {
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nthe event stream answers only pages of this server\n')
      return
    }
    sockets.handleUpgrade(req, socket, head, (ws) => {
      const unsubscribe = options.onEvent((event) => ws.send(JSON.stringify(event)))
      ws.on('close', unsubscribe)
    })
  })

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolvePromise())
  })
  const { port } = server.address() as AddressInfo
  origin = `127.0.0.1:${port}`
  return {
    url: `http://${origin}/?token=${token}`,
    port,
    token,
    http: server,
    close: () =>
      new Promise((resolvePromise) => {
        for (const client of sockets.clients) client.terminate()
        sockets.close()
        server.close(() => resolvePromise())
        server.closeAllConnections()
      }),
  }
}
