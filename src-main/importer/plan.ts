// What an import will do: the audio files under a folder, the work each belongs to (one
// sub-folder per work, or a works CSV), and stable ids derived from relative paths, so a
// re-run of the same folder gives the same W_/P_ ids.
import { createHash } from 'node:crypto'
import { readdir, readFile, stat } from 'node:fs/promises'
import { basename, extname, join, relative, resolve, sep } from 'node:path'
import { describeFsError, FolderGuard } from '../dataset/layout'

/** Extensions looked at when scanning a folder (the format itself is found from the bytes). */
export const AUDIO_EXTENSIONS = new Set(['.wav', '.wave', '.flac', '.mp3', '.ogg', '.oga', '.opus', '.m4a', '.mp4', '.aac', '.wma', '.aif', '.aiff', '.webm', '.mkv', '.mka'])

export interface PlannedFile {
  /** Absolute path of the source audio. */
  source: string
  /** Path relative to the imported folder, with forward slashes. */
  rel: string
  workKey: string
  workTitle: string
  workId: string
  perfId: string
  perfTitle: string
  /** A work of this one file (a file directly in the folder). */
  single: boolean
}

export interface Plan {
  files: PlannedFile[]
  problems: { file: string; message: string; level: 'warning' | 'error' }[]
}

const normalize = (rel: string) => rel.split(sep).join('/').normalize('NFC')

/** A stable numeric id: 10 digits from a SHA-1 of `text`, starting at 1,000,000,000 (above Da-TACOS's ids). */
export function stableNumber(text: string): number {
  const digest = createHash('sha1').update(text, 'utf8').digest()
  return 1_000_000_000 + (digest.readUIntBE(0, 6) % 8_999_999_999)
}

function assignIds(files: Omit<PlannedFile, 'workId' | 'perfId'>[]): PlannedFile[] {
  const works = new Map<string, string>()
  const takenWorks = new Set<string>()
  const takenPerfs = new Set<string>()
  const unique = (seed: string, taken: Set<string>, prefix: string) => {
    for (let salt = 0; ; salt++) {
      const id = `${prefix}${stableNumber(salt ? `${seed}#${salt}` : seed)}`
      if (!taken.has(id)) return taken.add(id), id
    }
  }
  // Sorted, so collisions (vanishingly rare) resolve the same way on every run.
  const sorted = [...files].sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0))
  for (const key of [...new Set(sorted.map((f) => f.workKey))].sort()) {
    const explicit = /^W_\d+$/.test(key) ? key : null
    works.set(key, explicit && !takenWorks.has(explicit) ? (takenWorks.add(explicit), explicit) : unique(`work:${key}`, takenWorks, 'W_'))
  }
  return sorted.map((file) => ({ ...file, workId: works.get(file.workKey)!, perfId: unique(`perf:${file.rel}`, takenPerfs, 'P_') }))
}

const stem = (path: string) => basename(path, extname(path))

/** Walks `folder` for audio files (by extension), skipping hidden entries and `exclude` (the output folder). */
export async function scanAudio(folder: string, exclude: string[] = []): Promise<{ files: string[]; problems: Plan['problems'] }> {
  const files: string[] = []
  const problems: Plan['problems'] = []
  const skip = new Set(exclude.map((p) => resolve(p)))
  const guard = new FolderGuard()
  const visit = async (dir: string, depth: number, parentReal: string | null): Promise<void> => {
    let entries
    let entered
    try {
      entered = await guard.enter(dir, parentReal)
      if ('skip' in entered) return void problems.push({ file: dir, message: entered.skip, level: 'warning' })
      entries = await readdir(dir, { withFileTypes: true })
    } catch (error) {
      problems.push({ file: dir, message: describeFsError(error), level: 'error' })
      return
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue
      const path = join(dir, entry.name)
      if (skip.has(path)) continue
      let isDir = entry.isDirectory()
      let isFile = entry.isFile()
      if (entry.isSymbolicLink()) {
        try {
          const info = await stat(path)
          isDir = info.isDirectory()
          isFile = info.isFile()
        } catch (error) {
          problems.push({ file: path, message: `broken link (${describeFsError(error)})`, level: 'error' })
          continue
        }
      }
      if (isDir && depth < 12) await visit(path, depth + 1, entered.real)
      else if (isFile && AUDIO_EXTENSIONS.has(extname(entry.name).toLowerCase())) files.push(path)
    }
  }
  await visit(folder, 0, null)
  return { files, problems }
}

