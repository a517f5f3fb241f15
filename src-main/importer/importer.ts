// An import: audio files -> a dataset in the Da-TACOS layout, resumable.
//   <out>/<name>_metadata.json                          {W_id: {P_id: {...}}}
//   <out>/<name>_hpcp/W_<id>_hpcp/P_<id>_hpcp.h5          hpcp (T, 12) float32, label, track_id
//   <out>/<name>_audio/W_<id>/P_<id>.<ext>                a link to (or copy of) the source
// Files are decoded and extracted on a pool of worker threads. Every finished file is recorded
// in <out>/.refrain-import.json (its size and mtime) and the metadata JSON is rewritten
// atomically, so a second run skips what is done and a killed run loses only files in flight.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, unlinkSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { basename, extname, join, relative, resolve } from 'node:path'
import type { IndexMessage } from '../jobs/message'
import type { ImportProgress, ImportSummary } from './types'
import { describeFsError, sameFolder } from '../dataset/layout'
import { conflict } from '../errors'
import { TEMP_SUFFIX, writeJsonAtomic } from '../dataset/write'
import { resolveWorkerScript, TaskCancelled, TaskFailed, WorkerCrashed, WorkerPool } from '../workers/pool'
import type { ImportResult, ImportTask, ImportTaskProgress } from '../workers/import-worker'
import { planFromCsv, planFromFolders, type PlannedFile } from './plan'

export interface ImportOptions {
  folder: string
  out: string
  worksCsv?: string
  /** Worker threads; default: the CPU cores. */
  workers?: number
  jobId?: string
  onProgress?: (progress: ImportProgress) => void
  onMessage?: (message: IndexMessage) => void
  isCancelled?: () => boolean
  /** The worker script; default: the built out/main/import-worker.js. */
  workerScript?: string
  /**
   * The folder the library's dataset of this name was indexed from, or null. A dataset is named
   * after its folder: an import into a folder of the same name elsewhere is refused up front
   * rather than decoded, written and then merged into the other dataset.
   */
  indexedDatasetFolder?: (name: string) => string | null
}

export const STATE_FILE = '.refrain-import.json'

export interface MetadataEntry {
  work_title: string
  work_artist: string
  perf_title: string
  perf_artist: string
  release_year: string
  work_id: string
  perf_id: string
  instrumental: string
}

interface StateRecord {
  size: number
  mtimeMs: number
  source: string
  h5: string
  audio: string | null
  durationSec: number
  meta: MetadataEntry
}

interface ImportState {
  version: 1
  /** The folder imported (absolute). */
  folder?: string
  files: Record<string, StateRecord>
}

/**
 * The default output for `folder` under `importsDir`: imports/<folder name>, or <folder name>-2,
 * -3… when that one already holds an import of another folder with the same name, or (given
 * `indexedDatasetFolder`, as for runImport) when a dataset of that name is indexed from elsewhere.
 */
export function defaultOutFor(importsDir: string, folder: string, indexedDatasetFolder?: (name: string) => string | null): string {
  const source = resolve(folder)
  const name = basename(source) || 'audio'
  for (let n = 1; ; n++) {
    const out = join(importsDir, n === 1 ? name : `${name}-${n}`)
    const other = indexedDatasetFolder?.(basename(out))
    if (other && !sameFolder(other, out) && existsSync(other)) continue
    const owner = existsSync(out) ? readState(out).folder : undefined
    if (!existsSync(out) || owner === source || (owner === undefined && readdirSync(out).length === 0)) return out
  }
}

export function datasetName(out: string): string {
  return basename(resolve(out))
}

export function outputPaths(out: string, workId: string, perfId: string, ext: string) {
  const name = datasetName(out)
  return {
    metadata: join(out, `${name}_metadata.json`),
    h5: join(out, `${name}_hpcp`, `${workId}_hpcp`, `${perfId}_hpcp.h5`),
    audio: join(out, `${name}_audio`, workId, `${perfId}${ext}`),
  }
}

