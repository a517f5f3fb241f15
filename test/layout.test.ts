// dataset/layout.ts: which dataset, feature, work and performance a path names.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { classifyFeature, classifyMetadata, scanPaths } from '../src-main/dataset/layout'
import { DA_TACOS, removeTempDirs, samplePath, tempDir } from './helpers/fixtures'

afterAll(removeTempDirs)

describe('classifyFeature', () => {
  test('per-feature Da-TACOS layout: the real sample', () => {
    expect(classifyFeature(samplePath('hpcp'), 'fallback')).toEqual({
      type: 'feature',
      path: samplePath('hpcp'),
      name: 'coveranalysis',
      kind: 'da-tacos',
      feature: 'hpcp',
      perfIdFromName: 'P_547131',
      workIdFromName: 'W_163992',
    })
    expect(classifyFeature(samplePath('madmom'), 'fallback')).toMatchObject({ name: 'coveranalysis', feature: 'madmom' })
  })

  test('single-file layout: the feature is unknown until the file is read', () => {
    const path = join('/data', 'da-tacos_benchmark_subset_single_files', 'W_3964', 'P_3964.h5')
    expect(classifyFeature(path, 'fallback')).toMatchObject({
      name: 'benchmark',
      kind: 'da-tacos',
      feature: null,
      perfIdFromName: 'P_3964',
      workIdFromName: 'W_3964',
    })
  })

  test('a user dataset without the da-tacos_ and _subset parts', () => {
    expect(classifyFeature(join('/home/ana', 'mine_cens', 'W_7_cens', 'P_70_cens.h5'), 'fallback')).toMatchObject({
      name: 'mine',
      kind: 'user',
      feature: 'cens',
      perfIdFromName: 'P_70',
      workIdFromName: 'W_7',
    })
    expect(classifyFeature(join('/home/ana', 'my_covers_subset_crema', 'W_7_crema', 'P_70_crema.h5'), 'fallback')).toMatchObject({
      name: 'my_covers',
      kind: 'user',
      feature: 'crema',
    })
  })

  test('W_163992_hpcp is a work folder, NOT a dataset called "W_163992"', () => {
    const path = join('/data', 'loose', 'W_163992_hpcp', 'P_547131_hpcp.h5')
    expect(classifyFeature(path, 'loose')).toMatchObject({
      name: 'loose',
      kind: 'user',
      feature: 'hpcp',
      perfIdFromName: 'P_547131',
      workIdFromName: 'W_163992',
    })
  })

  test('loose files: the dataset is the fallback, the feature comes from the name suffix', () => {
    expect(classifyFeature(join('/data', 'stuff', 'P_5_mfcc.h5'), 'stuff')).toMatchObject({
      name: 'stuff',
      kind: 'user',
      feature: 'mfcc',
      perfIdFromName: 'P_5',
      workIdFromName: null,
    })
    expect(classifyFeature(join('/data', 'stuff', 'P_5.h5'), 'stuff')).toMatchObject({ feature: null, perfIdFromName: 'P_5' })
  })

  test('files not named P_<id>….h5 are not feature files', () => {
    expect(classifyFeature(join('/data', 'mine_hpcp', 'W_1_hpcp', 'notes.h5'), 'x')).toBeNull()
    expect(classifyFeature(join('/data', 'mine_hpcp', 'W_1_hpcp', 'P_1_hpcp.txt'), 'x')).toBeNull()
  })
})

describe('classifyMetadata', () => {
  test('Da-TACOS and user metadata names, gzipped or not', () => {
    expect(classifyMetadata('/x/da-tacos_benchmark_subset_metadata.json.gz')).toMatchObject({ type: 'metadata', name: 'benchmark', kind: 'da-tacos' })
    expect(classifyMetadata('/x/da-tacos_coveranalysis_subset_metadata.json')).toMatchObject({ name: 'coveranalysis', kind: 'da-tacos' })
    expect(classifyMetadata('/x/mine_metadata.json')).toMatchObject({ name: 'mine', kind: 'user' })
  })

  test('other JSON files are not metadata', () => {
    expect(classifyMetadata('/x/package.json')).toBeNull()
    expect(classifyMetadata('/x/metadata.json')).toBeNull()
    expect(classifyMetadata('/x/mine_metadata.json.bak')).toBeNull()
  })
})

describe('scanPaths', () => {
  test('resources/da-tacos: two metadata files and the seven sample files', async () => {
    const scan = await scanPaths(['resources/da-tacos'])
    expect(scan.problems).toEqual([])
    const metadata = scan.files.filter((f) => f.type === 'metadata')
    const features = scan.files.filter((f) => f.type === 'feature')
    expect(metadata.map((f) => f.name).sort()).toEqual(['benchmark', 'coveranalysis'])
    expect(features).toHaveLength(7)
    expect(new Set(features.map((f) => f.type === 'feature' && f.feature))).toEqual(new Set(['cens', 'crema', 'hpcp', 'key', 'madmom', 'mfcc', 'tags']))
    // Relative paths come back absolute.
    for (const file of scan.files) expect(file.path.startsWith(resolve(DA_TACOS))).toBe(true)
  })

  test('a path that does not exist is reported, not thrown', async () => {
    const missing = join(tempDir(), 'no-such-folder')
    const scan = await scanPaths([missing])
    expect(scan.files).toEqual([])
    expect(scan.problems).toEqual([{ file: missing, message: 'does not exist' }])
  })

  test('an unrecognised file given directly is reported; inside a folder it is ignored', async () => {
    const dir = tempDir()
    const notes = join(dir, 'notes.txt')
    writeFileSync(notes, 'hello')
    mkdirSync(join(dir, 'mine_hpcp', 'W_1_hpcp'), { recursive: true })
    writeFileSync(join(dir, 'mine_hpcp', 'W_1_hpcp', 'P_1_hpcp.h5'), '')
    writeFileSync(join(dir, '.hidden_metadata.json'), '{}')
    const direct = await scanPaths([notes])
    expect(direct.files).toEqual([])
    expect(direct.problems).toHaveLength(1)
    expect(direct.problems[0].file).toBe(notes)
    expect(direct.problems[0].message).toMatch(/neither a Da-TACOS metadata JSON .* nor a feature file/)
    const folder = await scanPaths([dir])
    expect(folder.problems).toEqual([])
    expect(folder.files.map((f) => f.path)).toEqual([join(dir, 'mine_hpcp', 'W_1_hpcp', 'P_1_hpcp.h5')])
  })
})
