// Hands an Ogg stream to a decoder one whole page at a time. A file cut off mid-page (a
// truncated download) would otherwise reach the decoder's flush as a partial page, which the
// Opus decoder turns into seconds of noise; garbage between pages is skipped to the next
// "OggS" capture pattern. What was dropped is counted for a warning.
export class OggPager {
  private pending: Buffer = Buffer.alloc(0)
  /** Bytes skipped between pages (corruption). */
  skipped = 0

  /** The complete pages available so far, concatenated (possibly empty). */
  push(chunk: Uint8Array): Uint8Array {
    const buffer = this.pending.length ? Buffer.concat([this.pending, chunk]) : Buffer.from(chunk)
    const pages: Buffer[] = []
    let at = 0
    while (buffer.length - at >= 27) {
      if (buffer[at] !== 0x4f || buffer[at + 1] !== 0x67 || buffer[at + 2] !== 0x67 || buffer[at + 3] !== 0x53) {
        const next = buffer.indexOf('OggS', at + 1, 'latin1')
        const to = next < 0 ? buffer.length - 3 : next
        this.skipped += to - at
        at = to
        if (next < 0) break
        continue
      }
      const segments = buffer[at + 26]
      if (buffer.length - at < 27 + segments) break
      let size = 27 + segments
      for (let i = 0; i < segments; i++) size += buffer[at + 27 + i]
      if (buffer.length - at < size) break
      pages.push(buffer.subarray(at, at + size))
      at += size
    }
    this.pending = Buffer.from(buffer.subarray(at))
    return pages.length === 1 ? pages[0] : Buffer.concat(pages)
  }

  /** Bytes left over at the end of the file: a page cut short. */
  get leftover(): number {
    return this.pending.length
  }
}
