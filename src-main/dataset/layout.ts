// The Da-TACOS folder layout: which dataset, feature, work and performance a path names.
//   per-feature: da-tacos_<subset>_subset_<feature>/W_<id>_<feature>/P_<id>_<feature>.h5
//   single file: da-tacos_<subset>_subset_single_files/W_<id>/P_<id>.h5
//   metadata:    da-tacos_<subset>_subset_metadata.json (optionally .gz)
// A user's own dataset may drop the "da-tacos_" and "_subset" parts: mine_hpcp/..., mine_metadata.json.
//   audio:       <name>_audio/W_<id>/P_<id>.<ogg|opus|mp3|flac|wav> (what `refrain import` writes)
import { realpathSync } from 'node:fs'
import { readdir, realpath, stat } from 'node:fs/promises'
import { basename, dirname, join, resolve, sep } from 'node:path'
import { FEATURE_KINDS, type FeatureKind } from './kinds'

export interface DatasetName {
  name: string
  kind: 'da-tacos' | 'user'
}

export interface MetadataFile extends DatasetName {
  type: 'metadata'
  path: string
}

export interface FeatureFile extends DatasetName {
  type: 'feature'
  path: string
  /** null for a single file holding every feature. */
  feature: FeatureKind | null
  perfIdFromName: string | null
  workIdFromName: string | null
}

export interface AudioFile extends DatasetName {
  type: 'audio'
  path: string
  perfIdFromName: string
  workIdFromName: string | null
}

export type DataFile = MetadataFile | FeatureFile | AudioFile

const METADATA_NAME = /^(da-tacos_)?(.+?)(_subset)?_metadata\.json(\.gz)?$/
const FEATURE_FOLDER = new RegExp(`^(da-tacos_)?(.+?)(_subset)?_(${FEATURE_KINDS.join('|')}|single_files)$`)
const PERF_FILE = /^(P_\w+?)(?:_([a-z]+))?\.h5$/
const WORK_FOLDER = /^(W_\w+?)(?:_([a-z]+))?$/
const AUDIO_FOLDER = /^(da-tacos_)?(.+?)(_subset)?_audio$/
const AUDIO_FILE = /^(P_\w+)\.(ogg|opus|mp3|flac|wav)$/i

function datasetFrom(match: RegExpExecArray): DatasetName {
  return { name: match[2], kind: match[1] ? 'da-tacos' : 'user' }
}

export function classifyMetadata(path: string): MetadataFile | null {
  const match = METADATA_NAME.exec(basename(path))
  return match ? { type: 'metadata', path, ...datasetFrom(match) } : null
}

/** `fallback` names the dataset when no folder on the path follows the Da-TACOS naming. */
export function classifyFeature(path: string, fallback: string): FeatureFile | null {
  const parts = path.split(sep)
  const fileMatch = PERF_FILE.exec(parts.at(-1) ?? '')
  if (!fileMatch) return null
  const workMatch = WORK_FOLDER.exec(parts.at(-2) ?? '')
  for (let i = parts.length - 2; i >= 0; i--) {
    const folder = WORK_FOLDER.test(parts[i]) ? null : FEATURE_FOLDER.exec(parts[i])
    if (!folder) continue
    const feature = folder[4] === 'single_files' ? null : (folder[4] as FeatureKind)
    return { type: 'feature', path, ...datasetFrom(folder), feature, perfIdFromName: fileMatch[1], workIdFromName: workMatch?.[1] ?? null }
  }
  const suffix = fileMatch[2]
  const feature = suffix && (FEATURE_KINDS as readonly string[]).includes(suffix) ? (suffix as FeatureKind) : null
  return { type: 'feature', path, name: fallback, kind: 'user', feature, perfIdFromName: fileMatch[1], workIdFromName: workMatch?.[1] ?? null }
}

/** An audio file counts only inside a `<name>_audio` folder, which names its dataset. */
export function classifyAudio(path: string): AudioFile | null {
  const parts = path.split(sep)
  const fileMatch = AUDIO_FILE.exec(parts.at(-1) ?? '')
  if (!fileMatch) return null
  const workMatch = WORK_FOLDER.exec(parts.at(-2) ?? '')
  for (let i = parts.length - 2; i >= 0; i--) {
    if (WORK_FOLDER.test(parts[i])) continue
    const folder = AUDIO_FOLDER.exec(parts[i])
    if (!folder) return null
    return { type: 'audio', path, ...datasetFrom(folder), perfIdFromName: fileMatch[1], workIdFromName: workMatch?.[1] ?? null }
  }
  return null
}

