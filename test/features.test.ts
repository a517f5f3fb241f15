// dataset/features.ts and dataset/h5.ts: the real Da-TACOS feature sample, and feature files
// this test writes with h5wasm, good and bad.
import h5wasm from 'h5wasm/node'
import { spawn } from 'node:child_process'
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { inspectFeatureFile, readChroma, type FeatureFacts } from '../src-main/dataset/features'
import { H5ReadError, openH5 } from '../src-main/dataset/h5'
import { chroma, REPO, removeTempDirs, samplePath, tempDir, writeH5 } from './helpers/fixtures'

afterAll(removeTempDirs)

/** The raw values and shape of one dataset, read with h5wasm alone (not our reader). */
async function rawDataset(path: string, name: string): Promise<{ shape: number[]; values: ArrayLike<number> }> {
  await h5wasm.ready
  const file = new h5wasm.File(path, 'r')
  try {
    const dataset = file.get(name) as InstanceType<typeof h5wasm.Dataset>
    return { shape: [...dataset.shape!], values: dataset.value as unknown as ArrayLike<number> }
  } finally {
    file.close()
  }
}

async function factsOf(feature: string): Promise<FeatureFacts> {
  const facts = await inspectFeatureFile(samplePath(feature), feature as FeatureFacts['kind'])
  expect(facts.workId).toBe('W_163992')
  expect(facts.perfId).toBe('P_547131')
  expect(facts.features).toHaveLength(1)
  return facts.features[0]
}

describe('the real sample (coveranalysis W_163992 / P_547131)', () => {
  test('hpcp is (15227, 12) float32 with no problem', async () => {
    const hpcp = await factsOf('hpcp')
    expect(hpcp).toMatchObject({ kind: 'hpcp', shape: [15227, 12], frames: 15227, problem: null })
    expect(hpcp.durationSec).toBeCloseTo((15227 * 512) / 44100, 6)
    const h5 = await openH5(samplePath('hpcp'))
    try {
      expect(h5.node('hpcp')).toMatchObject({ type: 'dataset', shape: [15227, 12] })
      expect(h5.values('hpcp')).toBeInstanceOf(Float32Array)
    } finally {
      h5.close()
    }
  })

  test('crema is stored transposed, (12, 15226): 15226 frames', async () => {
    expect(await factsOf('crema')).toMatchObject({ kind: 'crema', shape: [12, 15226], frames: 15226, problem: null })
  })

  test('cens is (15227, 12) float64', async () => {
    expect(await factsOf('cens')).toMatchObject({ kind: 'cens', shape: [15227, 12], frames: 15227, problem: null })
    const h5 = await openH5(samplePath('cens'))
    try {
      expect(h5.values('chroma_cens')).toBeInstanceOf(Float64Array)
    } finally {
      h5.close()
    }
  })

  test('mfcc is (13, 15183) and holds -inf, which is normal for MFCC and NOT reported as a problem', async () => {
    expect(await factsOf('mfcc')).toMatchObject({ kind: 'mfcc', shape: [13, 15183], frames: 15183, problem: null })
    const raw = await rawDataset(samplePath('mfcc'), 'mfcc_htk')
    expect(Array.from(raw.values).some((v) => v === Number.NEGATIVE_INFINITY)).toBe(true)
  })

  test('madmom: the novelty function has 15227 frames', async () => {
    expect(await factsOf('madmom')).toMatchObject({ kind: 'madmom', shape: [15227], frames: 15227, problem: null })
  })

  test('key: C major with a strength', async () => {
    const key = await factsOf('key')
    expect(key.problem).toBeNull()
    expect(key.key).toMatchObject({ key: 'C', scale: 'major' })
    expect(key.key!.strength).toBeGreaterThan(0)
    expect(key.key!.strength).toBeLessThanOrEqual(1)
  })

  test('tags: 50 of them', async () => {
    expect(await factsOf('tags')).toMatchObject({ kind: 'tags', shape: [50], problem: null })
  })

  test('root attributes hold label W_163992 and track_id P_547131 in every file', async () => {
    for (const feature of ['cens', 'crema', 'hpcp', 'key', 'madmom', 'mfcc', 'tags']) {
      const h5 = await openH5(samplePath(feature))
      try {
        expect(h5.rootAttrs, feature).toMatchObject({ label: 'W_163992', track_id: 'P_547131' })
      } finally {
        h5.close()
      }
    }
  })

  test('read as a single file (no expected feature), each file is recognised by what it holds', async () => {
    for (const feature of ['cens', 'crema', 'hpcp', 'key', 'madmom', 'mfcc', 'tags']) {
      const facts = await inspectFeatureFile(samplePath(feature), null)
      expect(facts.features.map((f) => f.kind)).toEqual([feature])
    }
  })
})

