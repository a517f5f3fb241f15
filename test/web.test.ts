// server/web.ts with the real dispatch over a real Library: loopback only, the token, the Host
// check, static files with a CSP, no path traversal, and the /events WebSocket.
import { request } from 'node:http'
import { mkdirSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { networkInterfaces } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import WebSocket from 'ws'
import type { ApiEvent } from '../src-main/api/contract'
import { createApp, type App } from '../src-main/app/app'
import { startWebServer, type WebServer } from '../src-main/server/web'
import { COVERANALYSIS_JSON, FEATURES_SAMPLE, removeTempDirs, tempDir } from './helpers/fixtures'

const SECRET = 'do-not-serve-this'
let app: App
let server: WebServer
let origin: string

beforeAll(async () => {
  const dir = tempDir()
  app = createApp({ dbPath: join(dir, 'refrain.db'), door: { name: 'web', version: '9.9.9' } })
  await app.library.index([FEATURES_SAMPLE, COVERANALYSIS_JSON])
  // The renderer folder, with files beside it that must never be served.
  const site = join(dir, 'site')
  mkdirSync(join(site, 'renderer', 'assets'), { recursive: true })
  writeFileSync(join(site, 'renderer', 'index.html'), '<!doctype html><title>Refrain test page</title>')
  writeFileSync(join(site, 'renderer', 'assets', 'app.js'), 'console.log("hi")')
  writeFileSync(join(site, 'package.json'), JSON.stringify({ secret: SECRET }))
  mkdirSync(join(site, 'renderer-evil'))
  writeFileSync(join(site, 'renderer-evil', 'secret.txt'), SECRET)
  server = await startWebServer({
    dispatch: app.dispatch,
    onEvent: (listener) => app.onEvent(listener),
    rendererDir: join(site, 'renderer'),
  })
  origin = `127.0.0.1:${server.port}`
})

afterAll(async () => {
  await server?.close()
  await app?.close()
  removeTempDirs()
})

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** A raw HTTP request: the path is sent exactly as given (no URL normalisation by the client). */
function http(path: string, options: { method?: string; host?: string; token?: string; body?: string; address?: string; timeoutMs?: number } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: options.host ?? origin }
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`
    if (options.body !== undefined) headers['content-type'] = 'application/json'
    const req = request({ host: options.address ?? '127.0.0.1', port: server.port, path, method: options.method ?? 'GET', headers, timeout: options.timeoutMs ?? 3000 }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }))
    })
    req.on('timeout', () => req.destroy(new Error(`no answer to ${options.method ?? 'GET'} ${path} within ${options.timeoutMs ?? 3000} ms`)))
    req.on('error', reject)
    req.end(options.body)
  })
}

const api = (method: string, input: unknown, options: { token?: string; host?: string } = {}) =>
  http(`/api/${method}`, { method: 'POST', body: JSON.stringify(input), ...options })

/** Whether a TCP connection to address:port is accepted. */
function accepts(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port })
    socket.setTimeout(2000)
    socket.on('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.on('error', () => resolve(false))
    socket.on('timeout', () => {
      socket.destroy()
      resolve(false)
    })
  })
}

describe('where it listens', () => {
  test('on 127.0.0.1 only', async () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=`))
    expect(await accepts('127.0.0.1', server.port)).toBe(true)
    const external = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i && i.family === 'IPv4' && !i.internal)
      .map((i) => i!.address)
    for (const address of external) expect(await accepts(address, server.port), address).toBe(false)
    // On Linux all of 127/8 reaches this machine: a server bound to every address would answer here.
    if (process.platform === 'linux') expect(await accepts('127.0.0.2', server.port)).toBe(false)
  })
})

describe('the API and its token', () => {
  test('no token: 401', async () => {
    const reply = await api('library.performance', { perfId: 'P_547131' })
    expect(reply.status).toBe(401)
    expect(reply.body).not.toContain('Aki Aleong')
  })

  test('wrong token: 401 (also one of the same length, and one that is a prefix)', async () => {
    for (const token of ['wrong', 'x'.repeat(server.token.length), server.token.slice(0, -1), `${server.token}x`]) {
      expect((await api('library.performance', { perfId: 'P_547131' }, { token })).status, token).toBe(401)
    }
  })

  test('right token: the result', async () => {
    const reply = await api('library.performance', { perfId: 'P_547131' }, { token: server.token })
    expect(reply.status).toBe(200)
    expect(reply.headers['content-type']).toMatch(/application\/json/)
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true, value: { perfId: 'P_547131', artist: 'Aki Aleong', features: ['cens', 'crema', 'hpcp', 'key', 'madmom', 'mfcc', 'tags'] } })
  })

  test('errors come back as the contract\'s error results', async () => {
    const invalid = JSON.parse((await api('library.performance', { perfId: 'x' }, { token: server.token })).body)
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    const unknown = JSON.parse((await api('library.nothing', {}, { token: server.token })).body)
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown-method' } })
    const bad = await http('/api/library.search', { method: 'POST', token: server.token, body: '{"text": ' })
    expect(bad.status).toBe(400)
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    expect((await http('/api/library.datasets', { token: server.token })).status).toBe(405)
  })
})

