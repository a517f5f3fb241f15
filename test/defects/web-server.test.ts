// Web mode against what a hostile client does: a slow upload must not be cut at 5 minutes
// (defect 2), a path of many long names gets a short 400 (defect 7), a page from another origin
// cannot open the event stream (defect 9), and the uploads folder has a total quota and is
// cleaned of folders no dataset uses (defect 10).
import { request } from 'node:http'
import { connect } from 'node:net'
import { existsSync, mkdirSync, readdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import WebSocket from 'ws'
import type { Dispatch } from '../../src-main/api/dispatch'
import { indexedAudioPaths } from '../../src-main/index/queries'
import { openDb } from '../../src-main/index/db'
import { runIndex } from '../../src-main/index/indexer'
import { cleanUploads, linkedUploads } from '../../src-main/server/upload'
import { startWebServer, type WebServer, type WebServerOptions } from '../../src-main/server/web'
import { removeTempDirs, tempDir } from '../helpers/fixtures'
import { wavTones } from '../helpers/media'

const servers: WebServer[] = []
let renderer: string

beforeAll(() => {
  renderer = join(tempDir(), 'renderer')
  mkdirSync(renderer)
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>test</title>')
})

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()))
  removeTempDirs()
})

const dispatch: Dispatch = async () => ({ ok: true, value: null }) as never

async function serve(options: Partial<WebServerOptions> = {}): Promise<WebServer & { uploads: string }> {
  const uploads = join(tempDir(), 'uploads')
  const server = await startWebServer({ dispatch, onEvent: () => () => {}, rendererDir: renderer, uploadsDir: uploads, ...options })
  servers.push(server)
  return Object.assign(server, { uploads: options.uploadsDir ?? uploads })
}

interface Reply {
  status: number
  body: string
}

/** A PUT whose body arrives in `chunks`, one every `everyMs` (chunked, or with a Content-Length). */
function put(server: WebServer, path: string, chunks: Buffer[], everyMs = 0, declare = true): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const total = chunks.reduce((n, c) => n + c.length, 0)
    const headers: Record<string, string | number> = { host: `127.0.0.1:${server.port}`, authorization: `Bearer ${server.token}` }
    if (declare) headers['content-length'] = total
    const req = request({ host: '127.0.0.1', port: server.port, path, method: 'PUT', headers }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode!, body: text }))
    })
    req.on('error', reject)
    let i = 0
    const next = () => {
      if (i === chunks.length) return void req.end()
      req.write(chunks[i++])
      setTimeout(next, everyMs)
    }
    next()
  })
}

describe('defect 2: long uploads are not cut by a whole-request timeout', () => {
  test('the server has no whole-request limit, and still limits slow headers', async () => {
    const server = await serve()
    expect(server.http.requestTimeout).toBe(0)
    expect(server.http.headersTimeout).toBe(60_000)
  })

  test('an upload that takes many times the (shortened) idle limit, sending all along, succeeds', async () => {
    const server = await serve({ uploadIdleTimeoutMs: 300 })
    const chunks = Array.from({ length: 12 }, (_, i) => Buffer.alloc(1000, i))
    const started = Date.now()
    const reply = await put(server, '/upload/slow_upload_1/Work/take.wav', chunks, 150)
    expect(Date.now() - started).toBeGreaterThan(1500)
    expect(reply.status, reply.body).toBe(200)
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true, bytes: 12_000 })
  })

  test('an upload that stops sending is stopped with 408 after the idle limit, leaving no file', async () => {
    const server = await serve({ uploadIdleTimeoutMs: 300 })
    const reply = await new Promise<Reply>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: server.port, path: '/upload/stalled_up1/take.wav', method: 'PUT', headers: { host: `127.0.0.1:${server.port}`, authorization: `Bearer ${server.token}`, 'content-length': 5000 } },
        (res) => {
          let text = ''
          res.on('data', (chunk) => (text += chunk))
          res.on('end', () => resolve({ status: res.statusCode!, body: text }))
        },
      )
      req.on('error', reject)
      req.write(Buffer.alloc(100))
    })
    expect(reply.status).toBe(408)
    expect(JSON.parse(reply.body).error).toMatch(/^no data for \d+ s: the upload of take\.wav stalled/)
    await expect.poll(() => readdirSync(join(server.uploads, 'stalled_up1'))).toEqual([])
  })

  test('headers that never end are still dropped (shortened headers limit)', async () => {
    const server = await serve({ headersTimeoutMs: 300 })
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(server.port, '127.0.0.1', () => socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n`))
      let text = ''
      socket.on('data', (chunk) => (text += chunk))
      socket.on('close', () => resolve(text))
      socket.on('error', () => resolve(text))
    })
    expect(answer).toMatch(/^HTTP\/1\.1 408/)
  })
})

describe('defect 7: a path of many long names', () => {
  test('is a 400 with a short message, not a 500 with the whole path', async () => {
    const server = await serve()
    const path = `/upload/long_path_01/${Array.from({ length: 20 }, (_, i) => `${i}${'n'.repeat(200)}`).join('/')}/take.wav`
    const reply = await put(server, path, [Buffer.from('x')])
    expect(reply.status).toBe(400)
    expect(reply.body.length).toBeLessThan(200)
    expect(JSON.parse(reply.body).error).toMatch(/file path is (longer than \d+ bytes|too long)/)
    expect(existsSync(join(server.uploads, 'long_path_01'))).toBe(false)
  })
})

describe('defect 9: the /events WebSocket and the Origin header', () => {
  function upgrade(server: WebServer, origin: string | undefined): Promise<number> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/events?token=${server.token}`, origin === undefined ? {} : { origin })
      ws.on('open', () => {
        ws.close()
        resolve(101)
      })
      ws.on('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0)
        ws.terminate()
      })
      ws.on('error', reject)
    })
  }

  test('a page of another origin is refused even with the token; our own page and Node clients are not', async () => {
    const server = await serve()
    for (const origin of ['http://evil.example', `http://localhost:${server.port}`, `http://127.0.0.1:${server.port + 1}`, `https://127.0.0.1:${server.port}`, 'null']) {
      expect(await upgrade(server, origin), origin).toBe(403)
    }
    expect(await upgrade(server, `http://127.0.0.1:${server.port}`)).toBe(101)
    expect(await upgrade(server, undefined)).toBe(101)
  })
})

