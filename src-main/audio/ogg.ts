// Hands an Ogg stream to a decoder one whole page at a time. A file cut off mid-page (a
// truncated download) would otherwise reach the decoder's flush as a partial page, which the
// Opus decoder turns into seconds of noise; garbage between pages is skipped to the next
// "OggS" capture pattern. What was dropped is counted for a warning.
//
// For Ogg Opus it also folds a comment header that spans pages (cover art in the tags) into one
// empty OpusTags page, renumbering the pages after it: the Opus decoder reads only the first page
// of that packet and takes the rest for audio. The tags themselves are read elsewhere (tags.ts).
export class OggPager {
  private pending: Buffer = Buffer.alloc(0)
  /** Bytes skipped between pages (corruption). */
  skipped = 0
  private pageIndex = 0
  private inComments = false
  private pagesDropped = 0

  constructor(private readonly opus = false) {}

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
      const page = buffer.subarray(at, at + size)
      const kept = this.opus ? this.opusPage(page) : page
      if (kept) pages.push(kept)
      at += size
    }
    this.pending = Buffer.from(buffer.subarray(at))
    return pages.length === 1 ? pages[0] : Buffer.concat(pages)
  }

  /** The page as the decoder should see it; null for a comment page folded away. */
  private opusPage(page: Buffer): Buffer | null {
    const index = this.pageIndex++
    if (index === 0) return page
    if (index === 1 || this.inComments) {
      const segments = page[26]
      // A packet ends on a page whose last lacing value is under 255.
      const ends = segments > 0 && page[27 + segments - 1] < 255
      const spans = this.inComments || !ends
      this.inComments = !ends
      if (!spans) return page
      if (index === 1) return emptyOpusTags(page.readUInt32LE(14))
      this.pagesDropped++
      return null
    }
    if (this.pagesDropped === 0) return page
    const renumbered = Buffer.from(page)
    renumbered.writeUInt32LE(renumbered.readUInt32LE(18) - this.pagesDropped, 18)
    return withChecksum(renumbered)
  }

  /** Bytes left over at the end of the file: a page cut short. */
  get leftover(): number {
    return this.pending.length
  }
}

/** Page 1 of a stream holding an OpusTags packet with no vendor string and no comments. */
function emptyOpusTags(serial: number): Buffer {
  const body = Buffer.alloc(16)
  body.write('OpusTags', 0, 'latin1')
  const page = Buffer.alloc(28 + body.length)
  page.write('OggS', 0, 'latin1')
  page.writeUInt32LE(serial, 14)
  page.writeUInt32LE(1, 18)
  page[26] = 1
  page[27] = body.length
  body.copy(page, 28)
  return withChecksum(page)
}

/** The Ogg page CRC (polynomial 0x04C11DB7, not reflected, over the page with its CRC field zeroed). */
const CRC_TABLE = (() => {
  const table = new Uint32Array(256)
  for (let i = 0; i < 256; i++) {
    let r = i << 24
    for (let k = 0; k < 8; k++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1
    table[i] = r >>> 0
  }
  return table
})()

function withChecksum(page: Buffer): Buffer {
  page.writeUInt32LE(0, 22)
  let crc = 0
  for (let i = 0; i < page.length; i++) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ page[i]) & 0xff]) >>> 0
  page.writeUInt32LE(crc, 22)
  return page
}
