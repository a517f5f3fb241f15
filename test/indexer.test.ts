// index/indexer.ts over real SQLite files: the bundled Da-TACOS library, re-runs, touched
// files, folders of good and bad files, ids in two datasets, and cancelling.
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { IndexSummary } from '../src-main/api/contract'
import { openDb } from '../src-main/index/db'
import { runIndex } from '../src-main/index/indexer'
import { getPerformance, listDatasets } from '../src-main/index/queries'
import {
  chroma,
  BENCHMARK_JSON,
  COVERANALYSIS_JSON,
  FEATURES_SAMPLE,
  makeMixedFolder,
  metadataEntry,
  removeTempDirs,
  RUNNING_AS_ROOT,
  samplePath,
  snapshot,
  tempDir,
  writeH5,
  writeHpcp,
} from './helpers/fixtures'

afterAll(removeTempDirs)

const DEFAULT_DATASETS = [
  { name: 'benchmark', kind: 'da-tacos', works: 3000, performances: 15000, withFeatures: 0 },
  { name: 'coveranalysis', kind: 'da-tacos', works: 5000, performances: 10000, withFeatures: 1 },
]

/** Indexes into the database at dbPath, opening and closing it around the run. */
async function indexInto(dbPath: string, paths: string[], options: Parameters<typeof runIndex>[1] extends infer O ? Partial<O> : never = {}): Promise<IndexSummary> {
  const db = openDb(dbPath)
  try {
    return await runIndex(db, { ...options, paths })
  } finally {
    db.close()
  }
}

let template: string
let firstRun: IndexSummary
let secondRun: IndexSummary
let afterFirst: ReturnType<typeof snapshot>

beforeAll(async () => {
  template = join(tempDir(), 'template.db')
  firstRun = await indexInto(template, ['resources/da-tacos'])
  afterFirst = snapshot(template)
  secondRun = await indexInto(template, ['resources/da-tacos'])
})

/** A private copy of the database holding the bundled library (closed, so the copy is whole). */
function libraryCopy(): string {
  const path = join(tempDir(), 'refrain.db')
  copyFileSync(template, path)
  return path
}

function datasetsOf(dbPath: string) {
  const db = openDb(dbPath)
  try {
    return listDatasets(db)
  } finally {
    db.close()
  }
}

describe('the bundled library, resources/da-tacos', () => {
  test('yields benchmark (3000 works / 15000 performances) and coveranalysis (5000 / 10000, 1 with features)', () => {
    expect(firstRun).toMatchObject({ filesSeen: 9, filesIndexed: 9, filesUnchanged: 0, filesFailed: 0, works: 8000, performances: 25000, features: 7, cancelled: false })
    expect(firstRun.messages).toEqual([])
    expect(afterFirst.datasets).toEqual(DEFAULT_DATASETS)
    const datasets = datasetsOf(template)
    for (const dataset of datasets) expect(dataset.root).toBe(resolve('resources/da-tacos'))
  })

  test('P_547131 has its metadata and all 7 features with their shapes', () => {
    const db = openDb(template)
    try {
      const perf = getPerformance(db, 'P_547131')
      expect(perf).toMatchObject({
        dataset: 'coveranalysis',
        workId: 'W_163992',
        title: 'Trade Winds, Trade Winds',
        artist: 'Aki Aleong',
        year: 1961,
        instrumental: false,
        features: ['cens', 'crema', 'hpcp', 'key', 'madmom', 'mfcc', 'tags'],
        key: { key: 'C', scale: 'major' },
        alsoIn: [],
      })
      const shapes = Object.fromEntries(perf.featureFiles.map((f) => [f.kind, f.shape]))
      expect(shapes).toEqual({ cens: [15227, 12], crema: [12, 15226], hpcp: [15227, 12], key: [], madmom: [15227], mfcc: [13, 15183], tags: [50] })
      for (const file of perf.featureFiles) {
        expect(file.problem).toBeNull()
        expect(file.path).toBe(resolve(samplePath(file.kind)))
      }
    } finally {
      db.close()
    }
  })

  test('re-running reports every file unchanged and changes nothing', () => {
    expect(secondRun).toMatchObject({ filesSeen: 9, filesIndexed: 0, filesUnchanged: 9, filesFailed: 0, performances: 0, features: 0 })
    expect(snapshot(template)).toEqual(afterFirst)
  })
})