describe('readChroma', () => {
  test('hpcp (frames x 12 on disk) comes back unchanged as frames x 12', async () => {
    const matrix = await readChroma(samplePath('hpcp'), 'hpcp')
    const raw = await rawDataset(samplePath('hpcp'), 'hpcp')
    expect(matrix).toMatchObject({ kind: 'hpcp', frames: 15227, bins: 12, nonFinite: 0 })
    expect(matrix.data).toHaveLength(15227 * 12)
    expect(Array.from(matrix.data)).toEqual(Array.from(raw.values))
  })

  test('crema (12 x frames on disk) is transposed to frames x 12', async () => {
    const matrix = await readChroma(samplePath('crema'), 'crema')
    const raw = await rawDataset(samplePath('crema'), 'crema')
    expect(raw.shape).toEqual([12, 15226])
    expect(matrix).toMatchObject({ frames: 15226, bins: 12 })
    const T = 15226
    // A few spots, including the corners: frame t, pitch class b is raw[b][t].
    for (const [t, b] of [[0, 0], [0, 11], [1, 0], [5000, 7], [T - 1, 0], [T - 1, 11], [1234, 3]]) {
      expect(matrix.data[t * 12 + b], `frame ${t} bin ${b}`).toBe(raw.values[b * T + t])
    }
    // And the whole thing: every value of the raw dataset lands in its transposed place.
    let mismatches = 0
    for (let b = 0; b < 12; b++) for (let t = 0; t < T; t++) if (matrix.data[t * 12 + b] !== raw.values[b * T + t]) mismatches++
    expect(mismatches).toBe(0)
    // The data is not constant along either axis, so a wrong orientation could not pass.
    expect(matrix.data[0]).not.toBe(matrix.data[1])
  })

  test('cens (float64 on disk) comes back as float32 values of the same numbers', async () => {
    const matrix = await readChroma(samplePath('cens'), 'cens')
    const raw = await rawDataset(samplePath('cens'), 'chroma_cens')
    expect(matrix.frames).toBe(15227)
    for (const i of [0, 1, 12, 5000, 15227 * 12 - 1]) expect(matrix.data[i]).toBe(Math.fround(raw.values[i]))
  })

  test('the same matrix stored either way round reads the same', async () => {
    const dir = tempDir()
    const frames = 30
    const rowMajor = chroma(frames)
    const transposed = new Float32Array(frames * 12)
    for (let t = 0; t < frames; t++) for (let b = 0; b < 12; b++) transposed[b * frames + t] = rowMajor[t * 12 + b]
    const a = await writeH5(join(dir, 'a.h5'), { datasets: { crema: { data: rowMajor, shape: [frames, 12] } } })
    const b = await writeH5(join(dir, 'b.h5'), { datasets: { crema: { data: transposed, shape: [12, frames] } } })
    const fromA = await readChroma(a, 'crema')
    const fromB = await readChroma(b, 'crema')
    expect(fromA.frames).toBe(frames)
    expect(fromB.frames).toBe(frames)
    expect(Array.from(fromB.data)).toEqual(Array.from(rowMajor))
    expect(Array.from(fromA.data)).toEqual(Array.from(rowMajor))
  })

  test('counts non-finite values', async () => {
    const dir = tempDir()
    const data = chroma(10)
    data[3] = Number.NaN
    data[50] = Number.POSITIVE_INFINITY
    const path = await writeH5(join(dir, 'nan.h5'), { datasets: { hpcp: { data, shape: [10, 12] } } })
    expect((await readChroma(path, 'hpcp')).nonFinite).toBe(2)
  })
})

