// Shared fixtures: repo-relative paths to the real Da-TACOS sample, fresh temp folders, HDF5
// files written with h5wasm, the "mixed good and bad" folder, and a summary of what an index holds.
import h5wasm from 'h5wasm/node'
import Database from 'better-sqlite3'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const DA_TACOS = join(REPO, 'resources', 'da-tacos')
export const METADATA_DIR = join(DA_TACOS, 'da-tacos_metadata')
export const BENCHMARK_JSON = join(METADATA_DIR, 'da-tacos_benchmark_subset_metadata.json.gz')
export const COVERANALYSIS_JSON = join(METADATA_DIR, 'da-tacos_coveranalysis_subset_metadata.json.gz')
export const FEATURES_SAMPLE = join(DA_TACOS, 'features_sample')

/** The seven real feature files of coveranalysis W_163992 / P_547131. */
export function samplePath(feature: string): string {
  return join(FEATURES_SAMPLE, `da-tacos_coveranalysis_subset_${feature}`, `W_163992_${feature}`, `P_547131_${feature}.h5`)
}
export const SAMPLE_FEATURES = ['cens', 'crema', 'hpcp', 'key', 'madmom', 'mfcc', 'tags'] as const

/** True where file permissions cannot stop this process from reading (root). */
export const RUNNING_AS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0

const made: string[] = []

/** A fresh folder under the system temp dir; removed by removeTempDirs(). */
export function tempDir(prefix = 'refrain-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  made.push(dir)
  return dir
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
}

export interface H5Content {
  datasets?: Record<string, { data: Float32Array | Float64Array; shape: number[] }>
  attrs?: Record<string, string>
  groups?: Record<string, { attrs?: Record<string, string | number>; datasets?: Record<string, { data: Float32Array | Float64Array; shape: number[] }> }>
}

const dtypeOf = (data: Float32Array | Float64Array) => (data instanceof Float32Array ? '<f' : '<d')

/** Writes a real HDF5 file with h5wasm (as Da-TACOS does with deepdish: root attributes label/track_id). */
export async function writeH5(path: string, content: H5Content): Promise<string> {
  await h5wasm.ready
  mkdirSync(dirname(path), { recursive: true })
  const file = new h5wasm.File(path, 'w')
  try {
    for (const [name, { data, shape }] of Object.entries(content.datasets ?? {})) {
      file.create_dataset({ name, data, shape, dtype: dtypeOf(data) })
    }
    for (const [name, group] of Object.entries(content.groups ?? {})) {
      const g = file.create_group(name)
      for (const [key, value] of Object.entries(group.attrs ?? {})) g.create_attribute(key, value)
      for (const [dname, { data, shape }] of Object.entries(group.datasets ?? {})) {
        g.create_dataset({ name: dname, data, shape, dtype: dtypeOf(data) })
      }
    }
    for (const [key, value] of Object.entries(content.attrs ?? {})) file.create_attribute(key, value)
  } finally {
    file.close()
  }
  return path
}

/** A (frames, 12) chroma with recognisable values: frame t, bin b holds (t * 12 + b) / (frames * 12). */
export function chroma(frames: number, bins = 12): Float32Array {
  const data = new Float32Array(frames * bins)
  for (let i = 0; i < data.length; i++) data[i] = i / data.length
  return data
}

/** A performance's hpcp feature file, named and labelled the Da-TACOS way. */
export function writeHpcp(path: string, workId: string, perfId: string, frames = 40): Promise<string> {
  return writeH5(path, { datasets: { hpcp: { data: chroma(frames), shape: [frames, 12] } }, attrs: { label: workId, track_id: perfId } })
}

export function metadataEntry(workId: string, perfId: string, fields: Record<string, unknown> = {}) {
  return {
    work_title: `Work ${workId}`,
    work_artist: `Composer ${workId}`,
    perf_title: `Song ${perfId}`,
    perf_artist: `Singer ${perfId}`,
    release_year: '1999',
    work_id: workId,
    perf_id: perfId,
    instrumental: 'No',
    ...fields,
  }
}

export interface MixedFolder {
  root: string
  goodMetadata: string
  brokenMetadata: string
  good: string
  nan: string
  notHdf5: string
  wrongShape: string
  missingDataset: string
  truncated: string
  unreadable: string
  empty: string
}

