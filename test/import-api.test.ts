// import.start / import.cancel through the API boundary over a real Library: progress,
// messages and done events, the output indexed into the app afterwards, and cancel.
import { join } from 'node:path'
import { writeFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { ApiEvent, ImportSummary } from '../src-main/api/contract'
import type { Dispatch } from '../src-main/api/dispatch'
import type { App } from '../src-main/app/app'
import { apiHarness } from './helpers/api'
import { removeTempDirs, tempDir } from './helpers/fixtures'
import { makeWav } from './fixtures/decode/wav'

let app: App
let dispatch: Dispatch
const events: ApiEvent[] = []

beforeAll(() => {
  ;({ app, dispatch } = apiHarness(events))
})

afterAll(async () => {
  await app?.close()
  removeTempDirs()
})

function doneEvent(jobId: string, timeoutMs = 60_000): Promise<ImportSummary> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no import.done')), timeoutMs)
    const check = () => {
      const done = events.find((e) => e.type === 'import.done' && e.jobId === jobId)
      if (done && done.type === 'import.done') {
        clearTimeout(timer)
        // library.changed follows import.done in the same tick chain.
        setTimeout(() => resolve(done.summary), 20)
      } else setTimeout(check, 20)
    }
    check()
  })
}

describe('import.start', () => {
  test('imports, reports progress and messages, indexes the output, emits library.changed', async () => {
    const dir = tempDir()
    const src = join(dir, 'songs')
    makeWav(join(src, 'Autumn Leaves', 'one.wav'), 48000, 2, 1)
    makeWav(join(src, 'Autumn Leaves', 'two.wav'), 22050, 1, 1)
    writeFileSync(join(src, 'bad.mp3'), 'text')
    const out = join(dir, 'jazz')
    const started = await dispatch('import.start', { folder: src, out })
    expect(started).toMatchObject({ ok: true, value: { out } })
    if (!started.ok) return
    const jobId = (started.value as { jobId: string }).jobId
    const summary = await doneEvent(jobId)
    expect(summary).toMatchObject({ out, dataset: 'jazz', filesSeen: 3, imported: 2, failed: 1, cancelled: false })
    const mine = events.filter((e) => ('jobId' in e && e.jobId === jobId) || (e.type === 'import.progress' && e.progress.jobId === jobId))
    expect(mine.some((e) => e.type === 'import.progress' && e.progress.done === 3 && e.progress.total === 3)).toBe(true)
    expect(mine.filter((e) => e.type === 'import.message')).toEqual([
      expect.objectContaining({ message: expect.objectContaining({ level: 'error', file: join(src, 'bad.mp3'), message: expect.stringMatching(/unsupported format/) }) }),
    ])
    expect(events.at(-1)).toEqual({ type: 'library.changed' })
    const datasets = await dispatch('library.datasets', {})
    expect(datasets.ok && (datasets.value as { datasets: { name: string; performances: number; withFeatures: number }[] }).datasets.find((d) => d.name === 'jazz')).toMatchObject({ performances: 2, withFeatures: 2 })
    const works = await dispatch('library.works', { dataset: 'jazz' })
    expect(works.ok && works.value).toMatchObject({ total: 1, rows: [{ title: 'Autumn Leaves', performances: 2 }] })
  })

  test('a folder that does not exist is an error of the call', async () => {
    const result = await dispatch('import.start', { folder: '/nonexistent/folder' })
    expect(result).toMatchObject({ ok: false, error: { code: 'not-found', message: '/nonexistent/folder: does not exist' } })
    expect(await dispatch('import.start', {})).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
  })

  test('import.cancel stops the job: cancelled, finished files kept, nothing indexed', async () => {
    const dir = tempDir()
    const src = join(dir, 'many')
    // Enough audio (12 x 20 s) that the job is still running when the first file has finished,
    // however fast the machine: cancel on that event, not after a fixed delay.
    for (let i = 0; i < 12; i++) makeWav(join(src, `w${i}.wav`), 44100, 1, 20)
    const started = await dispatch('import.start', { folder: src, out: join(dir, 'many-out') })
    if (!started.ok) throw new Error(started.error.message)
    const jobId = (started.value as { jobId: string }).jobId
    await new Promise<void>((resolve) => {
      const check = () =>
        events.some((e) => e.type === 'import.progress' && e.progress.jobId === jobId && e.progress.done >= 1) ? resolve() : setTimeout(check, 5)
      check()
    })
    expect(await dispatch('import.cancel', { jobId })).toMatchObject({ ok: true, value: { cancelled: true } })
    const summary = await doneEvent(jobId)
    expect(summary.cancelled).toBe(true)
    expect(summary.imported).toBeLessThan(12)
    const datasets = await dispatch('library.datasets', {})
    expect(datasets.ok && (datasets.value as { datasets: { name: string }[] }).datasets.some((d) => d.name === 'many-out')).toBe(false)
    expect(await dispatch('import.cancel', { jobId })).toMatchObject({ ok: true, value: { cancelled: false } })
  })
})
