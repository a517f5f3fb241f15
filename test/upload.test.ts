// PUT /upload/<uploadId>/<path> (server/upload.ts through server/web.ts) with the real dispatch
// over a real Library: the token, the Host check, no way out of the upload folder, the size
// cap, exact bytes under names in any script, and nothing left behind by an aborted upload.
import { request } from 'node:http'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createApp, type App } from '../src-main/app/app'
import { parseUploadPath } from '../src-main/server/upload'
import { startWebServer, type WebServer } from '../src-main/server/web'
import { COVERANALYSIS_JSON, FEATURES_SAMPLE, removeTempDirs, tempDir } from './helpers/fixtures'
import { wavTones } from './helpers/media'

const MAX = 1 << 20
let app: App
let server: WebServer
let origin: string
let home: string
let previousHome: string | undefined

beforeAll(async () => {
  const dir = tempDir()
  // The uploads folder is <appHome()>/uploads: REFRAIN_HOME decides where that is.
  home = join(dir, 'home')
  previousHome = process.env.REFRAIN_HOME
  process.env.REFRAIN_HOME = home
  app = createApp({ dbPath: join(dir, 'refrain.db'), door: { name: 'web', version: '9.9.9' } })
  await app.library.index([FEATURES_SAMPLE, COVERANALYSIS_JSON])
  mkdirSync(join(dir, 'renderer'))
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>Refrain test page</title>')
  server = await startWebServer({
    dispatch: app.dispatch,
    onEvent: (listener) => app.onEvent(listener),
    rendererDir: join(dir, 'renderer'),
    maxUploadBytes: MAX,
  })
  origin = `127.0.0.1:${server.port}`
})

afterAll(async () => {
  await server?.close()
  await app?.close()
  if (previousHome === undefined) delete process.env.REFRAIN_HOME
  else process.env.REFRAIN_HOME = previousHome
  removeTempDirs()
})

interface Reply {
  status: number
  body: string
}

/** A raw PUT: the path goes out exactly as given (no URL normalisation by the client). */
function put(path: string, body: Buffer | string, options: { host?: string; token?: string | null; method?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const bytes = Buffer.from(body)
    const headers: Record<string, string | number> = { host: options.host ?? origin, 'content-type': 'application/octet-stream', 'content-length': bytes.length }
    const token = options.token === undefined ? server.token : options.token
    if (token !== null) headers.authorization = `Bearer ${token}`
    const req = request({ host: '127.0.0.1', port: server.port, path, method: options.method ?? 'PUT', headers, timeout: 5000 }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode!, body: text }))
    })
    req.on('timeout', () => req.destroy(new Error(`no answer to PUT ${path}`)))
    req.on('error', reject)
    req.end(bytes)
  })
}

const uploads = () => join(home, 'uploads')