/**
 * A user dataset "mixed" with one good metadata JSON, one truncated JSON, and hpcp files:
 * one good, one with NaN/inf, and one of each kind of broken file.
 */
export async function makeMixedFolder(parent: string): Promise<MixedFolder> {
  const root = join(parent, 'mixed')
  const hpcp = join(root, 'mixed_hpcp')
  const file = (work: string, perf: string) => join(hpcp, `${work}_hpcp`, `${perf}_hpcp.h5`)
  mkdirSync(root, { recursive: true })
  const metadata = {
    W_1: { P_1: metadataEntry('W_1', 'P_1'), P_2: metadataEntry('W_1', 'P_2') },
    W_2: { P_3: metadataEntry('W_2', 'P_3'), P_4: metadataEntry('W_2', 'P_4'), P_5: metadataEntry('W_2', 'P_5') },
    W_3: { P_6: metadataEntry('W_3', 'P_6'), P_7: metadataEntry('W_3', 'P_7') },
  }
  const folder: MixedFolder = {
    root,
    goodMetadata: join(root, 'mixed_metadata.json'),
    brokenMetadata: join(root, 'broken_metadata.json'),
    good: file('W_1', 'P_1'),
    nan: file('W_1', 'P_2'),
    notHdf5: file('W_2', 'P_3'),
    wrongShape: file('W_2', 'P_4'),
    missingDataset: file('W_2', 'P_5'),
    truncated: file('W_163992', 'P_547131'),
    unreadable: file('W_3', 'P_6'),
    empty: file('W_3', 'P_7'),
  }
  writeFileSync(folder.goodMetadata, JSON.stringify(metadata))
  writeFileSync(folder.brokenMetadata, JSON.stringify(metadata).slice(0, 60))
  await writeHpcp(folder.good, 'W_1', 'P_1')
  const nan = chroma(40)
  nan[0] = Number.NaN
  nan[13] = Number.NaN
  nan[26] = Number.NaN
  nan[100] = Number.POSITIVE_INFINITY
  nan[200] = Number.NEGATIVE_INFINITY
  await writeH5(folder.nan, { datasets: { hpcp: { data: nan, shape: [40, 12] } }, attrs: { label: 'W_1', track_id: 'P_2' } })
  mkdirSync(dirname(folder.notHdf5), { recursive: true })
  writeFileSync(folder.notHdf5, 'this is a text file, not HDF5\n')
  await writeH5(folder.wrongShape, { datasets: { hpcp: { data: chroma(40, 7), shape: [40, 7] } }, attrs: { label: 'W_2', track_id: 'P_4' } })
  await writeH5(folder.missingDataset, { datasets: { chroma: { data: chroma(40), shape: [40, 12] } }, attrs: { label: 'W_2', track_id: 'P_5' } })
  mkdirSync(dirname(folder.truncated), { recursive: true })
  const real = readFileSync(samplePath('hpcp'))
  writeFileSync(folder.truncated, real.subarray(0, Math.floor(real.length / 2)))
  await writeHpcp(folder.unreadable, 'W_3', 'P_6')
  chmodSync(folder.unreadable, 0o000)
  mkdirSync(dirname(folder.empty), { recursive: true })
  writeFileSync(folder.empty, '')
  return folder
}

/** What an index holds, in a form two runs can be compared by. */
export function snapshot(dbPath: string) {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true })
  try {
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n
    return {
      datasets: db
        .prepare(
          `SELECT d.name, d.kind,
             (SELECT count(*) FROM works w WHERE w.dataset_id = d.id) AS works,
             (SELECT count(*) FROM performances p WHERE p.dataset_id = d.id) AS performances,
             (SELECT count(DISTINCT f.performance_row) FROM features f JOIN performances p ON p.id = f.performance_row WHERE p.dataset_id = d.id) AS withFeatures
           FROM datasets d ORDER BY d.name`,
        )
        .all(),
      works: count('SELECT count(*) AS n FROM works'),
      performances: count('SELECT count(*) AS n FROM performances'),
      withMetadata: count('SELECT count(*) AS n FROM performances WHERE title IS NOT NULL'),
      features: count('SELECT count(*) AS n FROM features'),
      searchRows: count('SELECT count(*) AS n FROM search'),
      files: db.prepare('SELECT path, status FROM files ORDER BY path').all(),
    }
  } finally {
    db.close()
  }
}