describe('bad feature files', () => {
  let dir: string
  const files: Record<string, string> = {}

  beforeAll(async () => {
    dir = tempDir()
    const nan = chroma(40)
    nan[0] = Number.NaN
    nan[13] = Number.NaN
    nan[26] = Number.NaN
    nan[100] = Number.POSITIVE_INFINITY
    nan[200] = Number.NEGATIVE_INFINITY
    files.nan = await writeH5(join(dir, 'P_1_hpcp.h5'), { datasets: { hpcp: { data: nan, shape: [40, 12] } }, attrs: { label: 'W_1', track_id: 'P_1' } })
    files.wrongShape = await writeH5(join(dir, 'P_2_hpcp.h5'), { datasets: { hpcp: { data: chroma(20, 7), shape: [20, 7] } } })
    files.missing = await writeH5(join(dir, 'P_3_hpcp.h5'), { datasets: { something_else: { data: chroma(20), shape: [20, 12] } } })
    files.text = join(dir, 'P_4_hpcp.h5')
    writeFileSync(files.text, 'hpcp\n0.1 0.2 0.3\n')
    files.truncated = join(dir, 'P_5_hpcp.h5')
    const real = readFileSync(samplePath('hpcp'))
    writeFileSync(files.truncated, real.subarray(0, Math.floor(real.length * 0.6)))
    files.empty = join(dir, 'P_6_hpcp.h5')
    writeFileSync(files.empty, '')
    files.good = join(dir, 'P_547131_hpcp.h5')
    copyFileSync(samplePath('hpcp'), files.good)
  })

  /** The H5ReadError a read ends in, checked to be one readable line. */
  async function failure(read: Promise<unknown>): Promise<string> {
    const error = await read.then(
      () => null,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(H5ReadError)
    const message = (error as Error).message
    expect(message).not.toContain('\n')
    expect(message).not.toMatch(/HDF5-DIAG|#00\d/)
    return message
  }

  test('NaN and infinity in hpcp: read, but with a problem naming how many', async () => {
    const facts = await inspectFeatureFile(files.nan, 'hpcp')
    expect(facts.features[0].frames).toBe(40)
    expect(facts.features[0].problem).toMatch(/\b5\b.*NaN/)
  })

  test('shape (T, 7) is an H5ReadError naming the shape', async () => {
    expect(await failure(inspectFeatureFile(files.wrongShape, 'hpcp'))).toMatch(/\(20, 7\)/)
    expect(await failure(readChroma(files.wrongShape, 'hpcp'))).toMatch(/\(20, 7\)/)
  })

  test('a file without the hpcp dataset is an H5ReadError naming it', async () => {
    expect(await failure(inspectFeatureFile(files.missing, 'hpcp'))).toMatch(/no "hpcp" dataset/)
    expect(await failure(readChroma(files.missing, 'hpcp'))).toMatch(/no "hpcp" dataset/)
    expect(await failure(inspectFeatureFile(files.missing, null))).toMatch(/none of the Da-TACOS features/)
  })

  test('a text file named .h5: "not an HDF5 file"', async () => {
    expect(await failure(inspectFeatureFile(files.text, 'hpcp'))).toBe('not an HDF5 file')
  })

  test('a truncated copy of the real hpcp: the message says truncated', async () => {
    expect(await failure(inspectFeatureFile(files.truncated, 'hpcp'))).toMatch(/truncated/)
    expect(await failure(readChroma(files.truncated, 'hpcp'))).toMatch(/truncated/)
  })

  test('an empty file: a clear message', async () => {
    expect(await failure(inspectFeatureFile(files.empty, 'hpcp'))).toMatch(/empty|not an HDF5 file/)
  })

  test('HDF5 prints nothing to stderr for any of them (checked in a separate process)', async () => {
    const child = join(REPO, 'test', 'helpers', 'read-features-child.mjs')
    const bad = [files.nan, files.wrongShape, files.missing, files.text, files.truncated, files.empty]
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
        const proc = spawn(process.execPath, [child, ...args], { cwd: REPO })
        let stdout = ''
        let stderr = ''
        proc.stdout.on('data', (chunk) => (stdout += chunk))
        proc.stderr.on('data', (chunk) => (stderr += chunk))
        proc.on('error', reject)
        proc.on('close', (code) => resolve({ code, stdout, stderr }))
      })
    // Self-check: opened without Refrain's error handler, HDF5 does write its stack to stderr,
    // so the check below would see it.
    const bare = await run(['--bare', files.text])
    expect(bare.stderr).toContain('HDF5-DIAG')

    const result = await run(['--refrain', ...bad, files.good])
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { file: string; ok: boolean; error?: string; problem?: string })
    expect(lines).toHaveLength((bad.length + 1) * 2)
    const outcome = (file: string) => lines.filter((line) => line.file === file)
    expect(outcome(files.good).every((line) => line.ok)).toBe(true)
    expect(outcome(files.nan)[0].problem).toMatch(/NaN/)
    for (const file of [files.wrongShape, files.missing, files.text, files.truncated, files.empty]) {
      expect(outcome(file).map((line) => line.error), file).toEqual(['H5ReadError', 'H5ReadError'])
    }
  })
})

describe('a single file holding several features', () => {
  test('each dataset and group found is reported, with the key from the group attributes', async () => {
    const dir = tempDir()
    const path = await writeH5(join(dir, 'P_9.h5'), {
      attrs: { label: 'W_9', track_id: 'P_9' },
      datasets: {
        hpcp: { data: chroma(25), shape: [25, 12] },
        chroma_cens: { data: new Float64Array(25 * 12).fill(0.5), shape: [25, 12] },
      },
      groups: { key_extractor: { attrs: { key: 'F#', scale: 'minor', strength: 0.75 } } },
    })
    const facts = await inspectFeatureFile(path, null)
    expect(facts.workId).toBe('W_9')
    expect(facts.perfId).toBe('P_9')
    expect(facts.features.map((f) => f.kind).sort()).toEqual(['cens', 'hpcp', 'key'])
    expect(facts.features.find((f) => f.kind === 'key')!.key).toEqual({ key: 'F#', scale: 'minor', strength: 0.75 })
    expect(facts.features.find((f) => f.kind === 'cens')!.frames).toBe(25)
  })
})
