// One indexing run over files and folders: metadata first, then feature files, committed in
// batches so a killed run keeps what it finished and the next run picks up the rest
// (unchanged files, by size and mtime, are skipped). Bad files are reported and skipped.
import { constants, existsSync } from 'node:fs'
import { access, stat } from 'node:fs/promises'
import { resolve, sep } from 'node:path'
import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import type { IndexMessage } from '../jobs/message'
import { emptyIndexSummary, type IndexProgress, type IndexSummary } from './types'
import { inspectFeatureFile, type FeatureFileFacts } from '../dataset/features'
import { H5ReadError } from '../dataset/h5'
import { datasetHome, describeFsError, sameFolder, scanPaths, type AudioFile, type DataFile, type FeatureFile, type MetadataFile } from '../dataset/layout'
import { MetadataError, readMetadataFile } from '../dataset/metadata'
import { AudioFileError, inspectAudioFile } from '../media/audio'
import { writeTransaction, type Db } from './db'
import { IndexStore, type FileStamp } from './store'

export interface IndexRunOptions {
  paths: string[]
  jobId?: string
  onProgress?: (progress: IndexProgress) => void
  onMessage?: (message: IndexMessage) => void
  isCancelled?: () => boolean
  /** Metadata entries per transaction. */
  metadataBatch?: number
  /** Feature files per transaction. */
  featureBatch?: number
}

/** Summaries keep this many messages; every one still goes to onMessage. */
const MESSAGES_KEPT = 1000
const PROGRESS_INTERVAL_MS = 100

