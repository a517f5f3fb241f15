// similarity.compare through the API boundary over a real Library with the demo indexed: the
// payload of two demo versions (run on the compare worker, so this needs `npm run build`), its
// judgement by the bundled calibration, its stages as progress events, the threshold sources and a
// re-judgement at another operating point, and the named errors for a missing feature, silence, a too-short track, a pair
// too large and a source that does not exist.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Dispatch } from '../../src-main/api/dispatch'
import type { CompareResult } from '../../src-main/api/contract'
import { createApp, type App } from '../../src-main/app/app'
import { removeTempDirs, REPO, tempDir, writeH5 } from '../helpers/fixtures'

let app: App
let dispatch: Dispatch
let dir: string

const ISLAMEY_PERFORMED = { dataset: 'demo', perfId: 'P_9365642800' }
const ISLAMEY_TRANSPOSED = { dataset: 'demo', perfId: 'P_6216201852' }

/** A user dataset "odd" whose hpcp files are silent, too short, and long (for the size limit). */
async function writeOddDataset(): Promise<string> {
  const root = join(dir, 'odd_hpcp', 'W_1_hpcp')
  const write = (perfId: string, data: Float32Array) =>
    writeH5(join(root, `${perfId}_hpcp.h5`), { datasets: { hpcp: { data, shape: [data.length / 12, 12] } }, attrs: { label: 'W_1', track_id: perfId } })
  await write('P_1', new Float32Array(2000 * 12))
  await write('P_2', Float32Array.from({ length: 50 * 12 }, (_, k) => ((k * 7 + Math.floor(k / 12)) % 12) / 11))
  await write('P_3', Float32Array.from({ length: 61_000 * 12 }, (_, k) => ((k * 5 + Math.floor(k / 120)) % 12) / 11))
  return join(dir, 'odd_hpcp')
}

beforeAll(async () => {
  dir = tempDir()
  app = createApp({ dbPath: join(dir, 'refrain.db'), door: { name: 'web', version: '9.9.9' } })
  expect((await app.library.index([join(REPO, 'resources', 'demo')])).filesFailed).toBe(0)
  expect((await app.library.index([await writeOddDataset()])).filesFailed).toBe(0)
  dispatch = app.dispatch
}, 300_000)

afterAll(async () => {
  await app?.close()
  removeTempDirs()
})

async function compare(input: unknown): Promise<{ ok: true; value: CompareResult } | { ok: false; error: { code: string; message: string } }> {
  return (await dispatch('similarity.compare', input)) as { ok: true; value: CompareResult } | { ok: false; error: { code: string; message: string } }
}

