// The Electron app's backend, without Electron: the built backend entry (out/main/backend.js, what
// utilityProcess.fork starts) runs in a Node child process with an IPC channel, and the main
// process's relay drives it as the window would: calls, the folder dialog, events, audio over the
// refrain-media: scheme, the bundled library's first indexing, a crash and a restart, a clean stop.
import { fork } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { ApiEvent } from '../src-main/api/contract'
import type { PickKind } from '../src-main/app/app'
import { BackendRelay, type BackendChild, type BackendExit } from '../src-main/electron/relay'
import { assertCliBuilt } from './helpers/cli'
import { FEATURES_SAMPLE, metadataEntry, REPO, removeTempDirs, tempDir, writeHpcp } from './helpers/fixtures'
import { wavTones } from './helpers/media'

const BACKEND = join(REPO, 'out', 'main', 'backend.js')

let dir: string
let rendererDir: string
let resources: string

beforeAll(() => {
  if (!existsSync(BACKEND)) throw new Error('out/main/backend.js is missing: build it with `npx electron-vite build` (npm test does)')
  // One build writes both entries: a stale CLI means a stale backend.
  assertCliBuilt()
  dir = tempDir()
  rendererDir = join(dir, 'renderer')
  mkdirSync(rendererDir)
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Refrain</title>')
  // A bundled library of one performance (the real Da-TACOS sample), quick to index.
  resources = join(dir, 'resources')
  cpSync(FEATURES_SAMPLE, join(resources, 'da-tacos', 'features_sample'), { recursive: true })
})

afterAll(removeTempDirs)

interface Harness {
  relay: BackendRelay
  events: ApiEvent[]
  crashes: BackendExit[]
  picks: PickKind[]
  children: BackendChild[]
  /** Resolves with the first event (already seen or to come) that `match` accepts. */
  event(match: (event: ApiEvent) => boolean, timeoutMs?: number): Promise<ApiEvent>
}

function harness(dbPath: string, options: { picked?: string | null } = {}): Harness {
  const waiting = new Set<{ match: (event: ApiEvent) => boolean; resolve: (event: ApiEvent) => void }>()
  const h: Harness = {
    events: [],
    crashes: [],
    picks: [],
    children: [],
    relay: new BackendRelay({
      spawn: () => {
        const child = fork(BACKEND, [], {
          stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
          env: { ...process.env, REFRAIN_HOME: join(dir, 'home'), REFRAIN_RESOURCES: resources, REFRAIN_DEFAULT_LIBRARY: '' },
        })
        // A send to a child that has died raises 'error'; the relay learns of the death from 'exit'.
        child.on('error', () => {})
        const link: BackendChild = {
          send: (message) => void child.send(message),
          onMessage: (listener) => child.on('message', listener),
          onExit: (listener) => child.on('exit', (code) => listener(code)),
          stderr: child.stderr,
          kill: () => void child.kill('SIGKILL'),
        }
        h.children.push(link)
        return link
      },
      start: { dbPath, version: '9.9.9-test', rendererDir },
      pick: async (what) => {
        h.picks.push(what)
        return what === 'folder' ? (options.picked ?? null) : '/home/ana/models/cover.onnx'
      },
      onEvent: (event) => {
        h.events.push(event)
        for (const waiter of [...waiting]) {
          if (waiter.match(event)) {
            waiting.delete(waiter)
            waiter.resolve(event)
          }
        }
      },
      onCrash: (exit) => void h.crashes.push(exit),
    }),
    event: (match, timeoutMs = 30_000) => {
      const seen = h.events.find(match)
      if (seen) return Promise.resolve(seen)
      return new Promise((resolve, reject) => {
        const waiter = { match, resolve }
        waiting.add(waiter)
        setTimeout(() => {
          waiting.delete(waiter)
          reject(new Error(`no such event within ${timeoutMs} ms; saw ${h.events.map((e) => e.type).join(', ') || 'none'}`))
        }, timeoutMs)
      })
    },
  }
  return h
}

/** A dataset of one work with a WAV for P_1, in the layout a user's own folder has. */
async function datasetWithAudio(): Promise<{ root: string; wav: Buffer }> {
  const root = join(tempDir(), 'mine')
  mkdirSync(join(root, 'mine_audio', 'W_1'), { recursive: true })
  writeFileSync(join(root, 'mine_metadata.json'), JSON.stringify({ W_1: { P_1: metadataEntry('W_1', 'P_1'), P_2: metadataEntry('W_1', 'P_2') } }))
  await writeHpcp(join(root, 'mine_hpcp', 'W_1_hpcp', 'P_1_hpcp.h5'), 'W_1', 'P_1', 172)
  await writeHpcp(join(root, 'mine_hpcp', 'W_1_hpcp', 'P_2_hpcp.h5'), 'W_1', 'P_2', 172)
  const wav = wavTones(2)
  writeFileSync(join(root, 'mine_audio', 'W_1', 'P_1.wav'), wav)
  return { root, wav }
}

