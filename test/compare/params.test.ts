// The alignment settings as a job records them (scoring/parameters.ts): defaults and ranges taken
// from the similarity core, a job stored before they existed read with their defaults, only the
// settings that differ named in a job's label, calibrations matched on them, and a batch job that
// really scores with them (every stored distance the core's under those settings).
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createApp, type App } from '../../src-main/app/app'
import { describeParams, parseStoredParams, SCORE_DEFAULTS, SCORE_LIMITS, ScoreParamsSchema, type ScoreParams } from '../../src-main/scoring/parameters'
import { pairDistance, pairWorkspace } from '../../src-main/scoring/pair'
import { loadSequence } from '../../src-main/scoring/sequences'
import { loadItems, QUERY } from '../../src-main/scoring/store'
import { paramsKey } from '../../src-main/scoring/threshold'
import { ALIGNMENT_DEFAULTS, CROSS_SIMILARITY_DEFAULTS, SIMILARITY_LIMITS } from '../../src-main/similarity/parameters'
import { assertCliBuilt } from '../helpers/cli'
import { demoSubset } from '../helpers/demo-subset'
import { removeTempDirs, tempDir } from '../helpers/fixtures'
import { jobMatrix } from '../helpers/matrix'

// What a job saved before the alignment settings existed wrote to the index.
const STORED_BEFORE = '{"method":"qmax","feature":"hpcp","downsample":10,"downsampleMethod":"mean","keyShift":"oti","band":null,"model":null,"k":100,"rerank":"qmax"}'

describe('parameters', () => {
  test("defaults are the similarity core's, and a job stored without the settings reads as having them", () => {
    expect(SCORE_DEFAULTS).toMatchObject({
      frameStackSize: CROSS_SIMILARITY_DEFAULTS.frameStackSize,
      binarizePercentile: CROSS_SIMILARITY_DEFAULTS.binarizePercentile,
      disOnset: ALIGNMENT_DEFAULTS.disOnset,
      disExtension: ALIGNMENT_DEFAULTS.disExtension,
    })
    expect(parseStoredParams(STORED_BEFORE)).toEqual({ ...SCORE_DEFAULTS, method: 'qmax' })
    expect(paramsKey(JSON.parse(STORED_BEFORE) as ScoreParams)).toBe(paramsKey({ ...SCORE_DEFAULTS, method: 'qmax' }))
  })

  test("the ranges the form and the API offer are the core's, said once", () => {
    expect(SCORE_LIMITS.frameStackSize).toEqual(SIMILARITY_LIMITS.frameStackSize)
    const bad = (p: object) => ScoreParamsSchema.safeParse({ method: 'qmax', ...p }).success
    expect(bad({ frameStackSize: 0 })).toBe(false)
    expect(bad({ frameStackSize: 2.5 })).toBe(false)
    expect(bad({ frameStackSize: SIMILARITY_LIMITS.frameStackSize.max + 1 })).toBe(false)
    expect(bad({ binarizePercentile: 1.5 })).toBe(false)
    expect(bad({ disOnset: -1 })).toBe(false)
    expect(bad({ frameStackSize: 12, binarizePercentile: 0.2, disOnset: 1, disExtension: 0 })).toBe(true)
  })

  test('the label names the settings that differ from their defaults, for Qmax and Dmax only', () => {
    const qmax = { ...SCORE_DEFAULTS, method: 'qmax' as const }
    expect(describeParams(qmax)).toBe('qmax hpcp ↓10')
    expect(describeParams({ ...qmax, frameStackSize: 12 })).toBe('qmax hpcp ↓10 stack 12')
    expect(describeParams({ ...qmax, method: 'dmax', binarizePercentile: 0.2, disOnset: 1 })).toBe('dmax hpcp ↓10 κ 0.2 gaps 1/0.5')
    expect(describeParams({ ...qmax, method: 'dtw', frameStackSize: 12 })).toBe('dtw OTI hpcp ↓10')
    expect(describeParams({ ...qmax, method: 'two-stage', k: 5, frameStackSize: 12 })).toBe('two-stage K=5 (model in use) → qmax hpcp ↓10 stack 12')
  })

  test('calibrations match on the settings Qmax and Dmax use, and DTW ignores them', () => {
    const qmax = { ...SCORE_DEFAULTS, method: 'qmax' as const }
    expect(paramsKey({ ...qmax, frameStackSize: 12 })).not.toBe(paramsKey(qmax))
    expect(paramsKey({ ...qmax, disExtension: 1 })).not.toBe(paramsKey(qmax))
    expect(paramsKey({ ...qmax, method: 'dtw', frameStackSize: 12 })).toBe(paramsKey({ ...qmax, method: 'dtw' }))
  })
})

describe('a batch job with other alignment settings', () => {
  let app: App
  let dir: string

  beforeAll(async () => {
    assertCliBuilt()
    dir = tempDir()
    demoSubset(dir, 'stacks', { works: 2, singles: 2 })
    app = createApp({ dbPath: join(dir, 'refrain.db'), door: { name: 'web', version: '9.9.9' } })
    await app.library.index([join(dir, 'stacks')])
  })

  afterAll(async () => {
    await app?.close()
    removeTempDirs()
  })

  test('stores the distance the core gives under those settings, not the defaults, and says them in its label', async () => {
    const params: ScoreParams = { ...SCORE_DEFAULTS, method: 'qmax', frameStackSize: 5, binarizePercentile: 0.15, disOnset: 1, disExtension: 0.25 }
    const job = await app.scoring.score({ source: 'stacks', params, workers: 1 })
    expect(job.status).toBe('done')
    expect(job.label).toBe('qmax hpcp ↓10 stack 5 κ 0.15 gaps 1/0.25')
    const items = loadItems(app.library.db, job.jobId, QUERY)
    const seqs = await Promise.all(items.map((item) => loadSequence(item.path, params)))
    const matrix = jobMatrix(app.library.db, job.jobId)
    const ws = pairWorkspace()
    let differ = 0
    for (let i = 0; i < items.length; i++) {
      for (let j = 0; j < items.length; j++) {
        if (i === j) continue
        expect(matrix[i * items.length + j]).toBe(Math.fround(pairDistance(seqs[i], seqs[j], params, ws).forward))
        if (matrix[i * items.length + j] !== Math.fround(pairDistance(seqs[i], seqs[j], { ...SCORE_DEFAULTS, method: 'qmax' }, ws).forward)) differ++
      }
    }
    expect(differ).toBeGreaterThan(0)
  }, 120_000)
})
