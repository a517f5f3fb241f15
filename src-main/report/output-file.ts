// A report file written the safe way: into a temporary name beside its destination, in chunks
// (a pairs CSV or a matrix can be hundreds of megabytes, never held whole), then renamed into
// place; on any failure the temporary file is removed, so a report is either whole or absent.
// Failures name the file: "cannot write /x/y.csv: permission denied".
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises'
import { dirname } from 'node:path'
import { tempNameFor } from '../dataset/write'
import { ioError } from '../errors'

/** Text is gathered up to this many bytes before one write. */
const FLUSH_BYTES = 1 << 20

export class OutputFile {
  private pending: Buffer[] = []
  private pendingBytes = 0
  /** Bytes written so far. */
  bytes = 0

  private constructor(
    readonly path: string,
    private readonly temp: string,
    private readonly handle: FileHandle,
  ) {}

  static async create(path: string): Promise<OutputFile> {
    const temp = tempNameFor(path)
    try {
      await mkdir(dirname(path), { recursive: true })
      return new OutputFile(path, temp, await open(temp, 'wx'))
    } catch (error) {
      throw cannotWrite(path, error)
    }
  }

  async write(chunk: string | Uint8Array): Promise<void> {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
    this.pending.push(buffer)
    this.pendingBytes += buffer.length
    this.bytes += buffer.length
    if (this.pendingBytes >= FLUSH_BYTES) await this.flush()
  }

  private async flush(): Promise<void> {
    const buffers = this.pending
    this.pending = []
    this.pendingBytes = 0
    try {
      await this.handle.writev(buffers)
    } catch (error) {
      throw cannotWrite(this.path, error)
    }
  }

  /** Puts the finished file in place; returns its size. */
  async commit(): Promise<number> {
    await this.flush()
    try {
      await this.handle.close()
      await rename(this.temp, this.path)
    } catch (error) {
      await rm(this.temp, { force: true })
      throw cannotWrite(this.path, error)
    }
    return this.bytes
  }

  async abort(): Promise<void> {
    await this.handle.close().catch(() => undefined)
    await rm(this.temp, { force: true })
  }
}

/**
 * Writes files through `fill`, all whole or none: each into its temporary name, then all renamed
 * into place once every one is filled. Returns `fill`'s result and the bytes written.
 */
export async function writeOutputs<T>(paths: string[], fill: (files: OutputFile[]) => Promise<T>): Promise<{ result: T; bytes: number }> {
  const files: OutputFile[] = []
  try {
    for (const path of paths) files.push(await OutputFile.create(path))
    const result = await fill(files)
    let bytes = 0
    for (const file of files) bytes += await file.commit()
    return { result, bytes }
  } catch (error) {
    await Promise.all(files.map((file) => file.abort()))
    throw error
  }
}

function cannotWrite(path: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code
  const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOENT' ? 'no such folder' : code === 'ENOSPC' ? 'the disk is full' : code === 'EISDIR' ? 'it is a folder' : code === 'ENOTDIR' || code === 'EEXIST' ? 'a part of the path is not a folder' : (error as Error).message
  return ioError(`cannot write ${path}: ${why}`, error)
}
