// A worker's loaded sequences, least recently used first out once they pass a byte budget: a tile
// sweep revisits the same candidates for every band of queries, and re-reading HDF5 for each would
// cost more than scoring small pairs, while holding a 15,000-item dataset would not fit.
import type { ChromaSeq } from '../similarity'
import { loadSequence, type SequenceParams } from './sequences'

export class SequenceCache {
  private readonly entries = new Map<string, ChromaSeq>()
  private bytes = 0

  constructor(private readonly budgetBytes: number) {}

  async get(path: string, params: SequenceParams): Promise<ChromaSeq> {
    const key = `${params.feature}|${params.downsample}|${params.downsampleMethod}|${params.method ?? ''}|${params.frameStackSize ?? ''}|${path}`
    const hit = this.entries.get(key)
    if (hit) {
      // Map keeps insertion order: re-inserting makes this the most recently used.
      this.entries.delete(key)
      this.entries.set(key, hit)
      return hit
    }
    const seq = await loadSequence(path, params)
    this.entries.set(key, seq)
    this.bytes += seq.data.byteLength
    for (const [oldKey, old] of this.entries) {
      if (this.bytes <= this.budgetBytes || oldKey === key) break
      this.entries.delete(oldKey)
      this.bytes -= old.data.byteLength
    }
    return seq
  }
}
