// api/dispatch.ts + api/handlers.ts over a real Library: what every door (Electron IPC, web
// mode) returns for good calls, bad input, unknown methods and missing things.
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Dispatch } from '../src-main/api/dispatch'
import { readChroma } from '../src-main/dataset/features'
import { createApp, type App } from '../src-main/app/app'
import { removeTempDirs, samplePath, tempDir } from './helpers/fixtures'

let app: App
let dispatch: Dispatch
let brokenCopy: string

beforeAll(async () => {
  const dir = tempDir()
  app = createApp({ dbPath: join(dir, 'refrain.db'), door: { name: 'web', version: '9.9.9' } })
  const summary = await app.library.index(['resources/da-tacos'])
  expect(summary.filesFailed).toBe(0)
  // A user dataset "later" holding a copy of the real hpcp, fine when indexed and broken afterwards.
  brokenCopy = join(dir, 'later_hpcp', 'W_163992_hpcp', 'P_547131_hpcp.h5')
  mkdirSync(join(dir, 'later_hpcp', 'W_163992_hpcp'), { recursive: true })
  copyFileSync(samplePath('hpcp'), brokenCopy)
  expect((await app.library.index([join(dir, 'later_hpcp')])).filesIndexed).toBe(1)
  writeFileSync(brokenCopy, 'not hdf5 any more')
  dispatch = app.dispatch
})

afterAll(async () => {
  await app?.close()
  removeTempDirs()
})

describe('invalid input', () => {
  test('library.performance with perfId "x": invalid-input with a readable message', async () => {
    const result = await dispatch('library.performance', { perfId: 'x' })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe('invalid-input')
    expect(result.error.message).toMatch(/^library\.performance: /)
    expect(result.error.message).toMatch(/perfId/)
    expect(result.error.message).toMatch(/P_12345/)
    expect(result.error.message).not.toMatch(/^\s+at /m)
  })

  test('missing fields, wrong types, out-of-range numbers and non-objects are all invalid-input', async () => {
    const bad: [string, unknown][] = [
      ['library.performance', {}],
      ['library.performance', { perfId: 547131 }],
      ['library.work', { workId: 'P_1' }],
      ['library.works', { limit: 0 }],
      ['library.works', { offset: -1 }],
      ['library.works', { limit: 1.5 }],
      ['library.search', { text: 'x'.repeat(201) }],
      ['features.chroma', { perfId: 'P_547131', kind: 'mfcc' }],
      ['index.start', { paths: [] }],
      ['library.search', 'aki'],
      ['library.search', [1, 2]],
    ]
    for (const [method, input] of bad) {
      const result = await dispatch(method, input)
      expect(result, `${method} ${JSON.stringify(input)}`).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    }
  })

  test('defaults fill in what the caller left out', async () => {
    const result = await dispatch('library.works', {})
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value).toMatchObject({ total: 8001 })
    expect((result.value as { rows: unknown[] }).rows).toHaveLength(200)
  })
})

describe('unknown methods and missing things', () => {
  test('an unknown method is unknown-method, naming it', async () => {
    for (const method of ['library.drop', 'toString', '__proto__', 'constructor', '']) {
      const result = await dispatch(method, {})
      expect(result, method).toMatchObject({ ok: false, error: { code: 'unknown-method' } })
      if (!result.ok) expect(result.error.message).toContain(`"${method}"`)
    }
  })

  test('a performance or work that is not indexed is not-found', async () => {
    expect(await dispatch('library.performance', { perfId: 'P_999999999' })).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: expect.stringContaining('P_999999999') },
    })
    expect(await dispatch('library.work', { workId: 'W_999999999' })).toMatchObject({ ok: false, error: { code: 'not-found' } })
    expect(await dispatch('library.performance', { perfId: 'P_547131', dataset: 'benchmark' })).toMatchObject({ ok: false, error: { code: 'not-found' } })
  })

  test('chroma of a performance without feature files is not-found', async () => {
    expect(await dispatch('features.chroma', { perfId: 'P_546633', kind: 'hpcp' })).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: expect.stringMatching(/P_546633.*hpcp/) },
    })
  })

  test('chroma of a file that broke after indexing fails with a message naming the file', async () => {
    const result = await dispatch('features.chroma', { perfId: 'P_547131', dataset: 'later', kind: 'hpcp' })
    expect(result).toMatchObject({ ok: false, error: { code: 'io' } })
    if (!result.ok) {
      expect(result.error.message).toContain(brokenCopy)
      expect(result.error.message).toContain('not an HDF5 file')
    }
  })
})