describe('changed files', () => {
  test('touching one file re-indexes only that file', async () => {
    const lib = join(tempDir(), 'lib')
    cpSync(FEATURES_SAMPLE, join(lib, 'features_sample'), { recursive: true })
    copyFileSync(COVERANALYSIS_JSON, join(lib, 'da-tacos_coveranalysis_subset_metadata.json.gz'))
    const dbPath = join(tempDir(), 'refrain.db')
    const first = await indexInto(dbPath, [lib])
    expect(first).toMatchObject({ filesIndexed: 8, filesFailed: 0 })
    const before = snapshot(dbPath)

    const touched = join(lib, 'features_sample', 'da-tacos_coveranalysis_subset_crema', 'W_163992_crema', 'P_547131_crema.h5')
    writeFileSync(touched, readFileSync(touched))
    const later = new Date(Date.now() + 60_000)
    utimesSync(touched, later, later)

    const second = await indexInto(dbPath, [lib])
    expect(second).toMatchObject({ filesSeen: 8, filesIndexed: 1, filesUnchanged: 7, filesFailed: 0, performances: 0, features: 1 })
    expect(snapshot(dbPath)).toEqual(before)
  })

  test('a feature file that was good and is now broken is reported, and no longer listed as a good feature', async () => {
    const lib = join(tempDir(), 'lib')
    cpSync(join(FEATURES_SAMPLE, 'da-tacos_coveranalysis_subset_hpcp'), join(lib, 'da-tacos_coveranalysis_subset_hpcp'), { recursive: true })
    const file = join(lib, 'da-tacos_coveranalysis_subset_hpcp', 'W_163992_hpcp', 'P_547131_hpcp.h5')
    const dbPath = join(tempDir(), 'refrain.db')
    expect(await indexInto(dbPath, [lib])).toMatchObject({ filesIndexed: 1, features: 1 })

    writeFileSync(file, 'overwritten by a failed copy\n')
    const second = await indexInto(dbPath, [lib])
    expect(second.filesFailed).toBe(1)
    expect(second.messages).toEqual([{ level: 'error', file, message: 'not an HDF5 file' }])

    const db = openDb(dbPath)
    try {
      const perf = getPerformance(db, 'P_547131')
      const hpcp = perf.featureFiles.find((f) => f.kind === 'hpcp')
      // Either the index forgets the feature, or it keeps it with the reason it cannot be used;
      // it must not go on presenting a file it just failed to read as a good (15227, 12) hpcp.
      const state = hpcp === undefined ? 'forgotten' : (hpcp.problem ?? `still listed as a good hpcp of shape (${hpcp.shape.join(', ')})`)
      expect(state).toMatch(/forgotten|not an HDF5 file/)
    } finally {
      db.close()
    }
  })
})