describe('two demo versions of Islamey, the second transposed up a semitone', () => {
  test('the payload: parameters, frames, the detected shift, the display matrix, paths and a verdict per method', async () => {
    const r = await compare({ a: ISLAMEY_PERFORMED, b: ISLAMEY_TRANSPOSED, params: {} })
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true)
    if (!r.ok) return
    const v = r.value
    expect(v.params).toEqual({
      feature: 'hpcp',
      downsample: 10,
      downsampleMethod: 'mean',
      keyShift: 'oti',
      band: null,
      frameStackSize: 9,
      binarizePercentile: 0.095,
      disOnset: 0.5,
      disExtension: 0.5,
    })
    expect(v.shift).toBe(1)
    const [n, m] = v.frames
    expect(v.matrices.recurrence.rows).toBe(n - 9)
    expect([v.matrices.cost.rows, v.matrices.cost.cols]).toEqual([n, m])
    for (const image of Object.values(v.matrices)) expect(Buffer.from(image.data, 'base64').length).toBe(image.displayRows * image.displayCols)
    for (const path of [v.dtwPath, v.qmaxPath, v.dmaxPath]) {
      expect(path.length).toBeGreaterThan(1)
      for (const [i, j] of path) expect(i >= 0 && i < n && j >= 0 && j < m).toBe(true)
    }
    // The shipped embedding model's distance stands beside the three alignments'.
    expect(v.scores.map((s) => s.method)).toEqual(['dtw', 'qmax', 'dmax', 'embedding'])
    for (const s of v.scores) {
      expect(s.distance).toBeGreaterThan(0)
      // A verdict needs a threshold; without one it is said to be uncalibrated, never guessed.
      if (s.threshold) expect(s.verdict).toBe(s.distance! <= s.threshold.value ? 'versions' : 'not versions')
      else expect(s.verdict).toBe('uncalibrated')
    }
    expect(v.seconds).toBeGreaterThan(0)
    // The demo's own bundled calibration judges it by default, with nothing to warn about, and the metadata's answer agrees.
    expect(v.judgement.source?.id).toBe('bundled')
    expect(v.judgement.warnings).toEqual([])
    expect(v.judgement.combined).toMatchObject({ verdict: 'versions', versions: 3, calibrated: 3 })
    for (const s of v.scores.filter((s) => s.method !== 'embedding')) {
      expect(s.threshold?.rule).toBe('eer')
      expect(s.fprAtDistance).toBeGreaterThanOrEqual(0)
      expect(s.fprAtDistance).toBeLessThan(0.05)
      expect(s.histogram?.edges.length).toBeGreaterThan(2)
    }
  })

  test('the sources for these parameters list the bundled calibration; re-judging at a 1 % false-positive rate aligns nothing and moves only the thresholds', async () => {
    const sources = await dispatch('similarity.thresholdSources', { params: {}, datasets: ['demo'] })
    expect(sources.ok && sources.value).toMatchObject({ defaultId: 'bundled', sources: [{ id: 'bundled', dataset: 'demo', methods: ['qmax', 'dmax', 'dtw'] }] })
    const r = await compare({ a: ISLAMEY_PERFORMED, b: ISLAMEY_TRANSPOSED })
    if (!r.ok) throw new Error(r.error.message)
    const pair = { datasets: ['demo', 'demo'], durationsSec: r.value.frames.map((f) => f * r.value.secondsPerFrame) }
    const scores = r.value.scores.map(({ method, distance }) => ({ method, distance }))
    const started = performance.now()
    const judged = await dispatch('similarity.judge', { params: {}, pair, scores, source: 'bundled', operatingPoint: { rule: 'fpr', fpr: 0.01 } })
    expect(performance.now() - started).toBeLessThan(r.value.seconds * 1000)
    if (!judged.ok) throw new Error(judged.error.message)
    const j = judged.value as CompareResult['judgement'] & { scores: CompareResult['scores'] }
    expect(j.operatingPoint).toEqual({ rule: 'fpr', fpr: 0.01 })
    for (const s of j.scores.filter((s) => s.method !== 'embedding')) {
      const before = r.value.scores.find((x) => x.method === s.method)!
      expect(s.threshold?.rule).toBe('fpr')
      expect(s.threshold?.fpr).toBe(0.01)
      // A stricter false-positive rate than the EER's (a few %) is a lower threshold; the probability is the fit's, unchanged.
      expect(s.threshold!.value).toBeLessThan(before.threshold!.value)
      expect(s.probability).toBe(before.probability)
    }
    const unknown = await dispatch('similarity.judge', { params: {}, pair, scores, source: 'jobs:nowhere' })
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not-found' } })
  })

  test('a comparison asked with a progressId raises each of its stages once, in order; one asked without raises none', async () => {
    const seen: Array<{ progressId: string; stage: string; step: number; steps: number }> = []
    const off = app.onEvent((event) => {
      if (event.type === 'compare.progress') seen.push(event)
    })
    try {
      expect((await compare({ a: ISLAMEY_PERFORMED, b: ISLAMEY_TRANSPOSED, params: { keyShift: 'all' }, progressId: 'p-1' })).ok).toBe(true)
      expect((await compare({ a: ISLAMEY_PERFORMED, b: ISLAMEY_TRANSPOSED, params: {} })).ok).toBe(true)
    } finally {
      off()
    }
    const stages = ['start', 'read', 'similarity', 'qmax', 'dmax', 'dtw-shifts', 'dtw', 'pictures', 'embedding']
    expect(seen).toEqual(stages.map((stage, k) => ({ type: 'compare.progress', progressId: 'p-1', stage, step: k + 1, steps: 9 })))
  })

  test('the parameters asked for are the ones run: downsampling by 20 halves the frames', async () => {
    const r10 = await compare({ a: ISLAMEY_PERFORMED, b: ISLAMEY_TRANSPOSED })
    const r20 = await compare({ a: ISLAMEY_PERFORMED, b: ISLAMEY_TRANSPOSED, params: { downsample: 20, keyShift: 'all' } })
    if (!r10.ok || !r20.ok) throw new Error('compare failed')
    expect(r20.value.params.downsample).toBe(20)
    expect(r20.value.params.keyShift).toBe('all')
    expect(r20.value.frames[0]).toBe(Math.ceil(r10.value.frames[0] / 2))
    expect(r20.value.secondsPerFrame).toBeCloseTo(2 * r10.value.secondsPerFrame, 12)
  })
})

describe('errors name the performance and say why', () => {
  test('a feature the performance does not have: not-found, naming it', async () => {
    const r = await compare({ a: ISLAMEY_PERFORMED, b: ISLAMEY_TRANSPOSED, params: { feature: 'crema' } })
    expect(r).toEqual({ ok: false, error: { code: 'not-found', message: `performance ${ISLAMEY_PERFORMED.perfId} has no crema feature indexed` } })
  })

  test('a silent track: the file, and that it is silence', async () => {
    const r = await compare({ a: ISLAMEY_PERFORMED, b: { dataset: 'odd', perfId: 'P_1' } })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('invalid-input')
    expect(r.error.message).toBe(`P_1 in odd: ${join(dir, 'odd_hpcp', 'W_1_hpcp', 'P_1_hpcp.h5')}: hpcp is all zero (silence): nothing to align`)
  })

  test('a track too short for a frame stack: how long it is and what to lower', async () => {
    const r = await compare({ a: { dataset: 'odd', perfId: 'P_2' }, b: ISLAMEY_PERFORMED })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.message).toMatch(/^P_2 in odd: .*P_2_hpcp\.h5: 0\.6 s is 5 frames after downsampling by 10; qmax needs at least 11 .*lower the downsampling$/)
  })

  test('a pair too large to draw paths for: refused with the downsampling that fits', async () => {
    const long = { dataset: 'odd', perfId: 'P_3' }
    const r = await compare({ a: long, b: long })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.message).toBe(
      '6100 x 6100 frames after downsampling by 10 is 37,210,000 frame pairs; Compare draws its paths over whole score matrices and takes at most 25,000,000 (downsample by 13 or more)',
    )
  })

  test('an unknown performance: not-found', async () => {
    const r = await compare({ a: ISLAMEY_PERFORMED, b: { dataset: 'demo', perfId: 'P_404' } })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.code).toBe('not-found')
  })
})