describe('the Host header (DNS rebinding)', () => {
  test('localhost:PORT and evil.example:PORT are refused with 421, for the API and for pages', async () => {
    for (const host of [`localhost:${server.port}`, `evil.example:${server.port}`, '127.0.0.1', `127.0.0.1:${server.port + 1}`]) {
      expect((await api('library.datasets', {}, { token: server.token, host })).status, host).toBe(421)
      const page = await http('/', { host })
      expect(page.status, host).toBe(421)
      expect(page.body).not.toContain('Refrain test page')
    }
  })
})

describe('static files', () => {
  test('index.html and assets, with a Content-Security-Policy and the assets cached', async () => {
    const page = await http('/')
    expect(page.status).toBe(200)
    expect(page.body).toContain('Refrain test page')
    expect(page.headers['content-type']).toMatch(/text\/html/)
    const csp = String(page.headers['content-security-policy'])
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("object-src 'none'")
    expect(csp).toContain(`connect-src 'self' ws://${origin}`)
    expect(page.headers['x-content-type-options']).toBe('nosniff')
    const asset = await http('/assets/app.js')
    expect(asset.status).toBe(200)
    expect(asset.headers['content-type']).toMatch(/javascript/)
    expect(asset.headers['content-security-policy']).toBeDefined()
    // Assets are named by their content, so a browser keeps them; the page is asked for each time.
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(page.headers['cache-control']).toBe('no-cache')
    expect((await http('/no-such-file.js')).status).toBe(404)
  })

  test('path traversal, plain and encoded, is 404', async () => {
    const attempts = [
      '/../package.json',
      '/..%2fpackage.json',
      '/%2e%2e/package.json',
      '/%2e%2e%2fpackage.json',
      '/assets/../../package.json',
      '/assets/..%2f..%2fpackage.json',
      '/..%2frenderer-evil%2fsecret.txt',
      '/%2fetc%2fpasswd',
      '//etc/passwd',
    ]
    for (const path of attempts) {
      const reply = await http(path)
      expect(reply.status, path).toBe(404)
      expect(reply.body, path).not.toContain(SECRET)
    }
  })

  test('a malformed percent-encoding gets an error answer, and the server keeps serving', async () => {
    const reply = await http('/%E0%A4%A', { timeoutMs: 1500 }).catch((error: Error) => ({ status: 0, headers: {}, body: error.message }))
    expect([400, 404], `GET /%E0%A4%A: ${reply.body}`).toContain(reply.status)
    expect((await http('/')).status).toBe(200)
  })
})

describe('the /events WebSocket', () => {
  /** Resolves with the HTTP status a refused upgrade got, or 101 when it opened. */
  function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers })
      ws.on('open', () => {
        ws.close()
        resolve(101)
      })
      ws.on('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0)
        ws.terminate()
      })
      ws.on('error', (error) => reject(error))
    })
  }

  test('without the token, with a wrong one, or from another Host: refused', async () => {
    const base = `ws://${origin}/events`
    expect(await upgradeStatus(base)).toBe(401)
    expect(await upgradeStatus(`${base}?token=wrong`)).toBe(401)
    expect(await upgradeStatus(`ws://${origin}/elsewhere?token=${server.token}`)).toBe(401)
    expect(await upgradeStatus(`${base}?token=${server.token}`, { Host: `evil.example:${server.port}` })).toBe(401)
    expect(await upgradeStatus(`${base}?token=${server.token}`)).toBe(101)
  })

  test('with the token: index.progress and index.done for an index.start call', async () => {
    const events: ApiEvent[] = []
    const ws = new WebSocket(`ws://${origin}/events?token=${server.token}`)
    await new Promise<void>((resolve, reject) => {
      ws.on('open', () => resolve())
      ws.on('error', reject)
    })
    let jobId = ''
    const done = new Promise<void>((resolve) => {
      ws.on('message', (data) => {
        const event = JSON.parse(String(data)) as ApiEvent
        events.push(event)
        if (event.type === 'index.done' && event.jobId === jobId) resolve()
      })
    })
    try {
      const reply = JSON.parse((await api('index.start', { paths: [FEATURES_SAMPLE] }, { token: server.token })).body)
      expect(reply).toMatchObject({ ok: true, value: { jobId: expect.any(String) } })
      jobId = reply.value.jobId
      // The done event may already be in: look again now that the id is known.
      if (!events.some((e) => e.type === 'index.done' && e.jobId === jobId)) await done
      const progress = events.filter((e) => e.type === 'index.progress' && e.progress.jobId === jobId)
      expect(progress.length).toBeGreaterThan(0)
      const finished = events.find((e) => e.type === 'index.done' && e.jobId === jobId)
      expect(finished).toMatchObject({ type: 'index.done', jobId, summary: { filesSeen: 7, filesFailed: 0, cancelled: false } })
      expect(events.some((e) => e.type === 'library.changed')).toBe(true)
    } finally {
      ws.close()
    }
  })
})