export async function runIndex(db: Db, options: IndexRunOptions): Promise<IndexSummary> {
  const started = performance.now()
  const store = new IndexStore(db)
  const isCancelled = options.isCancelled ?? (() => false)
  const jobId = options.jobId ?? 'cli'
  const roots = options.paths.map((path) => resolve(path))
  const summary = emptyIndexSummary()
  const say = (level: IndexMessage['level'], file: string, message: string) => {
    const entry = { level, file, message }
    if (summary.messages.length < MESSAGES_KEPT) summary.messages.push(entry)
    options.onMessage?.(entry)
  }
  let lastProgress = 0
  const progress = (phase: IndexProgress['phase'], done: number, total: number, file: string | null, force = false, fileFraction = 0) => {
    const now = performance.now()
    if (!force && now - lastProgress < PROGRESS_INTERVAL_MS) return
    lastProgress = now
    options.onProgress?.({ jobId, phase, done, total, file, fileFraction })
  }
  const rootOf = (path: string) => roots.find((root) => path === root || path.startsWith(root + sep)) ?? path
  // Another process (a second `refrain index`, the app) may be writing: wait for it, and say so once.
  let saidWaiting = false
  const write = <T>(fn: () => T): Promise<T> =>
    writeTransaction(db, fn, () => {
      if (!saidWaiting) say('warning', db.name, 'waiting for another Refrain process writing to this database')
      saidWaiting = true
    })

  progress('scanning', 0, 0, null, true)
  const scan = await scanPaths(options.paths, isCancelled)
  for (const problem of scan.problems) {
    summary.filesFailed++
    say('error', problem.file, problem.message)
  }
  for (const warning of scan.warnings) say('warning', warning.file, warning.message)
  const clashing = await refuseNameClashes(scan.files)
  const usable = scan.files.filter((file) => !clashing.has(file))
  const metadataFiles = usable.filter((file): file is MetadataFile => file.type === 'metadata')
  const featureFiles = usable.filter((file): file is FeatureFile => file.type === 'feature')
  const audioFiles = usable.filter((file): file is AudioFile => file.type === 'audio')
  const total = usable.length
  summary.filesSeen = scan.files.length + scan.problems.length
  if (scan.files.length === 0 && scan.problems.length === 0) {
    say('warning', roots.join(', '), 'holds no Da-TACOS metadata JSON (…_metadata.json) and no feature files (P_<id>….h5)')
  }

  /**
   * A user dataset is named after its folder, so two folders of the same name elsewhere (two
   * imports' --out, say) would merge into one dataset, each re-pointing the other's files. The
   * second is refused, naming both folders; a dataset whose folder is gone has moved, and follows.
   * Da-TACOS subsets are meant to gather their features from many folders, so they may.
   */
  async function refuseNameClashes(files: DataFile[]): Promise<Set<DataFile>> {
    const refused = new Set<DataFile>()
    const claimed = new Map<string, string>()
    const clashes = new Map<string, { name: string; other: string; count: number }>()
    for (const file of files) {
      if (file.kind !== 'user') continue
      const home = datasetHome(file) ?? rootOf(file.path)
      let other = claimed.get(file.name)
      if (other === undefined) {
        const known = store.datasetRecord(file.name)
        if (known && known.kind === 'user' && known.root && !sameFolder(known.root, home)) {
          if (existsSync(known.root)) other = known.root
          else {
            await write(() => store.moveDataset(file.name, rootOf(file.path)))
            say('warning', home, `dataset "${file.name}" was indexed from ${known.root}, which is gone; it is now indexed from here`)
          }
        }
        if (other === undefined) {
          claimed.set(file.name, home)
          continue
        }
      } else if (sameFolder(other, home)) continue
      refused.add(file)
      const clash = clashes.get(home) ?? { name: file.name, other, count: 0 }
      clash.count++
      clashes.set(home, clash)
    }
    for (const [home, { name, other, count }] of clashes) {
      summary.filesFailed += count
      say('error', home, `a dataset named "${name}" is already indexed from ${other}; this folder's ${count} file${count === 1 ? '' : 's'} would merge into it and were left out: rename this folder (its name names the dataset), or remove the other dataset first`)
    }
    return refused
  }

  const stampOf = async (path: string): Promise<FileStamp | null> => {
    try {
      const info = await stat(path)
      return { size: info.size, mtimeMs: info.mtimeMs }
    } catch (error) {
      summary.filesFailed++
      say('error', path, describeFsError(error))
      return null
    }
  }

  let done = 0
  const workIds = new Set<string>()
  for (const file of metadataFiles) {
    if (isCancelled()) break
    progress('metadata', done, total, file.path, true)
    await indexMetadataFile(file)
    done++
  }

  async function indexMetadataFile(file: MetadataFile): Promise<void> {
    const stamp = await stampOf(file.path)
    if (!stamp) return
    if (store.isUnchanged(file.path, stamp)) {
      summary.filesUnchanged++
      return
    }
    let read
    try {
      read = await readMetadataFile(file.path)
    } catch (error) {
      const message = error instanceof MetadataError ? error.message : describeFsError(error)
      summary.filesFailed++
      say('error', file.path, message)
      await write(() => store.putFile(file.path, stamp, message))
      return
    }
    const datasetId = await write(() => store.dataset(file, rootOf(file.path)))
    const duplicates: { perfId: string; dataset: string }[] = []
    const batch = options.metadataBatch ?? 5000
    for (let start = 0; start < read.entries.length; start += batch) {
      if (isCancelled()) return
      const slice = read.entries.slice(start, start + batch)
      const last = start + batch >= read.entries.length
      await write(() => {
        for (const entry of slice) {
          const elsewhere = store.performanceElsewhere(datasetId, entry.perfId)
          if (elsewhere) duplicates.push({ perfId: entry.perfId, dataset: elsewhere })
          store.putPerformance(datasetId, entry)
          workIds.add(`${datasetId}/${entry.workId}`)
        }
        if (last) store.putFile(file.path, stamp, null)
      })
      summary.performances += slice.length
      progress('metadata', done, total, file.path, false, Math.min(1, (start + batch) / read.entries.length))
      await yieldToEventLoop()
    }
    summary.filesIndexed++
    if (read.skipped.length > 0) {
      say('warning', file.path, `${read.skipped.length} entries skipped: ${listSome(read.skipped)}`)
    }
    if (duplicates.length > 0) {
      const named = duplicates.map((duplicate) => `${duplicate.perfId} (in ${duplicate.dataset})`)
      say('warning', file.path, `${duplicates.length} performance ids already exist in another dataset and are kept in both: ${listSome(named)}`)
    }
  }

  /**
   * Reads each changed file outside any transaction, then stores a batch of results in one:
   * a kill loses at most the batch in flight. A file that no longer reads loses what it gave before.
   */
  async function indexFiles<F extends DataFile, R>(files: F[], read: (file: F) => Promise<R>, keep: (file: F, result: R) => void): Promise<void> {
    let pending: { file: F; stamp: FileStamp; result: R | null; problem: string | null }[] = []
    const flush = async () => {
      const batch = pending
      pending = []
      await write(() => {
        for (const item of batch) {
          if (item.result !== null) keep(item.file, item.result)
          else store.forgetFeatures(item.file.path)
          store.putFile(item.file.path, item.stamp, item.problem)
        }
      })
    }
    for (const file of files) {
      if (isCancelled()) break
      progress('features', done, total, file.path)
      done++
      const stamp = await stampOf(file.path)
      if (!stamp) continue
      if (store.isUnchanged(file.path, stamp)) {
        summary.filesUnchanged++
        continue
      }
      const item = { file, stamp, result: null as R | null, problem: null as string | null }
      try {
        item.result = await read(file)
        summary.filesIndexed++
      } catch (error) {
        item.problem = describeFsError(error)
        summary.filesFailed++
        say('error', file.path, item.problem)
      }
      pending.push(item)
      if (pending.length >= (options.featureBatch ?? 100)) {
        await flush()
        await yieldToEventLoop()
      }
    }
    await flush()
  }

  await indexFiles(featureFiles, readFeatureFacts, (file, facts) => {
    const datasetId = store.dataset(file, rootOf(file.path))
    const perfId = facts.perfId ?? file.perfIdFromName!
    const workId = (facts.workId ?? file.workIdFromName)!
    workIds.add(`${datasetId}/${workId}`)
    for (const feature of facts.features) {
      store.putFeature(datasetId, workId, perfId, file.path, feature)
      summary.features++
    }
  })

  // Audio files (`<name>_audio/W_<id>/P_<id>.<ext>`): their type and duration, one row each.
  await indexFiles(
    audioFiles,
    async (file) => {
      const workId = file.workIdFromName ?? store.workOf(await write(() => store.dataset(file, rootOf(file.path))), file.perfIdFromName)
      if (!workId) throw new AudioFileError('names no work: it is not in a W_<id> folder and its performance is not indexed')
      return { workId, facts: await inspectAudioFile(file.path) }
    },
    (file, { workId, facts }) => {
      const datasetId = store.dataset(file, rootOf(file.path))
      store.putAudio(datasetId, workId, file.perfIdFromName, file.path, facts)
      workIds.add(`${datasetId}/${workId}`)
    },
  )
  if (!isCancelled()) await forgetVanishedFiles()

  /** Files indexed before under a folder indexed again, and gone from it now. */
  async function forgetVanishedFiles(): Promise<void> {
    const present = new Set(scan.files.map((file) => file.path))
    const missing = new Set(scan.problems.map((problem) => problem.file))
    const vanished = roots.filter((root) => !missing.has(root)).flatMap((root) => store.filesUnder(root, sep)).filter((path) => !present.has(path))
    if (vanished.length === 0) return
    await write(() => vanished.forEach((path) => store.forgetFile(path)))
    say('warning', roots.join(', '), `${vanished.length} files indexed before are gone; their features were removed from the index: ${listSome(vanished)}`)
  }

  async function readFeatureFacts(file: FeatureFile): Promise<FeatureFileFacts> {
    await access(file.path, constants.R_OK)
    const facts = await inspectFeatureFile(file.path, file.feature)
    if (file.perfIdFromName && facts.perfId && facts.perfId !== file.perfIdFromName) {
      throw new H5ReadError(`its name says ${file.perfIdFromName} but its track_id attribute says ${facts.perfId}`)
    }
    if (!facts.workId && !file.workIdFromName) {
      throw new H5ReadError('names no work: no "label" attribute and no W_<id> folder')
    }
    for (const feature of facts.features) {
      if (feature.problem) say('warning', file.path, feature.problem)
    }
    return facts
  }

  summary.works = workIds.size
  summary.cancelled = isCancelled()
  summary.seconds = (performance.now() - started) / 1000
  progress('features', done, total, null, true)
  return summary
}

function listSome(items: string[], shown = 5): string {
  const head = items.slice(0, shown).join('; ')
  return items.length > shown ? `${head}; and ${items.length - shown} more` : head
}
