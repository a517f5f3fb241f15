// Web mode's way to get audio onto the server: the browser cannot tell the server where a
// dropped folder lies, so it sends the files. PUT /upload/<uploadId>/<relative/path> with the
// raw bytes; each file is streamed to <uploads>/<uploadId>/<relative path> under a temporary
// name and renamed when the last byte is in, so an aborted upload leaves no half file. The
// caller (server/web.ts) has checked the Host header and the token. Also owns the uploads
// folder's total quota and its cleanup (cleanUploads), since imports link to uploaded files.
import { randomBytes } from 'node:crypto'
import { createWriteStream, realpathSync } from 'node:fs'
import { lstat, mkdir, readdir, rename, rm, stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { basename, dirname, join, relative, resolve, sep } from 'node:path'
import { pipeline } from 'node:stream/promises'

/** 4 GiB: more than any one recording needs, less than a disk filled by mistake. */
export const MAX_UPLOAD_FILE_BYTES = 4 * 1024 ** 3

/**
 * 20 GiB for everything in the uploads folder together: a few albums' worth of lossless audio,
 * while a browser tab left uploading (or a script looping) cannot fill the disk.
 */
export const MAX_UPLOAD_TOTAL_BYTES = 20 * 1024 ** 3

/**
 * An upload that sends no byte for this long is stopped (408). There is no limit on a whole
 * upload's time: 4 GiB through an SSH tunnel can take hours, and only a stalled one is a problem.
 */
export const UPLOAD_IDLE_TIMEOUT_MS = 120_000

/** A relative path longer than this is refused before the file system refuses it less clearly. */
export const MAX_UPLOAD_PATH_BYTES = 1024

export const UPLOAD_ID = /^[A-Za-z0-9_-]{8,64}$/

/** The prefix of a temporary file: hidden, so the importer's scan passes over it. */
const TEMP_PREFIX = '.refrain-upload-'

export interface UploadOptions {
  /** The uploads folder (resolved per request, so REFRAIN_HOME set later still counts). */
  uploadsDir: () => string
  maxFileBytes?: number
  /** The most the whole uploads folder may hold; default MAX_UPLOAD_TOTAL_BYTES. */
  maxTotalBytes?: number
  /** Default UPLOAD_IDLE_TIMEOUT_MS. */
  idleTimeoutMs?: number
}

/** A path for a message: whole when short, else its two ends, so an answer stays one short line. */
export function shortPath(path: string, keep = 80): string {
  return path.length <= keep ? path : `${path.slice(0, keep / 2 - 1)}…${path.slice(-(keep / 2))}`
}

const GIB = 1024 ** 3
const inGiB = (bytes: number) => `${(bytes / GIB).toFixed(bytes < 10 * GIB ? 2 : 1)} GiB`

export type UploadTarget = { uploadId: string; segments: string[] } | { error: string }

/**
 * The upload id and the decoded path segments of a raw request path (`req.url`, before any
 * URL normalisation, so `a/../b` is seen and refused rather than quietly turned into `b`).
 */
export function parseUploadPath(rawUrl: string, platform: NodeJS.Platform = process.platform): UploadTarget {
  const path = rawUrl.split('?')[0]!.split('#')[0]!
  if (!path.startsWith('/upload/')) return { error: 'an upload goes to /upload/<uploadId>/<relative path>' }
  const [uploadId = '', ...raw] = path.slice('/upload/'.length).split('/')
  if (!UPLOAD_ID.test(uploadId)) return { error: 'the upload id must be 8–64 letters, digits, "_" or "-"' }
  if (raw.length === 0) return { error: 'no file path after the upload id' }
  const segments: string[] = []
  for (const encoded of raw) {
    let segment: string
    try {
      segment = decodeURIComponent(encoded)
    } catch {
      return { error: 'malformed percent-encoding in the file path' }
    }
    if (segment === '') return { error: 'empty segment in the file path (an absolute path, or "//")' }
    if (segment === '.' || segment === '..') return { error: `"${segment}" in the file path` }
    if (segment.includes('\0')) return { error: 'NUL in the file path' }
    if (segment.includes('/') || segment.includes('\\')) return { error: 'a slash inside one segment of the file path' }
    if (platform === 'win32' && (/[<>:"|?*\x00-\x1f]/.test(segment) || /[. ]$/.test(segment))) {
      return { error: `"${segment}" cannot be a file name on this server` }
    }
    if (Buffer.byteLength(segment) > 255) return { error: 'a name in the file path is longer than 255 bytes' }
    segments.push(segment)
  }
  // Many names of 255 bytes each pass one by one but not as a whole path (ENAMETOOLONG).
  if (Buffer.byteLength(segments.join('/')) > MAX_UPLOAD_PATH_BYTES) return { error: `the file path is longer than ${MAX_UPLOAD_PATH_BYTES} bytes` }
  return { uploadId, segments }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return void res.destroy()
  const json = JSON.stringify(body)
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }
  // A refused request's body is not read: close rather than have Node drain gigabytes.
  if (status >= 400) headers.Connection = 'close'
  res.writeHead(status, headers)
  res.end(json)
}

const failure = (res: ServerResponse, status: number, message: string) => reply(res, status, { ok: false, error: message })

class TooLarge extends Error {}
class OverQuota extends Error {}

/**
 * What each uploads folder holds, measured by walking it at most once a minute (other processes
 * and cleanUploads change it), plus the bytes of uploads in flight in this process, so that
 * concurrent uploads cannot each pass the quota on their own.
 */
const usage = new Map<string, { bytes: number; measuredAt: number; inFlight: number }>()
const MEASURE_EVERY_MS = 60_000

async function folderBytes(dir: string): Promise<number> {
  let total = 0
  let entries
  try {
    entries = await readdir(dir, { withFileTypes: true })
  } catch {
    return 0
  }
  for (const entry of entries) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) total += await folderBytes(path)
    else if (entry.isFile()) total += await stat(path).then((info) => info.size, () => 0)
  }
  return total
}

