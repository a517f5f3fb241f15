// The output folder in the Da-TACOS layout, filled batch by batch: a batch's `refrain import`
// output is moved in (feature files, metadata with our titles), and the manifest records which
// versions are finished, so a killed build redoes only the rest.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, relative, resolve } from 'node:path'

export const MANIFEST = 'manifest.json'

export function writeJsonAtomic(path, value) {
  mkdirSync(dirname(path), { recursive: true })
  const temp = `${path}.${process.pid}.tmp`
  writeFileSync(temp, `${JSON.stringify(value, null, 1)}\n`)
  renameSync(temp, path)
}

export const readJson = (path, fallback = null) => (existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : fallback)

export function datasetPaths(out) {
  const name = basename(out)
  return { name, metadata: join(out, `${name}_metadata.json`), hpcp: join(out, `${name}_hpcp`), audio: join(out, `${name}_audio`), manifest: join(out, MANIFEST) }
}

/**
 * Moves one imported batch into `out`. `versionOf(sourcePath)` finds the planned version of a
 * staged file; `entryOf(version, perfId)` gives its metadata entry. Returns {version, perf, h5}
 * for each file the import finished.
 */
export function mergeBatch({ batchOut, out, versionOf, entryOf, keepAudio }) {
  const paths = datasetPaths(out)
  const state = readJson(join(batchOut, '.refrain-import.json'))
  if (!state) throw new Error(`${batchOut}: the import left no state file`)
  const meta = readJson(paths.metadata, {})
  const done = []
  for (const record of Object.values(state.files)) {
    const v = versionOf(resolve(record.source))
    if (!v) throw new Error(`${record.source}: not a planned version`)
    const { work_id: work, perf_id: perf } = record.meta
    const h5 = join(paths.hpcp, `${work}_hpcp`, `${perf}_hpcp.h5`)
    mkdirSync(dirname(h5), { recursive: true })
    renameSync(join(batchOut, record.h5), h5)
    if (keepAudio) {
      const wav = join(paths.audio, work, `${perf}.wav`)
      mkdirSync(dirname(wav), { recursive: true })
      renameSync(record.source, wav)
    }
    meta[work] ??= {}
    meta[work][perf] = entryOf(v, perf)
    done.push({ version: v, perf, h5: relative(out, h5), seconds: Math.round(record.durationSec * 100) / 100 })
  }
  const sorted = Object.fromEntries(Object.keys(meta).sort().map((w) => [w, Object.fromEntries(Object.keys(meta[w]).sort().map((p) => [p, meta[w][p]]))]))
  writeJsonAtomic(paths.metadata, sorted)
  return done
}

/** Removes an earlier build's dataset files from `out` (another plan), keeping unrelated files. */
export function clearDataset(out) {
  const p = datasetPaths(out)
  for (const f of [p.metadata, p.hpcp, p.audio, p.manifest, join(out, 'splits.json'), join(out, 'splits')]) rmSync(f, { recursive: true, force: true })
}
