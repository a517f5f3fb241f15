// Tags, MIME type and duration of files our own head-only reader got wrong, built byte by byte
// from the committed fixtures: an Opus comment packet spanning Ogg pages (a big comment before
// the title), a FLAC whose comments come after a picture block larger than the head we read,
// and a FLAC that starts with an ID3v2 tag (recorded as MP3 with no duration). Each must give
// its title, artist and year, the right type and duration; the FLACs still decode.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { decodeFile } from '../src-main/audio/decode'
import { readTags } from '../src-main/audio/tags'
import { inspectAudioFile } from '../src-main/media/audio'
import { REPO, removeTempDirs, tempDir } from './helpers/fixtures'

const FIXTURES = join(REPO, 'test', 'fixtures', 'decode')
// What test/fixtures/decode/make.py writes into every compressed fixture.
const MADE = { title: 'Tone für 歌', artist: 'Test Ensemble', year: 1999 }
afterAll(removeTempDirs)

// --- Ogg: pages, packets and the page checksum (CRC-32, polynomial 0x04c11db7, not reflected) ---
const CRC_TABLE = Array.from({ length: 256 }, (_, i) => {
  let r = i << 24
  for (let k = 0; k < 8; k++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1
  return r >>> 0
})
function oggCrc(page: Buffer): number {
  let crc = 0
  for (const byte of page) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ byte) & 0xff]!) >>> 0
  return crc
}

interface Page {
  flags: number
  granule: bigint
  serial: number
  sequence: number
  segments: number[]
  body: Buffer
}

function readPages(bytes: Buffer): Page[] {
  const pages: Page[] = []
  for (let at = 0; at < bytes.length; ) {
    expect(bytes.toString('latin1', at, at + 4)).toBe('OggS')
    const count = bytes[at + 26]!
    const segments = [...bytes.subarray(at + 27, at + 27 + count)]
    const size = segments.reduce((a, b) => a + b, 0)
    const start = at + 27 + count
    pages.push({ flags: bytes[at + 5]!, granule: bytes.readBigInt64LE(at + 6), serial: bytes.readUInt32LE(at + 14), sequence: bytes.readUInt32LE(at + 18), segments, body: bytes.subarray(start, start + size) })
    at = start + size
  }
  return pages
}

function writePage(page: Page): Buffer {
  const header = Buffer.alloc(27 + page.segments.length)
  header.write('OggS', 0, 'latin1')
  header[5] = page.flags
  header.writeBigInt64LE(page.granule, 6)
  header.writeUInt32LE(page.serial, 14)
  header.writeUInt32LE(page.sequence, 18)
  header[26] = page.segments.length
  Buffer.from(page.segments).copy(header, 27)
  const whole = Buffer.concat([header, page.body])
  whole.writeUInt32LE(oggCrc(whole), 22)
  return whole
}

/** One packet laid over as many pages as it needs (at most `perPage` bytes each), continuation flags set. */
function packetPages(packet: Buffer, serial: number, firstSequence: number, perPage = 4000): Page[] {
  const pages: Page[] = []
  for (let at = 0, n = 0; at < packet.length || n === 0; n++) {
    const body = packet.subarray(at, at + perPage)
    at += body.length
    const last = at >= packet.length
    const segments = Array(Math.floor(body.length / 255)).fill(255)
    // A packet ends with a segment under 255 (0 when its length is a multiple of 255).
    if (last) segments.push(body.length % 255)
    else if (body.length % 255) throw new Error('perPage must be a multiple of 255')
    pages.push({ flags: n > 0 ? 1 : 0, granule: last ? 0n : -1n, serial, sequence: firstSequence + n, segments, body })
  }
  return pages
}

/** The Opus fixture with its comment packet rebuilt: a 100 kB comment first, then the tags, over many pages. */
function opusWithSpanningComments(): Buffer {
  const pages = readPages(readFileSync(join(FIXTURES, 'tone-48k-stereo.opus')))
  const tags = pages[1]!.body
  expect(tags.toString('latin1', 0, 8)).toBe('OpusTags')
  expect(pages[1]!.segments.at(-1)).toBeLessThan(255) // the fixture's comment packet sits in one page
  const vendorLength = tags.readUInt32LE(8)
  const vendorEnd = 12 + vendorLength
  const count = tags.readUInt32LE(vendorEnd)
  const filler = Buffer.from(`DESCRIPTION=${'liner notes '.repeat(8500)}`, 'utf8')
  const fillerLength = Buffer.alloc(4)
  fillerLength.writeUInt32LE(filler.length)
  const newCount = Buffer.alloc(4)
  newCount.writeUInt32LE(count + 1)
  const packet = Buffer.concat([tags.subarray(0, vendorEnd), newCount, fillerLength, filler, tags.subarray(vendorEnd + 4)])
  const serial = pages[0]!.serial
  const comment = packetPages(packet, serial, 1, 255 * 15)
  expect(comment.length).toBeGreaterThan(20)
  const rest = pages.slice(2).map((page, i) => ({ ...page, sequence: 1 + comment.length + i }))
  return Buffer.concat([pages[0]!, ...comment, ...rest].map(writePage))
}