/** Every file under `dir`, relative, with forward slashes (hidden temporary files included). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1).split('\\').join('/'))
    .sort()
}

const enc = (rel: string) => rel.split('/').map(encodeURIComponent).join('/')

describe('who may upload', () => {
  test('no token, or a wrong one: 401, and nothing written', async () => {
    expect((await put('/upload/abcdefgh01/x.wav', 'data', { token: null })).status).toBe(401)
    expect((await put('/upload/abcdefgh01/x.wav', 'data', { token: 'wrong' })).status).toBe(401)
    expect((await put('/upload/abcdefgh01/x.wav', 'data', { token: server.token.slice(0, -1) })).status).toBe(401)
    expect(existsSync(join(uploads(), 'abcdefgh01'))).toBe(false)
  })

  test('another Host: 421 (DNS rebinding), and nothing written', async () => {
    for (const host of [`localhost:${server.port}`, `evil.example:${server.port}`, '127.0.0.1']) {
      expect((await put('/upload/abcdefgh02/x.wav', 'data', { host })).status, host).toBe(421)
    }
    expect(existsSync(join(uploads(), 'abcdefgh02'))).toBe(false)
  })

  test('only PUT', async () => {
    expect((await put('/upload/abcdefgh03/x.wav', 'data', { method: 'POST' })).status).toBe(405)
  })
})

describe('no way out of the upload folder', () => {
  test('.., encoded .., absolute paths, encoded slashes, empty segments, NUL and bad ids: 400', async () => {
    const attempts = [
      '/upload/abcdefgh04/../escape.wav',
      '/upload/abcdefgh04/sub/../../escape.wav',
      '/upload/abcdefgh04/%2e%2e/escape.wav',
      '/upload/abcdefgh04/%2E%2E/escape.wav',
      '/upload/abcdefgh04/.%2e/escape.wav',
      '/upload/abcdefgh04/%2e%2e%2fescape.wav',
      '/upload/abcdefgh04/..%5cescape.wav',
      '/upload/abcdefgh04//etc/escape.wav',
      '/upload/abcdefgh04/%2fetc%2fescape.wav',
      '/upload/abcdefgh04/./escape.wav',
      '/upload/abcdefgh04/a%00b.wav',
      '/upload/abcdefgh04/',
      '/upload/abcdefgh04',
      '/upload/../abcdefgh04/escape.wav',
      '/upload/short/escape.wav',
      '/upload/abc.defgh/escape.wav',
      `/upload/${'x'.repeat(65)}/escape.wav`,
      '/upload/abcdefgh04/%E0%A4%A.wav',
    ]
    for (const path of attempts) {
      const reply = await put(path, 'not here')
      expect(reply.status, `${path}: ${reply.body}`).toBe(400)
    }
    expect(filesUnder(home).filter((f) => f.includes('escape'))).toEqual([])
    expect(existsSync(join(home, 'escape.wav'))).toBe(false)
  })

  test('the path check on its own', () => {
    expect(parseUploadPath('/upload/abcdefgh05/Work%20A/tone.wav')).toEqual({ uploadId: 'abcdefgh05', segments: ['Work A', 'tone.wav'] })
    expect(parseUploadPath('/upload/abcdefgh05/C%3A/x.wav', 'win32')).toHaveProperty('error')
    expect(parseUploadPath('/upload/abcdefgh05/C%3A/x.wav', 'linux')).toEqual({ uploadId: 'abcdefgh05', segments: ['C:', 'x.wav'] })
  })
})

describe('an upload', () => {
  test('lands at uploads/<id>/<relative path> with the exact bytes, under names in any script', async () => {
    const id = 'Good-upload_01'
    const wav = wavTones(0.5, [440, 660])
    const names = ['Лебединое озеро/Па-де-де (live).wav', '月亮代表我的心/邓丽君 “1977”.wav', "Work A/Don't Stop — it's 'quoted'.wav", 'loose file.wav']
    for (const [i, rel] of names.entries()) {
      const bytes = Buffer.concat([wav, Buffer.from([i])])
      const reply = await put(`/upload/${id}/${enc(rel)}`, bytes)
      expect(reply.status, reply.body).toBe(200)
      const answer = JSON.parse(reply.body) as { ok: boolean; folder: string; file: string; bytes: number }
      expect(answer).toMatchObject({ ok: true, folder: join(uploads(), id), file: join(uploads(), id, ...rel.split('/')), bytes: bytes.length })
      expect(readFileSync(join(uploads(), id, ...rel.split('/'))).equals(bytes)).toBe(true)
    }
    expect(filesUnder(join(uploads(), id))).toEqual([...names].sort())
  })

  test('an empty file is a file; the same path again replaces it', async () => {
    const id = 'replace_upload'
    expect((await put(`/upload/${id}/a.wav`, '')).status).toBe(200)
    expect(readFileSync(join(uploads(), id, 'a.wav')).length).toBe(0)
    expect((await put(`/upload/${id}/a.wav`, 'second')).status).toBe(200)
    expect(readFileSync(join(uploads(), id, 'a.wav'), 'utf8')).toBe('second')
    // A file where a folder is wanted, and a folder where a file is wanted: 409.
    expect((await put(`/upload/${id}/a.wav/b.wav`, 'x')).status).toBe(409)
    expect((await put(`/upload/${id}/sub/c.wav`, 'x')).status).toBe(200)
    expect((await put(`/upload/${id}/sub`, 'x')).status).toBe(409)
    expect(filesUnder(join(uploads(), id))).toEqual(['a.wav', 'sub/c.wav'])
  })

  test('over the size cap: 413, and nothing left', async () => {
    const id = 'too_large_01'
    const reply = await put(`/upload/${id}/big.wav`, Buffer.alloc(MAX + 1))
    expect(reply.status).toBe(413)
    expect(filesUnder(join(uploads(), id))).toEqual([])
    // Exactly at the cap is fine.
    expect((await put(`/upload/${id}/fits.wav`, Buffer.alloc(MAX, 7))).status).toBe(200)
  })

  test('over the cap without a Content-Length (chunked): 413, and nothing left', async () => {
    const id = 'too_large_02'
    const reply = await new Promise<Reply>((resolve, reject) => {
      const req = request({
        host: '127.0.0.1',
        port: server.port,
        path: `/upload/${id}/big.wav`,
        method: 'PUT',
        headers: { host: origin, authorization: `Bearer ${server.token}`, 'transfer-encoding': 'chunked' },
      }, (res) => {
        let text = ''
        res.on('data', (chunk) => (text += chunk))
        res.on('end', () => resolve({ status: res.statusCode!, body: text }))
      })
      req.on('error', reject)
      const chunk = Buffer.alloc(64 * 1024, 1)
      let sent = 0
      const more = () => {
        while (sent <= MAX * 2) {
          sent += chunk.length
          if (!req.write(chunk)) return void req.once('drain', more)
        }
        req.end()
      }
      more()
    }).catch((error: Error) => ({ status: 0, body: error.message }))
    // The answer comes before the whole body was sent; a client may see the reset instead.
    expect([413, 0], reply.body).toContain(reply.status)
    await expect.poll(() => filesUnder(join(uploads(), id))).toEqual([])
    expect((await put('/upload/still_serving/x.wav', 'ok')).status).toBe(200)
  })

  test('an aborted upload leaves no file, not even a half one', async () => {
    const id = 'aborted_upload'
    const folder = join(uploads(), id, 'Work A')
    await new Promise<void>((resolve) => {
      const req = request({
        host: '127.0.0.1',
        port: server.port,
        path: `/upload/${id}/${enc('Work A/half.wav')}`,
        method: 'PUT',
        headers: { host: origin, authorization: `Bearer ${server.token}`, 'content-length': 100_000 },
      })
      req.on('error', () => resolve())
      req.write(Buffer.alloc(40_000, 3))
      // Once the server has made the folder and is writing, the client goes away.
      const wait = setInterval(() => {
        if (existsSync(folder) && readdirSync(folder).length > 0) {
          clearInterval(wait)
          req.destroy()
          resolve()
        }
      }, 10)
    })
    await expect.poll(() => (existsSync(folder) ? readdirSync(folder) : []), { timeout: 5000 }).toEqual([])
    expect(existsSync(join(folder, 'half.wav'))).toBe(false)
  })
})
