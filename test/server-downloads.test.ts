// GET /download in web mode: a report that report.write wrote into the reports folder comes back
// as an attachment, byte for byte; without the token, a file report.write did not write (even in
// the reports folder), one it wrote elsewhere, a path that climbs out, and a file gone since are
// all refused with the reason.
import { request } from 'node:http'
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createApp, type App } from '../src-main/app/app'
import { attachment } from '../src-main/server/downloads'
import { startWebServer, type WebServer } from '../src-main/server/web'
import { COVERANALYSIS_JSON, FEATURES_SAMPLE, removeTempDirs, tempDir } from './helpers/fixtures'

let app: App
let server: WebServer
let reports: string
let elsewhere: string
let dataset: string

beforeAll(async () => {
  const dir = tempDir()
  app = createApp({ dbPath: join(dir, 'refrain.db'), door: { name: 'web', version: '0' } })
  await app.library.index([FEATURES_SAMPLE, COVERANALYSIS_JSON])
  dataset = app.library.datasets()[0]!.name
  const site = join(dir, 'renderer')
  mkdirSync(site)
  writeFileSync(join(site, 'index.html'), '<!doctype html><title>t</title>')
  reports = join(dir, 'reports')
  elsewhere = join(dir, 'elsewhere')
  mkdirSync(reports)
  server = await startWebServer({ dispatch: app.dispatch, onEvent: (l) => app.onEvent(l), rendererDir: site, reportsDir: reports })
}, 120_000)

afterAll(async () => {
  await server?.close()
  await app?.close()
  removeTempDirs()
})

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

function http(path: string, method = 'GET', body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: `127.0.0.1:${server.port}` }
    if (body !== undefined) Object.assign(headers, { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' })
    const req = request({ host: '127.0.0.1', port: server.port, path, method, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** report.write through the web door's API, as the Export menu calls it. */
async function writeReport(input: Record<string, unknown>): Promise<string> {
  const reply = await http('/api/report.write', 'POST', JSON.stringify(input))
  const result = JSON.parse(reply.body.toString('utf8')) as { ok: boolean; value: { path: string } }
  expect(result.ok, reply.body.toString('utf8')).toBe(true)
  return result.value.path
}

const download = (path: string, token = server.token, method = 'GET') => http(`/download?path=${encodeURIComponent(path)}&token=${encodeURIComponent(token)}`, method)

describe('GET /download', () => {
  test('a report written into the reports folder comes back whole, as an attachment', async () => {
    const path = await writeReport({ source: dataset, format: 'txt', out: join(reports, dataset, 'cover_relationships.txt') })
    const reply = await download(path)
    expect(reply.status).toBe(200)
    expect(reply.body.equals(readFileSync(path))).toBe(true)
    expect(reply.body.length).toBeGreaterThan(0)
    expect(reply.headers['content-disposition']).toBe(`attachment; filename="cover_relationships.txt"; filename*=UTF-8''cover_relationships.txt`)
    expect(reply.headers['content-type']).toBe('text/plain; charset=utf-8')
    expect(reply.headers['content-length']).toBe(String(reply.body.length))
    expect(reply.headers['x-content-type-options']).toBe('nosniff')
    const head = await download(path, server.token, 'HEAD')
    expect(head.status).toBe(200)
    expect(head.body.length).toBe(0)
    expect((await download(path, server.token, 'POST')).status).toBe(405)
  })

  test('needs the token', async () => {
    const path = await writeReport({ source: dataset, format: 'json', out: join(reports, dataset, 'cover_mapping.json') })
    expect((await download(path, 'wrong')).status).toBe(401)
    expect((await http(`/download?path=${encodeURIComponent(path)}`)).status).toBe(401)
  })

  test('serves only what report.write wrote, and only inside the reports folder', async () => {
    const planted = join(reports, 'planted.txt')
    writeFileSync(planted, 'not a report')
    const notWritten = await download(planted)
    expect(notWritten.status).toBe(404)
    expect(notWritten.body.toString()).toMatch(/planted\.txt was not written by report\.write/)

    const outside = await writeReport({ source: dataset, format: 'txt', out: join(elsewhere, 'cover_relationships.txt') })
    const refused = await download(outside)
    expect(refused.status).toBe(403)
    expect(refused.body.toString()).toMatch(/not in the reports folder/)

    // A path that climbs out of the folder names another file, which report.write did not write.
    expect((await download(join(reports, '..', 'refrain.db'))).status).toBe(404)
    expect((await http(`/download?token=${server.token}`)).status).toBe(400)
  })

  test('a written report replaced by a link out of the folder, or removed, is refused', async () => {
    const path = await writeReport({ source: dataset, format: 'txt', out: join(reports, 'linked.txt') })
    rmSync(path)
    symlinkSync(join(elsewhere, 'cover_relationships.txt'), path)
    expect((await download(path)).status).toBe(403)
    rmSync(path)
    const gone = await download(path)
    expect(gone.status).toBe(404)
    expect(gone.body.toString()).toMatch(/linked\.txt is gone/)
  })
})

test('attachment names: ASCII for old clients, the exact name in UTF-8', () => {
  expect(attachment('Bjork "live" é.txt')).toBe(`attachment; filename="Bjork _live_ _.txt"; filename*=UTF-8''Bjork%20%22live%22%20%C3%A9.txt`)
})