// --- FLAC metadata blocks ---
interface Block {
  type: number
  body: Buffer
}

function flacBlocks(bytes: Buffer): { blocks: Block[]; frames: Buffer } {
  expect(bytes.toString('latin1', 0, 4)).toBe('fLaC')
  const blocks: Block[] = []
  let at = 4
  for (;;) {
    const last = bytes[at]! & 0x80
    const length = bytes.readUIntBE(at + 1, 3)
    blocks.push({ type: bytes[at]! & 0x7f, body: bytes.subarray(at + 4, at + 4 + length) })
    at += 4 + length
    if (last) break
  }
  return { blocks, frames: bytes.subarray(at) }
}

function flacFile(blocks: Block[], frames: Buffer): Buffer {
  const parts = blocks.map((block, i) => {
    const header = Buffer.alloc(4)
    header[0] = block.type | (i === blocks.length - 1 ? 0x80 : 0)
    header.writeUIntBE(block.body.length, 1, 3)
    return Buffer.concat([header, block.body])
  })
  return Buffer.concat([Buffer.from('fLaC', 'latin1'), ...parts, frames])
}

/** A FLAC PICTURE block: front cover, image/png, `size` bytes of image data. */
function pictureBlock(size: number): Block {
  const mime = Buffer.from('image/png', 'latin1')
  const description = Buffer.from('cover', 'utf8')
  const u32 = (n: number) => {
    const b = Buffer.alloc(4)
    b.writeUInt32BE(n)
    return b
  }
  const data = Buffer.alloc(size, 0x5a)
  return { type: 6, body: Buffer.concat([u32(3), u32(mime.length), mime, u32(description.length), description, u32(600), u32(600), u32(24), u32(0), u32(size), data]) }
}

/** The FLAC fixture with a 400 kB cover picture between STREAMINFO and the comments. */
function flacWithBigPicture(): Buffer {
  const { blocks, frames } = flacBlocks(readFileSync(join(FIXTURES, 'tone-48k-stereo.flac')))
  expect(blocks[0]!.type).toBe(0)
  expect(blocks.some((b) => b.type === 4)).toBe(true)
  return flacFile([blocks[0]!, pictureBlock(400_000), ...blocks.slice(1)], frames)
}

/** An ID3v2.4 tag holding only padding (`size` bytes), as some taggers put before FLAC. */
function id3Padding(size: number): Buffer {
  const header = Buffer.from([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0])
  for (let i = 0; i < 4; i++) header[6 + i] = (size >> (21 - 7 * i)) & 0x7f
  return Buffer.concat([header, Buffer.alloc(size)])
}

describe('tags, type and duration where our own reader failed', () => {
  it('Ogg Opus whose comment packet spans many pages: the tags after a 100 kB comment, its type and duration, and it decodes', async () => {
    const path = join(tempDir(), 'spanning.opus')
    writeFileSync(path, opusWithSpanningComments())
    expect(await readTags(path)).toEqual(MADE)
    const facts = await inspectAudioFile(path)
    expect(facts.mime).toBe('audio/ogg; codecs=opus')
    expect(facts.durationSec).toBeCloseTo(1, 2)
    // The same audio as the file with its tags on one page: the comment pages are not taken for audio.
    const plain = await decodeFile(join(FIXTURES, 'tone-48k-stereo.opus'), () => {})
    const spanning = await decodeFile(path, () => {})
    expect(spanning.warnings).toEqual([])
    expect(spanning.durationSec).toBeCloseTo(plain.durationSec, 6)
  })

  it('FLAC with a 400 kB picture block before its comments: the tags, and it still decodes', async () => {
    const path = join(tempDir(), 'cover.flac')
    writeFileSync(path, flacWithBigPicture())
    expect(await readTags(path)).toEqual(MADE)
    expect(await inspectAudioFile(path)).toEqual({ mime: 'audio/flac', durationSec: 0.5 })
    expect((await decodeFile(path, () => {})).durationSec).toBeCloseTo(0.5, 3)
  })

  it('FLAC that starts with an ID3v2 tag: FLAC with its duration and tags (not MP3 with none), as the decoder sees it', async () => {
    const dir = tempDir()
    const flac = readFileSync(join(FIXTURES, 'tone-48k-stereo.flac'))
    for (const [name, size] of [['small-id3.flac', 100], ['big-id3.flac', 300_000]] as const) {
      const path = join(dir, name)
      writeFileSync(path, Buffer.concat([id3Padding(size), flac]))
      expect(await inspectAudioFile(path), name).toEqual({ mime: 'audio/flac', durationSec: 0.5 })
      expect(await readTags(path), name).toEqual(MADE)
      const info = await decodeFile(path, () => {})
      expect(info.format).toBe('flac')
      expect(info.durationSec).toBeCloseTo(0.5, 3)
    }
  })
})