async function usageOf(dir: string) {
  let entry = usage.get(dir)
  if (!entry || Date.now() - entry.measuredAt > MEASURE_EVERY_MS) {
    const bytes = await folderBytes(dir)
    entry = usage.get(dir) ?? { bytes, measuredAt: 0, inFlight: 0 }
    entry.bytes = bytes
    entry.measuredAt = Date.now()
    usage.set(dir, entry)
  }
  return entry
}

const overQuotaMessage = (quota: number, used: number) =>
  `the uploads folder is full: it may hold ${inGiB(quota)} in all and holds ${inGiB(used)}; uploads no indexed dataset links to can be removed (web mode removes those over a day old when it starts)`

/**
 * The request body, failing once it is longer than `max`, or once the uploads folder would go
 * over its quota. The request itself is left open on the way out (destroyOnReturn: false), so a
 * 413 can still be answered on its socket.
 */
async function* limitedBody(req: IncomingMessage, max: number, quota: { room: () => number; take: (bytes: number) => void }, counted: (bytes: number) => void): AsyncGenerator<Buffer> {
  let seen = 0
  for await (const chunk of req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    seen += chunk.length
    if (seen > max) throw new TooLarge(`the file is larger than ${max} bytes`)
    if (chunk.length > quota.room()) throw new OverQuota('over quota')
    quota.take(chunk.length)
    counted(seen)
    yield chunk
  }
}