function readState(out: string): ImportState {
  try {
    const state = JSON.parse(readFileSync(join(out, STATE_FILE), 'utf8')) as ImportState
    if (state?.version === 1 && state.files && typeof state.files === 'object') return state
  } catch {
    // none yet, or unreadable: start over (outputs are rewritten, ids are the same)
  }
  return { version: 1, files: {} }
}

function metadataOf(state: ImportState): Record<string, Record<string, MetadataEntry>> {
  const works: Record<string, Record<string, MetadataEntry>> = {}
  const records = Object.values(state.files).sort((a, b) => (a.meta.work_id + a.meta.perf_id < b.meta.work_id + b.meta.perf_id ? -1 : 1))
  for (const record of records) (works[record.meta.work_id] ??= {})[record.meta.perf_id] = record.meta
  return works
}

/** Removes temporary files a killed run left in the hpcp folder. */
function removeLeftovers(dir: string, depth = 0): void {
  if (!existsSync(dir) || depth > 2) return
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) removeLeftovers(path, depth + 1)
    else if (TEMP_SUFFIX.test(entry.name)) rmSync(path, { force: true })
  }
}

function linkAudio(source: string, target: string): void {
  mkdirSync(join(target, '..'), { recursive: true })
  try {
    unlinkSync(target)
  } catch {
    // not there yet
  }
  try {
    symlinkSync(source, target)
  } catch {
    copyFileSync(source, target)
  }
}

/** The Da-TACOS metadata entry: titles from tags where the file has them, else from names; unknowns "". */
function metadataEntry(file: PlannedFile, result: ImportResult): MetadataEntry {
  const perfTitle = result.tags?.title ?? file.perfTitle
  const perfArtist = result.tags?.artist ?? ''
  return {
    // A file on its own is a work of one performance: the work takes its title and artist.
    work_title: file.single ? perfTitle : file.workTitle,
    work_artist: file.single ? perfArtist : '',
    perf_title: perfTitle,
    perf_artist: perfArtist,
    release_year: result.tags?.year ? String(result.tags.year) : '',
    work_id: file.workId,
    perf_id: file.perfId,
    instrumental: '',
  }
}