describe('the single-file layout', () => {
  test('one P_<id>.h5 holding every feature attaches all of them to the performance in its subset', async () => {
    const frames = 50
    const dbPath = join(tempDir(), 'refrain.db')
    const single = join(tempDir(), 'da-tacos_coveranalysis_subset_single_files', 'W_163992', 'P_547131.h5')
    await writeH5(single, {
      attrs: { label: 'W_163992', track_id: 'P_547131' },
      datasets: {
        hpcp: { data: chroma(frames), shape: [frames, 12] },
        crema: { data: chroma(frames), shape: [12, frames] },
        chroma_cens: { data: new Float64Array(chroma(frames)), shape: [frames, 12] },
        mfcc_htk: { data: new Float32Array(13 * frames).fill(-Infinity), shape: [13, frames] },
      },
      groups: {
        madmom_features: { datasets: { novfn: { data: new Float32Array(frames), shape: [frames] } } },
        key_extractor: { attrs: { key: 'D', scale: 'minor', strength: 0.5 } },
        tags: {},
      },
    })
    await indexInto(dbPath, [COVERANALYSIS_JSON])
    const summary = await indexInto(dbPath, [dirname(dirname(dirname(single)))])
    expect(summary).toMatchObject({ filesIndexed: 1, filesFailed: 0, features: 7, messages: [] })
    const db = openDb(dbPath)
    try {
      const perf = getPerformance(db, 'P_547131', 'coveranalysis')
      expect(perf.title).toBe('Trade Winds, Trade Winds')
      expect(perf.featureFiles.map((f) => [f.kind, f.frames, f.path])).toEqual([
        ['cens', frames, single],
        ['crema', frames, single],
        ['hpcp', frames, single],
        ['key', null, single],
        ['madmom', frames, single],
        ['mfcc', frames, single],
        ['tags', null, single],
      ])
      expect(perf.key).toEqual({ key: 'D', scale: 'minor', strength: 0.5 })
    } finally {
      db.close()
    }
  })
})

describe('files that disappear', () => {
  test('indexing a folder again forgets the feature files gone from it, and says so', async () => {
    const lib = join(tempDir(), 'lib')
    for (const feature of ['hpcp', 'cens']) {
      cpSync(join(FEATURES_SAMPLE, `da-tacos_coveranalysis_subset_${feature}`), join(lib, `da-tacos_coveranalysis_subset_${feature}`), { recursive: true })
    }
    const dbPath = join(tempDir(), 'refrain.db')
    expect(await indexInto(dbPath, [lib])).toMatchObject({ filesIndexed: 2, features: 2 })
    const gone = join(lib, 'da-tacos_coveranalysis_subset_cens', 'W_163992_cens', 'P_547131_cens.h5')
    rmSync(gone)

    const second = await indexInto(dbPath, [lib])
    expect(second.messages).toEqual([{ level: 'warning', file: resolve(lib), message: expect.stringContaining(gone) }])
    const db = openDb(dbPath)
    try {
      expect(getPerformance(db, 'P_547131').featureFiles.map((f) => f.kind)).toEqual(['hpcp'])
    } finally {
      db.close()
    }
  })
})

describe('progress', () => {
  test('a large metadata file reports how far into it indexing is, not only whole files', async () => {
    const fractions: number[] = []
    await indexInto(join(tempDir(), 'refrain.db'), [BENCHMARK_JSON], {
      metadataBatch: 1000,
      onProgress: (progress) => {
        if (progress.phase === 'metadata' && progress.done === 0) fractions.push(progress.fileFraction)
      },
    })
    const inside = fractions.filter((fraction) => fraction > 0 && fraction < 1)
    expect(inside.length).toBeGreaterThan(0)
    expect(inside).toEqual([...inside].sort((a, b) => a - b))
  })
})

