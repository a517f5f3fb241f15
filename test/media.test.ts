// Audio in a dataset: `<name>_audio/W_<id>/P_<id>.<ext>` indexed with its MIME type (by magic
// bytes) and duration, kept unchanged on re-runs, forgotten when gone; and web mode's
// /media/audio/<dataset>/<perfId> (token in the query, Host check, Range requests).
import { request } from 'node:http'
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { classifyAudio } from '../src-main/dataset/layout'
import { audioFile, getPerformance } from '../src-main/index/queries'
import { createApp, type App } from '../src-main/app/app'
import { inspectAudioFile, sniffAudio } from '../src-main/media/audio'
import { audioTarget, parseRange } from '../src-main/media/serve'
import { startWebServer, type WebServer } from '../src-main/server/web'
import { metadataEntry, removeTempDirs, tempDir, writeHpcp } from './helpers/fixtures'
import { flacHead, mp3Head, oggOpus, oggVorbis, wavTones } from './helpers/media'

afterAll(() => removeTempDirs())

describe('audio files by their bytes', () => {
  test('MIME types from magic bytes, not names', async () => {
    expect(sniffAudio(wavTones(0.1))).toBe('audio/wav')
    expect(sniffAudio(flacHead(44100, 44100))).toBe('audio/flac')
    expect(sniffAudio(mp3Head())).toBe('audio/mpeg')
    expect(sniffAudio(Buffer.concat([Buffer.from([0xff, 0xfb, 0x90, 0x64]), Buffer.alloc(100)]))).toBe('audio/mpeg')
    expect(sniffAudio(oggOpus(1))).toBe('audio/ogg; codecs=opus')
    expect(sniffAudio(oggVorbis(1))).toBe('audio/ogg')
    expect(sniffAudio(Buffer.from('this is not audio at all, just text'))).toBeNull()
  })

  test('durations where the headers tell them cheaply', async () => {
    const dir = tempDir()
    const write = (name: string, bytes: Buffer) => {
      writeFileSync(join(dir, name), bytes)
      return join(dir, name)
    }
    expect(await inspectAudioFile(write('a.wav', wavTones(2.5)))).toEqual({ mime: 'audio/wav', durationSec: 2.5 })
    expect(await inspectAudioFile(write('a.flac', flacHead(48000, 48000 * 3)))).toEqual({ mime: 'audio/flac', durationSec: 3 })
    expect((await inspectAudioFile(write('a.opus', oggOpus(4.25)))).durationSec).toBeCloseTo(4.25, 6)
    expect((await inspectAudioFile(write('a.ogg', oggVorbis(1.5)))).durationSec).toBeCloseTo(1.5, 6)
    expect(await inspectAudioFile(write('a.mp3', mp3Head()))).toEqual({ mime: 'audio/mpeg', durationSec: null })
    await expect(inspectAudioFile(write('b.wav', Buffer.from('RIFX nonsense that is not a wave file')))).rejects.toThrow(/^unsupported format \(looks like text, not audio\)$/)
  })

  test('only files in a <name>_audio folder are audio, named by that folder', () => {
    expect(classifyAudio('/d/mine_audio/W_1/P_2.wav')).toMatchObject({ type: 'audio', name: 'mine', kind: 'user', perfIdFromName: 'P_2', workIdFromName: 'W_1' })
    expect(classifyAudio('/d/da-tacos_benchmark_subset_audio/W_1/P_2.ogg')).toMatchObject({ name: 'benchmark', kind: 'da-tacos' })
    expect(classifyAudio('/d/mine_audio/P_2.OPUS')).toMatchObject({ name: 'mine', workIdFromName: null })
    expect(classifyAudio('/d/music/W_1/P_2.wav')).toBeNull()
    expect(classifyAudio('/d/mine_audio/W_1/song.wav')).toBeNull()
    expect(classifyAudio('/d/mine_audio/W_1/P_2.txt')).toBeNull()
  })

  test('media paths, as both doors split them', () => {
    const electron = (href: string) => {
      const url = new URL(href)
      return audioTarget(url.hostname, url.pathname.split('/').slice(1))
    }
    expect(electron('refrain-media://audio/mine/P_1')).toEqual({ dataset: 'mine', perfId: 'P_1' })
    expect(electron(`refrain-media://audio/${encodeURIComponent('my set/β')}/P_1`)).toEqual({ dataset: 'my set/β', perfId: 'P_1' })
    expect(electron('refrain-media://video/mine/P_1')).toBeNull()
    expect(electron('refrain-media://audio/mine')).toBeNull()
    expect(electron('refrain-media://audio/mine/P_1/extra')).toBeNull()
    expect(electron('refrain-media://audio/%E0%A4%A/P_1')).toBe('malformed')
  })

  test('Range headers', () => {
    expect(parseRange(undefined, 100)).toBeNull()
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 })
    expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 })
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 })
    expect(parseRange('bytes=50-500', 100)).toEqual({ start: 50, end: 99 })
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable')
    expect(parseRange('bytes=0-1,5-6', 100)).toBeNull()
  })
})

