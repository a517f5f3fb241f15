// The non-chroma feature views (dataset/feature-views.ts, API 'features.view') on the real
// Da-TACOS files of P_547131: MFCC pooled to columns of finite means, madmom's curves pooled to
// block maxima, onsets in seconds, tempos, tags by score. The expected numbers come from h5py and
// numpy reading the same files (/usr/bin/python3), not from our reader.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { FeatureView, Input } from '../src-main/api/contract'
import { createApp, type App } from '../src-main/app/app'
import { pool, readFeatureView } from '../src-main/dataset/feature-views'
import { removeTempDirs, samplePath, tempDir } from './helpers/fixtures'

/** What numpy says of the sample files, with the same block edges floor(k·n/count). */
function oracle(points: number) {
  const script = `
import h5py, numpy as np, json, sys
count = int(sys.argv[1])
def edges(n, c): return [(k * n) // c for k in range(c + 1)]
m = np.array(h5py.File(sys.argv[2])['mfcc_htk'], dtype=np.float64)
e = edges(m.shape[1], min(count, m.shape[1]))
def mean(v):
    v = v[np.isfinite(v)]
    return float(v.mean()) if v.size else None
mfcc = [[mean(m[c, e[k]:e[k + 1]]) for c in range(13)] for k in range(len(e) - 1)]
g = h5py.File(sys.argv[3])['madmom_features']
nov = np.array(g['novfn'], dtype=np.float64)
e = edges(len(nov), min(count, len(nov)))
novfn = [float(nov[e[k]:e[k + 1]].max()) for k in range(len(e) - 1)]
t = h5py.File(sys.argv[4])['tags']
tags = sorted(((t[k].attrs['i0'].decode(), float(t[k].attrs['i1'])) for k in t), key=lambda x: (-x[1], x[0]))
print(json.dumps({'frames': m.shape[1], 'nonFinite': int((~np.isfinite(m)).sum()), 'mfcc': mfcc, 'novfn': novfn,
  'novFrames': len(nov), 'onsets': [int(x) for x in g['onsets']], 'tempos': np.array(g['tempos']).tolist(), 'tags': tags}))
`
  const run = spawnSync('/usr/bin/python3', ['-c', script, String(points), samplePath('mfcc'), samplePath('madmom'), samplePath('tags')], { encoding: 'utf8' })
  if (run.status !== 0) throw new Error(run.stderr)
  return JSON.parse(run.stdout) as {
    frames: number
    nonFinite: number
    mfcc: (number | null)[][]
    novfn: number[]
    novFrames: number
    onsets: number[]
    tempos: [number, number][]
    tags: [string, number][]
  }
}

const FRAME_RATE = 44100 / 512
const expected = oracle(400)

describe('readFeatureView on the real files', () => {
  test('MFCC: 13 coefficients over 15,183 frames pooled to 400 columns, each the mean of its finite values', async () => {
    const view = await readFeatureView(samplePath('mfcc'), 'mfcc', 400)
    if (view.kind !== 'mfcc') throw new Error(view.kind)
    expect(view).toMatchObject({ frames: expected.frames, coefficients: 13, nonFinite: expected.nonFinite })
    expect(view.nonFinite).toBeGreaterThan(0) // the file's -inf on silence
    expect(view.columns).toHaveLength(400)
    view.columns.forEach((column, k) =>
      column.forEach((value, c) => {
        const want = expected.mfcc[k]![c]!
        if (want === null) expect(value).toBeNull()
        else expect(value!).toBeCloseTo(want, 4)
      }),
    )
    expect(view.secondsPerColumn).toBeCloseTo(expected.frames / 400 / FRAME_RATE, 9)
  })

  test('madmom: both curves on the same 400 blocks, maxima kept; onsets in seconds; 12 tempo estimates', async () => {
    const view = await readFeatureView(samplePath('madmom'), 'madmom', 400)
    if (view.kind !== 'madmom') throw new Error(view.kind)
    expect(view.frames).toBe(expected.novFrames)
    expect(view.curves.map((c) => c.name)).toEqual(['novfn', 'snovfn'])
    expect(view.curves.every((c) => c.values.length === 400)).toBe(true)
    view.curves[0]!.values.forEach((v, k) => expect(v!).toBeCloseTo(expected.novfn[k]!, 9))
    expect(view.onsets).toHaveLength(expected.onsets.length)
    expect(view.onsets[0]).toBeCloseTo(expected.onsets[0]! / FRAME_RATE, 9)
    expect(view.tempos).toEqual(expected.tempos.map(([bpm, confidence]) => ({ bpm, confidence })))
    expect(view.tempos[0]!.bpm).toBeCloseTo(139.53, 2)
  })

  test('tags: all 50, highest score first', async () => {
    const view = await readFeatureView(samplePath('tags'), 'tags')
    if (view.kind !== 'tags') throw new Error(view.kind)
    expect(view.tags).toHaveLength(50)
    expect(view.tags.map((t) => [t.tag, t.score])).toEqual(expected.tags)
  })

  test('fewer frames than points: one column a frame; a block of only non-finite values is null', () => {
    expect(pool(3, 10, (t) => [1, -Infinity, 5][t]!, 'mean')).toEqual([1, null, 5])
    expect(pool(4, 2, (t) => [1, 3, NaN, 2][t]!, 'max')).toEqual([3, 2])
    expect(pool(0, 10, () => 0, 'mean')).toEqual([])
  })
})

describe("'features.view' at the door", () => {
  let app: App
  beforeAll(async () => {
    app = createApp({ dbPath: join(tempDir(), 'refrain.db'), door: { name: 'web', version: '9.9.9' } })
    expect((await app.library.index(['resources/da-tacos'])).filesFailed).toBe(0)
  })
  afterAll(async () => {
    await app?.close()
    removeTempDirs()
  })

  test('the indexed performance answers each view, validated by the contract, thinned to the points asked', async () => {
    const value = async (input: Input<'features.view'>) => {
      const result = await app.dispatch('features.view', input)
      if (!result.ok) throw new Error(result.error.message)
      return result.value as FeatureView
    }
    const mfcc = await value({ perfId: 'P_547131', dataset: 'coveranalysis', kind: 'mfcc', points: 120 })
    expect(mfcc.kind === 'mfcc' && mfcc.columns.length).toBe(120)
    const tags = await value({ perfId: 'P_547131', kind: 'tags' })
    expect(tags.kind === 'tags' && tags.tags[0]).toEqual({ tag: expected.tags[0]![0], score: expected.tags[0]![1] })
  })

  test('a performance without the file is not found, naming it; a chroma kind or too many points is invalid input', async () => {
    const missing = await app.dispatch('features.view', { perfId: 'P_547140', kind: 'mfcc' })
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining('P_547140 has no mfcc') } })
    expect(await app.dispatch('features.view', { perfId: 'P_547131', kind: 'hpcp' as 'mfcc' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    expect(await app.dispatch('features.view', { perfId: 'P_547131', kind: 'mfcc', points: 1_000_000 })).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
  })
})
