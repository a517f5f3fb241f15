// Web mode's way to get audio onto the server: the browser cannot tell the server where a
// dropped folder lies, so it sends the files. PUT /upload/<uploadId>/<relative/path> with the
// raw bytes; each file is streamed to <uploads>/<uploadId>/<relative path> under a temporary
// name and renamed when the last byte is in, so an aborted upload leaves no half file. The
// caller (server/web.ts) has checked the Host header and the token.
import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { basename, dirname, join, resolve, sep } from 'node:path'
import { pipeline } from 'node:stream/promises'

/** 4 GiB: more than any one recording needs, less than a disk filled by mistake. */
export const MAX_UPLOAD_FILE_BYTES = 4 * 1024 ** 3

export const UPLOAD_ID = /^[A-Za-z0-9_-]{8,64}$/

/** The prefix of a temporary file: hidden, so the importer's scan passes over it. */
const TEMP_PREFIX = '.refrain-upload-'

export interface UploadOptions {
  /** The uploads folder (resolved per request, so REFRAIN_HOME set later still counts). */
  uploadsDir: () => string
  maxFileBytes?: number
}

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

/**
 * The request body, failing once it is longer than `max`. The request itself is left open on
 * the way out (destroyOnReturn: false), so a 413 can still be answered on its socket.
 */
async function* limitedBody(req: IncomingMessage, max: number, counted: (bytes: number) => void): AsyncGenerator<Buffer> {
  let seen = 0
  for await (const chunk of req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    seen += chunk.length
    if (seen > max) throw new TooLarge(`the file is larger than ${max} bytes`)
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
  const declared = req.headers['content-length']
  if (declared !== undefined && Number(declared) > max) return failure(res, 413, `the file is larger than the ${max}-byte limit of one upload`)

  const folder = resolve(options.uploadsDir(), target.uploadId)
  const file = resolve(folder, ...target.segments)
  // Belt and braces: the segments were checked one by one, and the result must still be inside.
  if (!file.startsWith(folder + sep)) return failure(res, 400, 'the file path leaves the upload folder')
  const temp = join(dirname(file), `${TEMP_PREFIX}${randomBytes(6).toString('hex')}-${basename(file).slice(0, 100)}`)

  try {
    await mkdir(dirname(file), { recursive: true })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return failure(res, code === 'EEXIST' || code === 'ENOTDIR' ? 409 : 500, `cannot make the folder for ${target.segments.join('/')}: ${code ?? (error as Error).message}`)
  }
  let bytes = 0
  try {
    await pipeline(
      limitedBody(req, max, (seen) => (bytes = seen)),
      createWriteStream(temp, { flags: 'wx' }),
    )
    // A client that went away mid-body may end the stream without an error on some Node versions.
    if (req.readableAborted || (declared !== undefined && bytes !== Number(declared))) throw new Error('the upload was cut short')
    await rename(temp, file)
  } catch (error) {
    await rm(temp, { force: true }).catch(() => {})
    if (error instanceof TooLarge) return failure(res, 413, `the file is larger than the ${max}-byte limit of one upload`)
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EISDIR' || code === 'ENOTEMPTY' || code === 'EEXIST') return failure(res, 409, `${target.segments.join('/')} is a folder on the server`)
    if (code === 'ENAMETOOLONG') return failure(res, 400, 'the file path is too long for the server')
    if (code === 'ENOSPC') return failure(res, 507, 'the server has no space left for this file')
    return failure(res, req.destroyed || req.readableAborted ? 400 : 500, `the upload of ${target.segments.join('/')} failed: ${code ?? (error as Error).message}`)
  }
  reply(res, 200, { ok: true, folder, file, bytes })
}
