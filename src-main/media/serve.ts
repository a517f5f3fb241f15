// Serving one media file with HTTP Range support (so <audio> can seek), for both doors:
// web mode writes to a Node response; Electron's protocol handler answers with a fetch Response.
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'

export type ByteRange = { start: number; end: number }

/**
 * The one byte range a Range header asks for (inclusive end), 'unsatisfiable', or null for
 * the whole file (no header, a header we do not read, or several ranges).
 */
export function parseRange(header: string | null | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!match) return null
  const [, from, to] = match
  if (from === '' && to === '') return null
  let start: number
  let end: number
  if (from === '') {
    const suffix = Number(to)
    if (suffix === 0) return 'unsatisfiable'
    start = Math.max(0, size - suffix)
    end = size - 1
  } else {
    start = Number(from)
    end = to === '' ? size - 1 : Math.min(Number(to), size - 1)
  }
  if (start >= size || start > end) return 'unsatisfiable'
  return { start, end }
}

export interface MediaFile {
  path: string
  mime: string
}

interface Plan {
  status: 200 | 206 | 416
  headers: Record<string, string>
  range: ByteRange | null
}

async function plan(file: MediaFile, rangeHeader: string | null | undefined): Promise<Plan> {
  const { size } = await stat(file.path)
  const range = parseRange(rangeHeader, size)
  const common = { 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' }
  if (range === 'unsatisfiable') return { status: 416, headers: { ...common, 'Content-Range': `bytes */${size}` }, range: null }
  if (range === null) {
    return { status: 200, headers: { ...common, 'Content-Type': file.mime, 'Content-Length': String(size) }, range: size > 0 ? { start: 0, end: size - 1 } : null }
  }
  return {
    status: 206,
    headers: { ...common, 'Content-Type': file.mime, 'Content-Length': String(range.end - range.start + 1), 'Content-Range': `bytes ${range.start}-${range.end}/${size}` },
    range,
  }
}

/** Web mode: streams the file (or the asked-for range) into a Node HTTP response. */
export async function serveMedia(req: IncomingMessage, res: ServerResponse, file: MediaFile): Promise<void> {
  const answer = await plan(file, req.headers.range)
  res.writeHead(answer.status, answer.headers)
  if (req.method === 'HEAD' || !answer.range || answer.status === 416) {
    res.end()
    return
  }
  const stream = createReadStream(file.path, answer.range)
  stream.on('error', () => res.destroy())
  stream.pipe(res)
}

/**
 * The performance a media path names, from its segments after the door's own prefix
 * (web mode: /media/audio/<dataset>/<perfId>; Electron: refrain-media://audio/<dataset>/<perfId>):
 * null when the path names no audio, 'malformed' when its escapes do not decode.
 */
export function audioTarget(kind: string, rest: string[]): { dataset: string; perfId: string } | 'malformed' | null {
  if (kind !== 'audio' || rest.length !== 2 || !rest[0] || !rest[1]) return null
  try {
    return { dataset: decodeURIComponent(rest[0]), perfId: decodeURIComponent(rest[1]) }
  } catch {
    return 'malformed'
  }
}