describe('a dataset with audio', () => {
  let app: App
  let root: string
  let server: WebServer
  let origin: string
  let wav: Buffer

  beforeAll(async () => {
    root = join(tempDir(), 'mine')
    mkdirSync(join(root, 'mine_audio', 'W_1'), { recursive: true })
    writeFileSync(
      join(root, 'mine_metadata.json'),
      JSON.stringify({ W_1: { P_1: metadataEntry('W_1', 'P_1'), P_2: metadataEntry('W_1', 'P_2'), P_3: metadataEntry('W_1', 'P_3'), P_4: metadataEntry('W_1', 'P_4') } }),
    )
    await writeHpcp(join(root, 'mine_hpcp', 'W_1_hpcp', 'P_1_hpcp.h5'), 'W_1', 'P_1', 172)
    wav = wavTones(2)
    writeFileSync(join(root, 'mine_audio', 'W_1', 'P_1.wav'), wav)
    // The importer links to the user's files rather than copying them.
    const elsewhere = join(tempDir(), 'song.opus')
    writeFileSync(elsewhere, oggOpus(3))
    symlinkSync(elsewhere, join(root, 'mine_audio', 'W_1', 'P_2.opus'))
    writeFileSync(join(root, 'mine_audio', 'W_1', 'P_3.mp3'), mp3Head())
    writeFileSync(join(root, 'mine_audio', 'W_1', 'P_4.ogg'), 'not audio')
    app = createApp({ dbPath: join(tempDir(), 'refrain.db'), door: { name: 'web', version: '9.9.9' } })
    const site = join(tempDir(), 'renderer')
    mkdirSync(site)
    writeFileSync(join(site, 'index.html'), '<!doctype html><title>test</title>')
    server = await startWebServer({
      dispatch: app.dispatch,
      onEvent: (listener) => app.onEvent(listener),
      rendererDir: site,
      audioFile: (dataset, perfId) => audioFile(app.library.db, dataset, perfId),
    })
    origin = `127.0.0.1:${server.port}`
  })

  afterAll(async () => {
    await server?.close()
    await app?.close()
  })

  test('indexing finds the audio with its MIME type and duration; bad files are named', async () => {
    const summary = await app.library.index([root])
    expect(summary.filesFailed).toBe(1)
    expect(summary.messages).toEqual([expect.objectContaining({ level: 'error', file: join(root, 'mine_audio', 'W_1', 'P_4.ogg') })])
    expect(getPerformance(app.library.db, 'P_1', 'mine').audio).toEqual({ mime: 'audio/wav', durationSec: 2 })
    expect(getPerformance(app.library.db, 'P_1', 'mine').features).toEqual(['hpcp'])
    expect(getPerformance(app.library.db, 'P_2', 'mine').audio).toEqual({ mime: 'audio/ogg; codecs=opus', durationSec: 3 })
    expect(getPerformance(app.library.db, 'P_3', 'mine').audio).toEqual({ mime: 'audio/mpeg', durationSec: null })
    expect(getPerformance(app.library.db, 'P_4', 'mine').audio).toBeNull()
    expect(audioFile(app.library.db, 'mine', 'P_1')).toEqual({ path: join(root, 'mine_audio', 'W_1', 'P_1.wav'), mime: 'audio/wav' })
    expect(audioFile(app.library.db, 'mine', 'P_404')).toBeNull()
    expect(audioFile(app.library.db, 'other', 'P_1')).toBeNull()

    const again = await app.library.index([root])
    expect(again.filesUnchanged).toBe(summary.filesIndexed)
    expect(again.filesIndexed).toBe(0)
  })

  test('GET /media/audio/…: token, Host, whole file, Range, unknown performance', async () => {
    const path = '/media/audio/mine/P_1'
    expect((await get(path)).status).toBe(401)
    expect((await get(`${path}?token=wrong`)).status).toBe(401)
    expect((await get(`${path}?token=${server.token}`, { host: 'evil.example:80' })).status).toBe(421)

    const whole = await get(`${path}?token=${server.token}`)
    expect(whole.status).toBe(200)
    expect(whole.headers['content-type']).toBe('audio/wav')
    expect(whole.headers['accept-ranges']).toBe('bytes')
    expect(whole.headers['content-length']).toBe(String(wav.length))
    expect(whole.body.equals(wav)).toBe(true)

    const part = await get(`${path}?token=${server.token}`, { range: 'bytes=100-1099' })
    expect(part.status).toBe(206)
    expect(part.headers['content-range']).toBe(`bytes 100-1099/${wav.length}`)
    expect(part.body.equals(wav.subarray(100, 1100))).toBe(true)
    const tail = await get(`${path}?token=${server.token}`, { range: `bytes=${wav.length - 10}-` })
    expect(tail.status).toBe(206)
    expect(tail.body.equals(wav.subarray(wav.length - 10))).toBe(true)
    expect((await get(`${path}?token=${server.token}`, { range: `bytes=${wav.length}-` })).status).toBe(416)

    const opus = await get(`/media/audio/mine/P_2?token=${server.token}`)
    expect(opus.status).toBe(200)
    expect(opus.headers['content-type']).toBe('audio/ogg; codecs=opus')

    expect((await get(`/media/audio/mine/P_404?token=${server.token}`)).status).toBe(404)
    expect((await get(`/media/audio/nowhere/P_1?token=${server.token}`)).status).toBe(404)
    expect((await get(`/media/audio/mine?token=${server.token}`)).status).toBe(404)
    expect((await get(`/media/video/mine/P_1?token=${server.token}`)).status).toBe(404)
    expect((await get(`/media/audio/mine/P_1/more?token=${server.token}`)).status).toBe(404)
    expect((await get(`/media/audio/mine/%E0%A4%A?token=${server.token}`)).status).toBe(400)
    // The API still wants its bearer header: a query token opens media only.
    expect((await get(`/api/library.datasets?token=${server.token}`, { method: 'POST' })).status).toBe(401)
  })

  test('a vanished audio file is forgotten', async () => {
    rmSync(join(root, 'mine_audio', 'W_1', 'P_3.mp3'))
    const summary = await app.library.index([root])
    expect(summary.messages.some((m) => m.message.includes('gone'))).toBe(true)
    expect(getPerformance(app.library.db, 'P_3', 'mine').audio).toBeNull()
    expect((await get(`/media/audio/mine/P_3?token=${server.token}`)).status).toBe(404)
  })

  test('an audio file replaced by another format is re-read', async () => {
    const file = join(root, 'mine_audio', 'W_1', 'P_1.wav')
    writeFileSync(file, Buffer.concat([flacHead(44100, 44100 * 7), Buffer.alloc(10)]))
    await app.library.index([root])
    expect(getPerformance(app.library.db, 'P_1', 'mine').audio).toEqual({ mime: 'audio/flac', durationSec: 7 })
    expect(readFileSync(file).subarray(0, 4).toString()).toBe('fLaC')
  })

  function get(path: string, options: { host?: string; range?: string; method?: string } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { host: options.host ?? origin }
      if (options.range) headers.range = options.range
      const req = request({ host: '127.0.0.1', port: server.port, path, method: options.method ?? 'GET', headers, timeout: 3000 }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }))
      })
      req.on('error', reject)
      req.end()
    })
  }
})