describe('a folder of good and bad files', () => {
  let dbPath: string
  let summary: IndexSummary
  let folder: Awaited<ReturnType<typeof makeMixedFolder>>

  beforeAll(async () => {
    dbPath = libraryCopy()
    folder = await makeMixedFolder(tempDir())
    summary = await indexInto(dbPath, [folder.root])
  })

  const messageFor = (file: string) => summary.messages.filter((m) => m.file === file)

  test('each problem is reported once, naming its file', () => {
    expect(messageFor(folder.brokenMetadata)).toEqual([{ level: 'error', file: folder.brokenMetadata, message: expect.stringMatching(/not valid JSON/) }])
    expect(messageFor(folder.notHdf5)).toEqual([{ level: 'error', file: folder.notHdf5, message: 'not an HDF5 file' }])
    expect(messageFor(folder.wrongShape)).toEqual([{ level: 'error', file: folder.wrongShape, message: expect.stringMatching(/shape \(40, 7\)/) }])
    expect(messageFor(folder.missingDataset)).toEqual([{ level: 'error', file: folder.missingDataset, message: expect.stringMatching(/no "hpcp" dataset/) }])
    expect(messageFor(folder.truncated)).toEqual([{ level: 'error', file: folder.truncated, message: expect.stringMatching(/truncated/) }])
    expect(messageFor(folder.empty)).toEqual([{ level: 'error', file: folder.empty, message: expect.any(String) }])
    expect(messageFor(folder.nan)).toEqual([{ level: 'warning', file: folder.nan, message: expect.stringMatching(/\b5 NaN or infinite/) }])
    expect(messageFor(folder.good)).toEqual([])
    expect(messageFor(folder.goodMetadata)).toEqual([])
    for (const message of summary.messages) expect(message.message).not.toMatch(/\n|HDF5-DIAG/)
  })

  test('an unreadable file (chmod 000) is reported as such', () => {
    // As root, permissions do not stop reading, so the file reads fine and there is nothing to
    // check here (cli.test.ts checks the same case as root by running the CLI as "nobody").
    if (RUNNING_AS_ROOT) {
      expect(messageFor(folder.unreadable)).toEqual([])
      return
    }
    expect(messageFor(folder.unreadable)).toEqual([{ level: 'error', file: folder.unreadable, message: expect.stringMatching(/permission denied/i) }])
  })

  test('the counts add up: 6 failed (7 if permissions apply), the rest indexed', () => {
    const unreadableFails = RUNNING_AS_ROOT ? 0 : 1
    expect(summary).toMatchObject({
      filesSeen: 10,
      filesFailed: 6 + unreadableFails,
      filesIndexed: 4 - unreadableFails,
      filesUnchanged: 0,
      cancelled: false,
    })
  })

  test('the good files are indexed: the metadata, the good hpcp, and the NaN one with its problem', () => {
    const db = openDb(dbPath)
    try {
      const mixed = listDatasets(db).find((d) => d.name === 'mixed')
      expect(mixed).toMatchObject({ kind: 'user', works: 3, performances: 7, withFeatures: RUNNING_AS_ROOT ? 3 : 2 })
      const good = getPerformance(db, 'P_1', 'mixed')
      expect(good).toMatchObject({ title: 'Song P_1', artist: 'Singer P_1', year: 1999, features: ['hpcp'] })
      expect(good.featureFiles[0]).toMatchObject({ kind: 'hpcp', shape: [40, 12], frames: 40, problem: null, path: folder.good })
      const nan = getPerformance(db, 'P_2', 'mixed')
      expect(nan.featureFiles[0].problem).toMatch(/5 NaN or infinite/)
      for (const perfId of ['P_3', 'P_4', 'P_5', 'P_7']) expect(getPerformance(db, perfId, 'mixed').features, perfId).toEqual([])
      expect(listDatasets(db).map((d) => d.name)).not.toContain('broken')
    } finally {
      db.close()
    }
  })

  test('the previously indexed datasets are untouched', () => {
    const datasets = datasetsOf(dbPath).filter((d) => d.name !== 'mixed')
    expect(datasets.map(({ root: _root, featureCounts: _counts, ...rest }) => rest)).toEqual(DEFAULT_DATASETS)
    // The one performance with features has one file of each kind.
    expect(datasets.find((d) => d.name === 'coveranalysis')!.featureCounts).toEqual({ cens: 1, crema: 1, hpcp: 1, key: 1, madmom: 1, mfcc: 1, tags: 1 })
    const db = openDb(dbPath)
    try {
      const perf = getPerformance(db, 'P_547131', 'coveranalysis')
      expect(perf.featureFiles).toHaveLength(7)
      expect(perf.featureFiles.find((f) => f.kind === 'hpcp')).toMatchObject({ path: resolve(samplePath('hpcp')), problem: null })
      expect(perf.alsoIn).toEqual([])
    } finally {
      db.close()
    }
  })

  test('indexing the folder again retries only the failed files', async () => {
    const again = await indexInto(dbPath, [folder.root])
    const unreadableFails = RUNNING_AS_ROOT ? 0 : 1
    expect(again).toMatchObject({ filesFailed: 6 + unreadableFails, filesUnchanged: 4 - unreadableFails, filesIndexed: 0 })
  })
})