/** PUT /upload/<uploadId>/<relative path>: answers { ok: true, folder, file, bytes } or { ok: false, error }. */
export async function handleUpload(req: IncomingMessage, res: ServerResponse, options: UploadOptions): Promise<void> {
  if (req.method !== 'PUT') return failure(res, 405, 'uploads are PUT /upload/<uploadId>/<relative path>')
  const target = parseUploadPath(req.url ?? '')
  if ('error' in target) return failure(res, 400, target.error)
  const max = options.maxFileBytes ?? MAX_UPLOAD_FILE_BYTES
  const quota = options.maxTotalBytes ?? MAX_UPLOAD_TOTAL_BYTES
  const declared = req.headers['content-length']
  if (declared !== undefined && Number(declared) > max) return failure(res, 413, `the file is larger than the ${max}-byte limit of one upload`)
  const named = shortPath(target.segments.join('/'))

  const uploads = resolve(options.uploadsDir())
  const used = await usageOf(uploads)
  if (declared !== undefined && used.bytes + used.inFlight + Number(declared) > quota) return failure(res, 413, overQuotaMessage(quota, used.bytes + used.inFlight))
  const folder = resolve(uploads, target.uploadId)
  const file = resolve(folder, ...target.segments)
  // Belt and braces: the segments were checked one by one, and the result must still be inside.
  if (!file.startsWith(folder + sep)) return failure(res, 400, 'the file path leaves the upload folder')
  const temp = join(dirname(file), `${TEMP_PREFIX}${randomBytes(6).toString('hex')}-${basename(file).slice(0, 100)}`)

  try {
    await mkdir(dirname(file), { recursive: true })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENAMETOOLONG') return failure(res, 400, 'the file path is too long for the server')
    return failure(res, code === 'EEXIST' || code === 'ENOTDIR' ? 409 : 500, `cannot make the folder for ${named}: ${code ?? (error as Error).message}`)
  }
  let bytes = 0
  let taken = 0
  const idle = options.idleTimeoutMs ?? UPLOAD_IDLE_TIMEOUT_MS
  let stalled = false
  let timer: NodeJS.Timeout | undefined
  const arm = () => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      stalled = true
      // The answer goes out first; then the connection closes, which ends the body's pipeline.
      res.once('finish', () => req.destroy())
      failure(res, 408, `no data for ${Math.round(idle / 1000)} s: the upload of ${named} stalled and was stopped`)
    }, idle)
  }
  arm()
  try {
    await pipeline(
      limitedBody(
        req,
        max,
        { room: () => quota - used.bytes - used.inFlight, take: (n) => ((used.inFlight += n), (taken += n)) },
        (seen) => {
          bytes = seen
          arm()
        },
      ),
      createWriteStream(temp, { flags: 'wx' }),
    )
    // A client that went away mid-body may end the stream without an error on some Node versions.
    if (req.readableAborted || (declared !== undefined && bytes !== Number(declared))) throw new Error('the upload was cut short')
    const replaced = await lstat(file).then((info) => (info.isFile() ? info.size : 0), () => 0)
    await rename(temp, file)
    used.bytes += bytes - replaced
  } catch (error) {
    await rm(temp, { force: true }).catch(() => {})
    if (stalled) return
    if (error instanceof TooLarge) return failure(res, 413, `the file is larger than the ${max}-byte limit of one upload`)
    if (error instanceof OverQuota) return failure(res, 413, overQuotaMessage(quota, used.bytes + used.inFlight))
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EISDIR' || code === 'ENOTEMPTY' || code === 'EEXIST') return failure(res, 409, `${named} is a folder on the server`)
    if (code === 'ENAMETOOLONG') return failure(res, 400, 'the file path is too long for the server')
    if (code === 'ENOSPC') return failure(res, 507, 'the server has no space left for this file')
    return failure(res, req.destroyed || req.readableAborted ? 400 : 500, `the upload of ${named} failed: ${code ?? (error as Error).message}`)
  } finally {
    clearTimeout(timer)
    used.inFlight -= taken
  }
  reply(res, 200, { ok: true, folder, file, bytes })
}

/**
 * The upload folders (names under `uploadsDir`) that the given audio paths lead into: imported
 * datasets keep their audio as links (`<out>/<name>_audio/W_x/P_y.ext`) to the uploaded files, so
 * the database's audio paths, followed, say which uploads are still in use. Paths that no longer
 * resolve count for nothing.
 */
export function linkedUploads(uploadsDir: string, audioPaths: Iterable<string>): Set<string> {
  const kept = new Set<string>()
  let root: string
  try {
    root = realpathSync(uploadsDir)
  } catch {
    return kept
  }
  for (const path of audioPaths) {
    let real: string
    try {
      real = realpathSync(path)
    } catch {
      continue
    }
    const rel = relative(root, real)
    if (rel && !rel.startsWith('..') && !rel.startsWith(sep) && rel.includes(sep)) kept.add(rel.split(sep)[0]!)
  }
  return kept
}

export interface CleanOptions {
  /**
   * Folders changed more recently than this are kept even when nothing links to them: an upload
   * not yet imported, or an import stopped before its dataset was indexed. Default one day.
   */
  minAgeMs?: number
}

/**
 * Deletes every upload folder under `uploadsDir` whose name is not in `keep` (see linkedUploads)
 * and that is older than `minAgeMs`; returns the names deleted. A folder that cannot be deleted is
 * left and the rest go on.
 */
export async function cleanUploads(uploadsDir: string, keep: ReadonlySet<string>, options: CleanOptions = {}): Promise<string[]> {
  const minAge = options.minAgeMs ?? 24 * 3600 * 1000
  let entries
  try {
    entries = await readdir(uploadsDir, { withFileTypes: true })
  } catch {
    return []
  }
  const removed: string[] = []
  for (const entry of entries) {
    if (!entry.isDirectory() || !UPLOAD_ID.test(entry.name) || keep.has(entry.name)) continue
    const path = join(uploadsDir, entry.name)
    try {
      if (Date.now() - (await newestChange(path)) < minAge) continue
      await rm(path, { recursive: true, force: true })
      removed.push(entry.name)
    } catch {
      // in use or not ours to delete: left for the next start
    }
  }
  usage.delete(resolve(uploadsDir))
  return removed
}

/** The latest modification time of a folder or anything in it (uploads add files deep inside). */
async function newestChange(dir: string): Promise<number> {
  let newest = (await stat(dir)).mtimeMs
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? await newestChange(path) : (await lstat(path)).mtimeMs)
  }
  return newest
}