describe('defect 10: the uploads folder has a quota and is cleaned up', () => {
  test('over the total quota: 413 saying so, nothing left; with or without a Content-Length', async () => {
    const server = await serve({ maxUploadTotalBytes: 10_000 })
    expect((await put(server, '/upload/quota_test1/a.wav', [Buffer.alloc(6000)])).status).toBe(200)
    const declared = await put(server, '/upload/quota_test2/b.wav', [Buffer.alloc(6000)])
    expect(declared.status).toBe(413)
    expect(JSON.parse(declared.body).error).toMatch(/^the uploads folder is full: it may hold 0\.00 GiB in all/)
    const streamed = await put(server, '/upload/quota_test2/c.wav', [Buffer.alloc(3000), Buffer.alloc(3000)], 20, false).catch(() => ({ status: 0, body: '' }))
    expect([413, 0]).toContain(streamed.status)
    await expect.poll(() => readdirSync(join(server.uploads, 'quota_test2'))).toEqual([])
    // What fits still goes in.
    expect((await put(server, '/upload/quota_test2/d.wav', [Buffer.alloc(4000)])).status).toBe(200)
  })

  test('cleanUploads deletes the upload folders no indexed dataset links to, keeps the linked and the recent ones', async () => {
    const dir = tempDir()
    const uploads = join(dir, 'uploads')
    const old = (Date.now() - 3 * 24 * 3600 * 1000) / 1000
    for (const id of ['linked_upload', 'unused_upload', 'recent_upload']) {
      mkdirSync(join(uploads, id, 'Work'), { recursive: true })
      writeFileSync(join(uploads, id, 'Work', 'take.wav'), wavTones(0.2))
      if (id !== 'recent_upload') {
        for (const path of [join(uploads, id, 'Work', 'take.wav'), join(uploads, id, 'Work'), join(uploads, id)]) utimesSync(path, old, old)
      }
    }
    // An imported dataset keeps its audio as links into the upload it came from.
    const audio = join(dir, 'datasets', 'mine', 'mine_audio', 'W_1')
    mkdirSync(audio, { recursive: true })
    symlinkSync(join(uploads, 'linked_upload', 'Work', 'take.wav'), join(audio, 'P_1.wav'))
    const db = openDb(join(dir, 'refrain.db'))
    try {
      await runIndex(db, { paths: [join(dir, 'datasets', 'mine')] })
      const keep = linkedUploads(uploads, indexedAudioPaths(db))
      expect([...keep]).toEqual(['linked_upload'])
      expect(await cleanUploads(uploads, keep)).toEqual(['unused_upload'])
      expect(readdirSync(uploads).sort()).toEqual(['linked_upload', 'recent_upload'])
      expect(await cleanUploads(uploads, keep, { minAgeMs: 0 })).toEqual(['recent_upload'])
      expect(readdirSync(uploads)).toEqual(['linked_upload'])
    } finally {
      db.close()
    }
  })

  test('after a cleanup the quota has room again', async () => {
    const server = await serve({ maxUploadTotalBytes: 10_000 })
    expect((await put(server, '/upload/quota_clean1/a.wav', [Buffer.alloc(8000)])).status).toBe(200)
    expect((await put(server, '/upload/quota_clean2/a.wav', [Buffer.alloc(8000)])).status).toBe(413)
    expect(await cleanUploads(server.uploads, new Set(), { minAgeMs: 0 })).toContain('quota_clean1')
    expect((await put(server, '/upload/quota_clean2/a.wav', [Buffer.alloc(8000)])).status).toBe(200)
  })
})