export async function runImport(options: ImportOptions): Promise<ImportSummary> {
  const started = Date.now()
  const out = resolve(options.out)
  const folder = resolve(options.folder)
  const name = datasetName(out)
  const jobId = options.jobId ?? 'cli'
  const messages: IndexMessage[] = []
  const say = (level: IndexMessage['level'], file: string, message: string) => {
    const entry = { level, file, message }
    messages.push(entry)
    options.onMessage?.(entry)
  }
  const summary: ImportSummary = { out, dataset: name, filesSeen: 0, imported: 0, skipped: 0, failed: 0, audioSeconds: 0, cancelled: false, seconds: 0, messages }
  const finish = () => ({ ...summary, seconds: (Date.now() - started) / 1000 })
  const other = options.indexedDatasetFolder?.(name)
  if (other && !sameFolder(other, out) && existsSync(other)) {
    throw conflict(`dataset "${name}" is already indexed from ${other}; an import into ${out} would merge into it: choose an output folder with another name`)
  }

  let folderInfo
  try {
    folderInfo = statSync(folder)
  } catch (error) {
    say('error', folder, describeFsError(error))
    return finish()
  }
  if (!folderInfo.isDirectory()) {
    say('error', folder, 'is not a folder (import takes a folder of audio files)')
    return finish()
  }
  const plan = options.worksCsv ? await planFromCsv(folder, resolve(options.worksCsv), [out]) : await planFromFolders(folder, [out])
  for (const problem of plan.problems) say(problem.level, problem.file, problem.message)
  summary.filesSeen = plan.files.length
  if (plan.files.length === 0) {
    say('error', folder, options.worksCsv ? 'the works CSV lists no audio files' : 'holds no audio files (.wav, .flac, .mp3, .ogg, .opus)')
    return finish()
  }

  mkdirSync(out, { recursive: true })
  removeLeftovers(join(out, `${name}_hpcp`))
  const state = readState(out)
  state.folder = folder
  const total = plan.files.length
  let done = 0
  const progress = (file: string | null, fileFraction: number) => options.onProgress?.({ jobId, done, total, file, fileFraction })

  // What is finished and unchanged since is skipped.
  const todo: { file: PlannedFile; size: number; mtimeMs: number }[] = []
  for (const file of plan.files) {
    let info
    try {
      info = statSync(file.source)
    } catch (error) {
      summary.failed++
      done++
      say('error', file.source, describeFsError(error))
      continue
    }
    if (!info.isFile()) {
      summary.failed++
      done++
      say('error', file.source, 'is not a file')
      continue
    }
    const record = state.files[file.rel]
    if (
      record &&
      record.size === info.size &&
      record.mtimeMs === info.mtimeMs &&
      record.meta.perf_id === file.perfId &&
      record.meta.work_id === file.workId &&
      existsSync(join(out, record.h5))
    ) {
      summary.skipped++
      done++
      continue
    }
    todo.push({ file, size: info.size, mtimeMs: info.mtimeMs })
  }
  progress(null, 0)

  let lastWrite = 0
  let dirty = false
  const save = (force: boolean) => {
    if (!dirty || (!force && Date.now() - lastWrite < 1000)) return
    writeJsonAtomic(join(out, `${name}_metadata.json`), metadataOf(state))
    writeJsonAtomic(join(out, STATE_FILE), state)
    lastWrite = Date.now()
    dirty = false
  }
  // The metadata JSON exists from the start (empty works are fine to the indexer once files land).
  if (!existsSync(join(out, `${name}_metadata.json`)) && Object.keys(state.files).length > 0) dirty = true

  const pool = new WorkerPool<ImportTask, ImportResult, ImportTaskProgress>({
    script: options.workerScript ?? resolveWorkerScript('import-worker'),
    size: Math.min(options.workers ?? availableParallelism(), Math.max(1, todo.length)),
    maxOldGenerationSizeMb: 2048,
  })
  let cancelled = false
  const watch = setInterval(() => {
    if (!cancelled && options.isCancelled?.()) {
      cancelled = true
      void pool.cancel()
    }
  }, 100)
  try {
    await Promise.all(
      todo.map(async ({ file, size, mtimeMs }) => {
        const ext = extname(file.source).toLowerCase()
        const paths = outputPaths(out, file.workId, file.perfId, ext)
        try {
          const result = await pool.run({ source: file.source, h5Path: paths.h5, workId: file.workId, perfId: file.perfId }, (p) => progress(file.source, p.fraction))
          let audio: string | null = paths.audio
          try {
            linkAudio(file.source, paths.audio)
          } catch (error) {
            audio = null
            say('warning', file.source, `features imported, but the audio could not be linked for playback (${describeFsError(error)})`)
          }
          for (const warning of result.warnings) say('warning', file.source, warning)
          state.files[file.rel] = {
            size,
            mtimeMs,
            source: file.source,
            h5: relative(out, paths.h5),
            audio: audio && relative(out, audio),
            durationSec: result.durationSec,
            meta: metadataEntry(file, result),
          }
          dirty = true
          summary.imported++
          summary.audioSeconds += result.durationSec
          save(false)
        } catch (error) {
          if (error instanceof TaskCancelled) return
          summary.failed++
          const reason = error instanceof WorkerCrashed ? `the worker crashed on this file (${error.message}); the import went on` : error instanceof TaskFailed ? error.message : String((error as Error)?.message ?? error)
          say('error', file.source, reason)
        }
        done++
        progress(null, 0)
      }),
    )
  } finally {
    clearInterval(watch)
    await pool.close()
    save(true)
  }
  summary.cancelled = cancelled
  return finish()
}
