// A job's distance matrix as a NumPy .npy file (format version 1.0, numpy.org/doc/stable/reference/
// generated/numpy.lib.format.html): the magic string, the version, a little-endian uint16 header
// length and a Python dict literal naming dtype '<f4', C order and the shape, padded with spaces
// and a newline so the data starts on a 64-byte boundary; then the job's .f32 file as it is
// (already little-endian float32, row-major), copied in chunks, never held whole. The cells are
// the job's own: NaN on a square job's diagonal, +inf for a failed pair, and for a two-stage job
// 1000 + the embedding distance where a pair was not re-ranked (scoring/rerank.ts).
import { open } from 'node:fs/promises'
import { ioError } from '../errors'
import type { OutputFile } from './output-file'

const ALIGN = 64
const CHUNK = 16 << 20

export function npyHeader(rows: number, cols: number): Buffer {
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows}, ${cols}), }`
  const prefix = 6 + 2 + 2
  const padded = Math.ceil((prefix + dict.length + 1) / ALIGN) * ALIGN
  const header = dict.padEnd(padded - prefix - 1, ' ') + '\n'
  const out = Buffer.alloc(padded)
  out.write('\x93NUMPY', 0, 'latin1')
  out[6] = 1
  out[7] = 0
  out.writeUInt16LE(header.length, 8)
  out.write(header, prefix, 'latin1')
  return out
}

export async function writeNpy(file: OutputFile, matrixPath: string, rows: number, cols: number): Promise<void> {
  await file.write(npyHeader(rows, cols))
  const input = await open(matrixPath, 'r').catch((error: Error) => {
    throw ioError(`cannot read the job's matrix file ${matrixPath}: ${error.message}`, error)
  })
  try {
    const total = rows * cols * 4
    for (let offset = 0; offset < total; offset += CHUNK) {
      const chunk = Buffer.alloc(Math.min(CHUNK, total - offset))
      const { bytesRead } = await input.read(chunk, 0, chunk.length, offset)
      if (bytesRead !== chunk.length) throw ioError(`the job's matrix file ${matrixPath} ended early (at byte ${offset + bytesRead} of ${total})`)
      await file.write(chunk)
    }
  } finally {
    await input.close()
  }
}