describe('the backend in its own process, through the relay', () => {
  let h: Harness
  let dbPath: string

  beforeAll(async () => {
    dbPath = join(tempDir(), 'refrain.db')
    h = harness(dbPath, { picked: '/home/ana/recordings' })
    await h.relay.start()
  })

  afterAll(async () => {
    await h?.relay.stop()
  })

  test('a call comes back as the App answers it, naming the Electron door and its database', async () => {
    const info = await h.relay.call('app.info', {})
    expect(info).toEqual({ ok: true, value: { version: '9.9.9-test', dbPath, door: 'electron', canPick: true } })
    expect(await h.relay.call('no.such.method', {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } })
    expect(await h.relay.call('library.performance', { perfId: 'P_404404' })).toMatchObject({ ok: false, error: { code: 'not-found' } })
    expect(await h.relay.call('library.search', { text: 42 })).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
  })

  test('the folder and model dialogs are opened by the main process, and their answers reach the calls', async () => {
    const before = h.picks.length
    expect(await h.relay.call('app.info', {})).toMatchObject({ ok: true, value: { canPick: true } })
    expect(await h.relay.call('app.pickFolder', {})).toEqual({ ok: true, value: { path: '/home/ana/recordings' } })
    expect(await h.relay.call('app.pickModel', {})).toEqual({ ok: true, value: { path: '/home/ana/models/cover.onnx' } })
    expect(h.picks.slice(before)).toEqual(['folder', 'model'])
  })

  test('the bundled library is indexed on request, its progress and its end reaching the window', async () => {
    h.relay.indexDefaultLibrary()
    await h.event((event) => event.type === 'index.progress')
    await h.event((event) => event.type === 'library.changed')
    const performance = await h.relay.call('library.performance', { perfId: 'P_547131' })
    expect(performance).toMatchObject({ ok: true, value: { perfId: 'P_547131', workId: 'W_163992' } })
  })

  test('a folder indexed from the window reports through events, and its audio plays over refrain-media:', async () => {
    const { root, wav } = await datasetWithAudio()
    const started = await h.relay.call('index.start', { paths: [root] })
    expect(started.ok).toBe(true)
    const jobId = (started as { value: { jobId: string } }).value.jobId
    await h.event((event) => event.type === 'index.done' && event.jobId === jobId)

    const whole = await h.relay.media(new Request('refrain-media://audio/mine/P_1'))
    expect(whole.status).toBe(200)
    expect(whole.headers.get('content-type')).toBe('audio/wav')
    expect(whole.headers.get('access-control-allow-origin')).toBe('*')
    expect(Buffer.from(await whole.arrayBuffer()).equals(wav)).toBe(true)

    const part = await h.relay.media(new Request('refrain-media://audio/mine/P_1', { headers: { Range: 'bytes=100-199' } }))
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${wav.length}`)
    expect(Buffer.from(await part.arrayBuffer()).equals(wav.subarray(100, 200))).toBe(true)

    expect((await h.relay.media(new Request('refrain-media://audio/mine/P_2'))).status).toBe(404)
  })
})

describe('when the backend dies', () => {
  test('the main process hears of it, calls say so, and a restart serves the same library', async () => {
    const dbPath = join(tempDir(), 'refrain.db')
    const h = harness(dbPath)
    await h.relay.start()
    const { root } = await datasetWithAudio()
    const started = await h.relay.call('index.start', { paths: [root] })
    await h.event((event) => event.type === 'index.done' && event.jobId === (started as { value: { jobId: string } }).value.jobId)

    h.children[0]!.kill()
    await expect.poll(() => h.crashes.length, { timeout: 10_000 }).toBe(1)
    expect(h.relay.ready).toBe(false)
    const refused = await h.relay.call('library.datasets', {})
    expect(refused).toMatchObject({ ok: false, error: { code: 'failed' } })
    expect((refused as { error: { message: string } }).error.message).toMatch(/backend is not running/)
    expect((await h.relay.media(new Request('refrain-media://audio/mine/P_1'))).status).toBe(503)

    const eventsBefore = h.events.length
    await h.relay.start()
    // Every view reloads what it shows from the new backend.
    expect(h.events.slice(eventsBefore)).toContainEqual({ type: 'library.changed' })
    const datasets = await h.relay.call('library.datasets', {})
    expect(JSON.stringify(datasets)).toContain('"mine"')
    expect(h.children).toHaveLength(2)
    await h.relay.stop()
    expect(h.crashes).toHaveLength(1)
  })

  test('a backend that cannot even be started fails the start, so the main process can offer a retry', async () => {
    const relay = new BackendRelay({
      spawn: () => {
        throw new Error('backend.js is missing')
      },
      start: { dbPath: join(tempDir(), 'refrain.db'), version: '9.9.9-test', rendererDir },
      pick: async () => null,
      onEvent: () => {},
      onCrash: () => {},
    })
    await expect(relay.start()).rejects.toThrow('backend.js is missing')
    expect(await relay.call('app.info', {})).toMatchObject({ ok: false, error: { code: 'failed' } })
  })

  test('a database that cannot be opened fails the start with the reason, and is no crash', async () => {
    const notADatabase = join(tempDir(), 'refrain.db')
    writeFileSync(notADatabase, 'this is a text file, not SQLite '.repeat(200))
    const h = harness(notADatabase)
    await expect(h.relay.start()).rejects.toThrow(/not a database/)
    expect(h.relay.ready).toBe(false)
    expect(h.crashes).toEqual([])
  })
})

describe('quitting', () => {
  test('stop closes the database cleanly (its WAL folded back in) and the process exits', async () => {
    const dbPath = join(tempDir(), 'refrain.db')
    const h = harness(dbPath)
    await h.relay.start()
    expect((await h.relay.call('library.datasets', {})).ok).toBe(true)
    expect(existsSync(`${dbPath}-wal`)).toBe(true)
    const exited = new Promise<number | null>((resolve) => h.children[0]!.onExit(resolve))
    await h.relay.stop()
    expect(await exited).toBe(0)
    expect(existsSync(`${dbPath}-wal`)).toBe(false)
    expect(statSync(dbPath).size).toBeGreaterThan(0)
    expect(h.crashes).toEqual([])
  })
})