/**
 * The folder a dataset's file belongs to: the one holding `<name>_metadata.json`, `<name>_hpcp/`
 * and `<name>_audio/`. Null for a feature file outside such a folder (its dataset is named after
 * the folder indexed, which is then its home).
 */
export function datasetHome(file: DataFile): string | null {
  if (file.type === 'metadata') return dirname(file.path)
  const parts = file.path.split(sep)
  const folder = file.type === 'feature' ? FEATURE_FOLDER : AUDIO_FOLDER
  for (let i = parts.length - 2; i >= 1; i--) {
    if (WORK_FOLDER.test(parts[i]!)) continue
    if (folder.test(parts[i]!)) return parts.slice(0, i).join(sep) || sep
    if (file.type === 'audio') return null
  }
  return null
}

/**
 * One folder inside the other, or the same (also through links): a dataset indexed once from
 * its folder and once from above or below it is one dataset; two unrelated folders are two.
 */
export function sameFolder(a: string, b: string): boolean {
  const within = (x: string, y: string) => x === y || x.startsWith(y.endsWith(sep) ? y : y + sep)
  if (within(a, b) || within(b, a)) return true
  try {
    const [ra, rb] = [realpathSync(a), realpathSync(b)]
    return within(ra, rb) || within(rb, ra)
  } catch {
    return false
  }
}

export interface ScanResult {
  files: DataFile[]
  problems: { file: string; message: string }[]
  /** Folder links not followed (loops, or a folder already walked): nothing is lost, but say so. */
  warnings: { file: string; message: string }[]
}

/**
 * Remembers the real path of every folder a walk enters, so a link back to the same folder or
 * to one above it (`self -> .`, `up -> ..`, /proc/self/root -> /) ends the walk there instead of
 * going round until the depth limit, or over the whole file system. One guard per walk.
 */
export class FolderGuard {
  private readonly seen = new Set<string>()

  /**
   * `parentReal`: the real path of the folder `path` was found in (null for the walk's root).
   * Returns the folder's real path to walk it, or why it is not walked.
   */
  async enter(path: string, parentReal: string | null): Promise<{ real: string } | { skip: string }> {
    const real = await realpath(path)
    // An ancestor is on the walk's own path even when the walk began below it (/proc/self/root).
    const above = parentReal !== null && (parentReal === real || parentReal.startsWith(real.endsWith(sep) ? real : real + sep))
    if (above) return { skip: `a link to ${real}, a folder that contains it: not followed (it would loop)` }
    if (this.seen.has(real)) return { skip: `a link to ${real}, a folder already walked: not followed (its files are found once)` }
    this.seen.add(real)
    return { real }
  }
}

/** Walks the given files and folders for metadata JSONs and feature files. */
export async function scanPaths(paths: string[], isCancelled: () => boolean = () => false): Promise<ScanResult> {
  const result: ScanResult = { files: [], problems: [], warnings: [] }
  for (const given of paths) {
    const root = resolve(given)
    const fallback = basename(root).replace(/\.(h5|json|gz)$/g, '') || 'user'
    const guard = new FolderGuard()
    const visit = async (path: string, depth: number, parentReal: string | null): Promise<void> => {
      if (isCancelled()) return
      let info
      try {
        info = await stat(path)
      } catch (error) {
        result.problems.push({ file: path, message: describeFsError(error) })
        return
      }
      if (info.isDirectory()) {
        if (depth > 12) return
        let names: string[]
        let entered
        try {
          entered = await guard.enter(path, parentReal)
          if ('skip' in entered) return void result.warnings.push({ file: path, message: entered.skip })
          names = (await readdir(path)).sort()
        } catch (error) {
          result.problems.push({ file: path, message: describeFsError(error) })
          return
        }
        for (const name of names) if (!name.startsWith('.')) await visit(join(path, name), depth + 1, entered.real)
        return
      }
      const file = path.endsWith('.h5') ? classifyFeature(path, fallback) : (classifyAudio(path) ?? classifyMetadata(path))
      if (file) result.files.push(file)
      else if (path === root) result.problems.push({ file: path, message: 'is neither a Da-TACOS metadata JSON (…_metadata.json) nor a feature file (P_<id>….h5)' })
    }
    await visit(root, 0, null)
  }
  return result
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code
  if (code === 'ENOENT') return 'does not exist'
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied)'
  if (code === 'EISDIR') return 'is a folder, not a file'
  return String((error as Error)?.message ?? error)
}
