// Reports handed to the browser in web mode: a page cannot read the server's disk, so once
// 'report.write' has written a file the Export menu fetches it with GET /download?path=…&token=…
// (the token rides in the query, as for media: a download link sends no Authorization header).
// Only files that this server's own 'report.write' calls wrote, and only inside the reports
// folder, are served (never any path a caller names), as attachments, so the browser saves them
// rather than opening them as pages of this origin.
import { createReadStream } from 'node:fs'
import { realpath, stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { basename, extname, resolve, sep } from 'node:path'
import type { CallResult, MethodName, Output } from '../api/contract'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.pdf': 'application/pdf',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
}

export interface Refusal {
  status: number
  message: string
}

export class Downloads {
  private readonly written = new Set<string>()

  /** `folder`: the reports folder, asked at each request (REFRAIN_HOME may be set later in tests). */
  constructor(private readonly folder: () => string) {}

  /** Remembers the files a successful 'report.write' call wrote. */
  note(method: string, result: CallResult<MethodName>): void {
    if (method !== 'report.write' || !result.ok) return
    for (const path of (result.value as Output<'report.write'>).paths) this.written.add(resolve(path))
  }

  /** Streams the file `path` names, or says why not (nothing is written to `res` then). */
  async serve(req: IncomingMessage, res: ServerResponse, path: string | null): Promise<Refusal | null> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return { status: 405, message: 'method not allowed' }
    if (!path) return { status: 400, message: 'say which report: /download?path=<the path report.write gave>' }
    const file = resolve(path)
    if (!this.written.has(file)) return { status: 404, message: `${basename(file)} was not written by report.write on this server` }
    let real: string
    let size: number
    try {
      const folder = await realpath(this.folder())
      real = await realpath(file)
      if (!real.startsWith(folder + sep)) return { status: 403, message: `${basename(file)} is not in the reports folder, so it is not served` }
      const info = await stat(real)
      if (!info.isFile()) return { status: 404, message: `${basename(file)} is not a file` }
      size = info.size
    } catch {
      return { status: 404, message: `${basename(file)} is gone: write the report again` }
    }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': String(size),
      'Content-Disposition': attachment(basename(file)),
      'Content-Security-Policy': 'sandbox',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    })
    if (req.method === 'HEAD') {
      res.end()
      return null
    }
    const stream = createReadStream(real)
    stream.on('error', () => res.destroy())
    stream.pipe(res)
    return null
  }
}

/** RFC 6266: a plain ASCII name for old clients, and the exact name in UTF-8 (RFC 5987). */
export function attachment(name: string): string {
  const plain = name.replace(/[^\x20-\x7e]|["\\]/g, '_')
  return `attachment; filename="${plain}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`
}
