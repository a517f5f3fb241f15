// A job's embeddings in one file beside its matrix (`<job>.f32.emb`): a header of two
// little-endian uint32 (count, dim), then count x dim float32, the queries' rows first and then,
// for a job against another dataset, the candidates'. Workers read the vectors they need from it
// by reference `<file>#<row>`, as alignment workers read feature files by path.
import { closeSync, openSync, readFileSync, readSync, renameSync, writeFileSync } from 'node:fs'
import type { IndexMessage } from '../jobs/message'

const HEADER = 8

/** The embeddings of a dataset's performances under a model (stored, or computed now), for the embedding method. */
export type EmbedDataset = (
  dataset: string,
  model: string | null,
  hooks: { isCancelled?: () => boolean; onMessage?: (message: IndexMessage) => void },
) => Promise<{ vectors: Map<number, Float32Array>; dim: number; cancelled: boolean }>

export function writeEmbeddingFile(path: string, vectors: readonly Float32Array[], dim: number): void {
  const buffer = Buffer.alloc(HEADER + vectors.length * dim * 4)
  buffer.writeUInt32LE(vectors.length, 0)
  buffer.writeUInt32LE(dim, 4)
  vectors.forEach((v, row) => Buffer.from(v.buffer, v.byteOffset, v.byteLength).copy(buffer, HEADER + row * dim * 4))
  // Whole or not at all: a resumed job trusts a file that exists.
  writeFileSync(`${path}.tmp`, buffer)
  renameSync(`${path}.tmp`, path)
}

export const embeddingRef = (path: string, row: number): string => `${path}#${row}`

/** The vector a reference names. */
export function readEmbedding(ref: string): Float32Array {
  const at = ref.lastIndexOf('#')
  const path = ref.slice(0, at)
  const row = Number(ref.slice(at + 1))
  const fd = openSync(path, 'r')
  try {
    const header = Buffer.alloc(HEADER)
    readSync(fd, header, 0, HEADER, 0)
    const count = header.readUInt32LE(0)
    const dim = header.readUInt32LE(4)
    if (!Number.isInteger(row) || row < 0 || row >= count) throw new Error(`${path}: no embedding ${ref.slice(at + 1)} (the file holds ${count})`)
    const bytes = Buffer.alloc(dim * 4)
    readSync(fd, bytes, 0, bytes.length, HEADER + row * dim * 4)
    return new Float32Array(bytes.buffer, bytes.byteOffset, dim)
  } finally {
    closeSync(fd)
  }
}

/** Every vector of the file, for a worker that compares many (two-stage's shortlists). */
export function readEmbeddingFile(path: string): { data: Float32Array; count: number; dim: number } {
  const bytes = readFileSync(path)
  const count = bytes.readUInt32LE(0)
  const dim = bytes.readUInt32LE(4)
  const data = new Float32Array(count * dim)
  new Uint8Array(data.buffer).set(bytes.subarray(HEADER, HEADER + count * dim * 4))
  return { data, count, dim }
}