/** One work per top-level sub-folder (its name is the title); files directly in `folder` are works of one performance. */
export async function planFromFolders(folder: string, exclude: string[] = []): Promise<Plan> {
  const root = resolve(folder)
  const { files, problems } = await scanAudio(root, exclude)
  const planned = files.map((source) => {
    const rel = normalize(relative(root, source))
    const parts = rel.split('/')
    const single = parts.length === 1
    return {
      source,
      rel,
      workKey: single ? `file:${rel}` : `folder:${parts[0]}`,
      workTitle: single ? stem(rel) : parts[0],
      perfTitle: stem(rel),
      single,
    }
  })
  return { files: assignIds(planned), problems }
}

/** Parses CSV text (RFC 4180: quoted fields, doubled quotes, CRLF) into rows. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  const input = text.replace(/^\uFEFF/, '')
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]
    if (quoted) {
      if (ch === '"' && input[i + 1] === '"') field += '"', i++
      else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"' && field === '') quoted = true
    else if (ch === ',') row.push(field), (field = '')
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && input[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += ch
  }
  if (field !== '' || row.length > 0) row.push(field), rows.push(row)
  return rows.filter((r) => r.some((cell) => cell.trim() !== ''))
}

/**
 * A works CSV: columns `file,work` (a header row with those names is optional); `file` is relative
 * to the imported folder, `work` a work title (rows with the same title form one work) or an
 * id W_<digits> to use as is. Audio files not listed are left out, with one warning.
 */
export async function planFromCsv(folder: string, csvPath: string, exclude: string[] = []): Promise<Plan> {
  const root = resolve(folder)
  let text: string
  try {
    text = await readFile(csvPath, 'utf8')
  } catch (error) {
    throw new Error(`${csvPath}: ${describeFsError(error)}`)
  }
  const rows = parseCsv(text)
  const problems: Plan['problems'] = []
  if (rows.length > 0 && rows[0][0]?.trim().toLowerCase() === 'file' && rows[0][1]?.trim().toLowerCase() === 'work') rows.shift()
  const planned: Omit<PlannedFile, 'workId' | 'perfId'>[] = []
  const seen = new Set<string>()
  rows.forEach((cells, index) => {
    const line = `${csvPath}, row ${index + 1}`
    const [file = '', work = ''] = cells.map((cell) => cell.trim())
    if (!file || !work) return problems.push({ file: line, message: 'needs two columns, file and work', level: 'error' })
    const source = resolve(root, file)
    const rel = normalize(relative(root, source))
    if (rel.startsWith('../') || rel === '..') return problems.push({ file: line, message: `"${file}" is outside ${root}`, level: 'error' })
    if (seen.has(rel)) return problems.push({ file: line, message: `"${file}" is listed twice; the first row counts`, level: 'warning' })
    seen.add(rel)
    planned.push({ source, rel, workKey: /^W_\d+$/.test(work) ? work : `title:${work}`, workTitle: work, perfTitle: stem(rel), single: false })
  })
  const { files: onDisk } = await scanAudio(root, exclude)
  const unlisted = onDisk.filter((path) => !seen.has(normalize(relative(root, path))))
  if (unlisted.length > 0) {
    problems.push({ file: csvPath, message: `${unlisted.length} audio file${unlisted.length === 1 ? '' : 's'} in the folder not listed, left out (e.g. ${relative(root, unlisted[0])})`, level: 'warning' })
  }
  const withIds = assignIds(planned).map((file) => (/^W_\d+$/.test(file.workKey) ? { ...file, workTitle: '' } : file))
  return { files: withIds, problems }
}