describe('a feature file that has gone away since indexing', () => {
  test('chroma fails with a message naming the file and saying it is missing', async () => {
    const dir = tempDir()
    const file = join(dir, 'moved_hpcp', 'W_163992_hpcp', 'P_547131_hpcp.h5')
    mkdirSync(join(dir, 'moved_hpcp', 'W_163992_hpcp'), { recursive: true })
    copyFileSync(samplePath('hpcp'), file)
    expect((await app.library.index([join(dir, 'moved_hpcp')])).filesIndexed).toBe(1)
    rmSync(file)
    const result = await dispatch('features.chroma', { perfId: 'P_547131', dataset: 'moved', kind: 'hpcp' })
    expect(result).toMatchObject({ ok: false, error: { code: 'io' } })
    if (!result.ok) {
      expect(result.error.message).toContain(file)
      expect(result.error.message).toMatch(/does not exist|no such file/i)
    }
  })
})

describe('results', () => {
  test('library.performance returns the contract\'s detail', async () => {
    const result = await dispatch('library.performance', { perfId: 'P_547131', dataset: 'coveranalysis' })
    expect(result).toMatchObject({ ok: true, value: { perfId: 'P_547131', artist: 'Aki Aleong' } })
    if (!result.ok) return
    const detail = result.value as { alsoIn: string[]; workId: string; versions: { perfId: string; workId: string; dataset: string }[] }
    expect(detail.alsoIn).toContain('later')
    // Its work's performances, as library.work lists them: what the page offers to compare with.
    const work = await dispatch('library.work', { workId: detail.workId, dataset: 'coveranalysis' })
    expect(work.ok && (work.value as { performances: unknown[] }).performances).toEqual(detail.versions)
    expect(detail.versions.map((v) => v.perfId)).toContain('P_547131')
    expect(detail.versions.length).toBeGreaterThan(1)
  })

  for (const [kind, frames] of [['hpcp', 15227], ['crema', 15226], ['cens', 15227]] as const) {
    test(`features.chroma ${kind}: base64 float32, frames x 12, the same numbers readChroma gives`, async () => {
      const result = await dispatch('features.chroma', { perfId: 'P_547131', dataset: 'coveranalysis', kind })
      expect(result.ok).toBe(true)
      if (!result.ok) return
      const value = result.value as { kind: string; frames: number; bins: number; frameRate: number; data: string; nonFinite: number }
      expect(value).toMatchObject({ kind, frames, bins: 12, nonFinite: 0 })
      expect(value.frameRate).toBeCloseTo(44100 / 512, 6)
      const bytes = Buffer.from(value.data, 'base64')
      expect(bytes.length).toBe(frames * 12 * 4)
      const decoded = new Float32Array(frames * 12)
      for (let i = 0; i < decoded.length; i++) decoded[i] = bytes.readFloatLE(i * 4)
      const direct = await readChroma(samplePath(kind), kind)
      expect(Array.from(decoded)).toEqual(Array.from(direct.data))
    })
  }

  test('app.info says which door and which database', async () => {
    expect(await dispatch('app.info', {})).toEqual({
      ok: true,
      value: { version: '9.9.9', dbPath: app.dbPath, door: 'web', canPick: false },
    })
    expect(await dispatch('app.pickFolder', {})).toEqual({ ok: true, value: { path: null } })
    expect(await dispatch('app.pickModel', {})).toEqual({ ok: true, value: { path: null } })
  })

  test('index.cancel of a job that does not exist says so', async () => {
    expect(await dispatch('index.cancel', { jobId: 'no-such-job' })).toEqual({ ok: true, value: { cancelled: false } })
  })
})