describe('feature files that contradict their names', () => {
  test('a track_id other than the file name says, and a file naming no work, are errors naming the file', async () => {
    const dir = join(tempDir(), 'loose')
    const mismatched = await writeHpcp(join(dir, 'loose_hpcp', 'W_10_hpcp', 'P_10_hpcp.h5'), 'W_10', 'P_11')
    const noWork = await writeH5(join(dir, 'P_12_hpcp.h5'), { datasets: { hpcp: { data: chroma(10), shape: [10, 12] } } })
    const fine = await writeH5(join(dir, 'P_13_hpcp.h5'), { datasets: { hpcp: { data: chroma(10), shape: [10, 12] } }, attrs: { label: 'W_13' } })
    const dbPath = join(tempDir(), 'refrain.db')
    const summary = await indexInto(dbPath, [dir])
    expect(summary).toMatchObject({ filesSeen: 3, filesIndexed: 1, filesFailed: 2 })
    expect(summary.messages).toHaveLength(2)
    expect(summary.messages).toContainEqual({ level: 'error', file: mismatched, message: 'its name says P_10 but its track_id attribute says P_11' })
    expect(summary.messages).toContainEqual({ level: 'error', file: noWork, message: expect.stringMatching(/names no work/) })
    const db = openDb(dbPath)
    try {
      expect(getPerformance(db, 'P_13')).toMatchObject({ workId: 'W_13', dataset: 'loose', features: ['hpcp'] })
      expect(getPerformance(db, 'P_13').featureFiles[0].path).toBe(fine)
    } finally {
      db.close()
    }
  })
})

describe('the same performance id in two datasets', () => {
  test('a warning names the file and the other dataset; both copies can be looked up', async () => {
    const dbPath = libraryCopy()
    const dir = join(tempDir(), 'dup')
    mkdirSync(dir)
    const file = join(dir, 'dup_metadata.json')
    writeFileSync(
      file,
      JSON.stringify({
        W_163992: { P_547131: metadataEntry('W_163992', 'P_547131', { perf_artist: 'Aki Aleong (my copy)' }) },
        W_5: { P_50: metadataEntry('W_5', 'P_50') },
      }),
    )
    const summary = await indexInto(dbPath, [dir])
    expect(summary.filesFailed).toBe(0)
    expect(summary.messages).toHaveLength(1)
    expect(summary.messages[0]).toMatchObject({ level: 'warning', file })
    expect(summary.messages[0].message).toMatch(/P_547131 \(in coveranalysis\)/)

    const db = openDb(dbPath)
    try {
      const mine = getPerformance(db, 'P_547131', 'dup')
      expect(mine).toMatchObject({ dataset: 'dup', artist: 'Aki Aleong (my copy)', alsoIn: ['coveranalysis'], features: [] })
      const original = getPerformance(db, 'P_547131', 'coveranalysis')
      expect(original).toMatchObject({ dataset: 'coveranalysis', artist: 'Aki Aleong', alsoIn: ['dup'] })
      expect(original.featureFiles).toHaveLength(7)
    } finally {
      db.close()
    }
  })
})

describe('cancelling', () => {
  test('stops early with cancelled: true; the next run completes to exactly a clean run\'s counts', async () => {
    const dbPath = join(tempDir(), 'refrain.db')
    let events = 0
    const cancelledRun = await indexInto(dbPath, ['resources/da-tacos'], {
      metadataBatch: 1000,
      onProgress: () => events++,
      isCancelled: () => events >= 3,
    })
    expect(cancelledRun.cancelled).toBe(true)
    expect(cancelledRun.performances).toBeLessThan(25000)
    const partial = snapshot(dbPath)
    expect(partial.performances).toBeLessThan(25000)
    expect(partial).not.toEqual(afterFirst)

    const resumed = await indexInto(dbPath, ['resources/da-tacos'])
    expect(resumed.cancelled).toBe(false)
    expect(resumed.filesFailed).toBe(0)
    expect(snapshot(dbPath)).toEqual(afterFirst)
  })
})
