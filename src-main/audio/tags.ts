// Title, artist and year from an audio file's tags, where they are cheap to read: ID3v2
// (2.2-2.4) and ID3v1 (MP3), Vorbis comments (FLAC, Ogg Vorbis, Ogg Opus), RIFF INFO (WAV).
// Only the file's head (and, for ID3v1, its last 128 bytes) is read; anything odd gives no tags.
import { open } from 'node:fs/promises'

export interface Tags {
  title: string | null
  artist: string | null
  year: number | null
}

const HEAD_BYTES = 256 * 1024
const none = (): Tags => ({ title: null, artist: null, year: null })

const clean = (text: string | null | undefined): string | null => {
  const value = (text ?? '').replace(/\0+$/g, '').replace(/\0/g, ' / ').trim()
  return value === '' ? null : value
}

function yearOf(text: string | null | undefined): number | null {
  const match = /\b(1[0-9]{3}|20[0-9]{2})\b/.exec(text ?? '')
  return match ? Number(match[1]) : null
}

/** UTF-8 where the bytes are valid UTF-8, else Latin-1 (old ID3v1 and RIFF INFO tags). */
function utf8OrLatin1(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return Buffer.from(bytes).toString('latin1')
  }
}

function merge(into: Tags, from: Partial<Tags>): Tags {
  return { title: into.title ?? from.title ?? null, artist: into.artist ?? from.artist ?? null, year: into.year ?? from.year ?? null }
}

function id3Text(frame: Buffer): string | null {
  if (frame.length < 1) return null
  const body = frame.subarray(1)
  switch (frame[0]) {
    case 0:
      return clean(body.toString('latin1'))
    case 1: {
      // UTF-16 with a byte-order mark.
      if (body.length >= 2 && body[0] === 0xfe && body[1] === 0xff) return clean(Buffer.from(body.subarray(2)).swap16().toString('utf16le'))
      return clean(body.subarray(body[0] === 0xff && body[1] === 0xfe ? 2 : 0).toString('utf16le'))
    }
    case 2: {
      const even = body.subarray(0, body.length - (body.length % 2))
      return clean(Buffer.from(even).swap16().toString('utf16le'))
    }
    case 3:
      return clean(body.toString('utf8'))
    default:
      return null
  }
}

export function parseId3v2(head: Buffer): Partial<Tags> {
  if (head.length < 10 || head.toString('latin1', 0, 3) !== 'ID3') return {}
  const version = head[3]
  const flags = head[5]
  const size = ((head[6] & 0x7f) << 21) | ((head[7] & 0x7f) << 14) | ((head[8] & 0x7f) << 7) | (head[9] & 0x7f)
  const end = Math.min(head.length, 10 + size)
  if (flags & 0x80) return {} // unsynchronised tags are rare; not worth it
  let at = 10
  if (flags & 0x40 && version >= 3) at += version === 4 ? ((head[10] & 0x7f) << 21) | ((head[11] & 0x7f) << 14) | ((head[12] & 0x7f) << 7) | (head[13] & 0x7f) : head.readUInt32BE(10) + 4
  const found: Record<string, string | null> = {}
  while (at + (version === 2 ? 6 : 10) <= end) {
    let id: string
    let length: number
    if (version === 2) {
      id = head.toString('latin1', at, at + 3)
      length = (head[at + 3] << 16) | (head[at + 4] << 8) | head[at + 5]
      at += 6
    } else {
      id = head.toString('latin1', at, at + 4)
      length = version === 4 ? ((head[at + 4] & 0x7f) << 21) | ((head[at + 5] & 0x7f) << 14) | ((head[at + 6] & 0x7f) << 7) | (head[at + 7] & 0x7f) : head.readUInt32BE(at + 4)
      at += 10
    }
    if (!/^[A-Z0-9]{3,4}$/.test(id) || length <= 0 || at + length > end) break
    if (/^(TIT2|TT2|TPE1|TP1|TDRC|TYER|TYE|TDOR|TORY)$/.test(id) && !(id in found)) found[id] = id3Text(head.subarray(at, at + length))
    at += length
  }
  return {
    title: found.TIT2 ?? found.TT2 ?? null,
    artist: found.TPE1 ?? found.TP1 ?? null,
    year: yearOf(found.TDRC ?? found.TYER ?? found.TYE ?? found.TDOR ?? found.TORY),
  }
}

export function parseId3v1(tail: Buffer): Partial<Tags> {
  if (tail.length !== 128 || tail.toString('latin1', 0, 3) !== 'TAG') return {}
  const field = (from: number, length: number) => {
    const bytes = tail.subarray(from, from + length)
    const zero = bytes.indexOf(0)
    return clean(utf8OrLatin1(zero >= 0 ? bytes.subarray(0, zero) : bytes))
  }
  return { title: field(3, 30), artist: field(33, 30), year: yearOf(field(93, 4)) }
}

/** A Vorbis comment block (after the packet's or block's own header): vendor, then KEY=value strings. */
export function parseVorbisComments(bytes: Buffer, at: number): Partial<Tags> {
  try {
    const vendor = bytes.readUInt32LE(at)
    at += 4 + vendor
    const count = bytes.readUInt32LE(at)
    at += 4
    const found: Record<string, string> = {}
    for (let i = 0; i < count && i < 10_000; i++) {
      const length = bytes.readUInt32LE(at)
      at += 4
      if (at + length > bytes.length) break
      const text = bytes.toString('utf8', at, at + length)
      at += length
      const eq = text.indexOf('=')
      if (eq <= 0) continue
      const key = text.slice(0, eq).toUpperCase()
      if (!(key in found)) found[key] = text.slice(eq + 1)
    }
    return { title: clean(found.TITLE), artist: clean(found.ARTIST), year: yearOf(found.DATE ?? found.YEAR) }
  } catch {
    return {}
  }
}

function flacTags(head: Buffer): Partial<Tags> {
  let at = 4
  while (at + 4 <= head.length) {
    const last = head[at] & 0x80
    const type = head[at] & 0x7f
    const length = (head[at + 1] << 16) | (head[at + 2] << 8) | head[at + 3]
    at += 4
    if (type === 4) return parseVorbisComments(head.subarray(0, Math.min(head.length, at + length)), at)
    if (last) break
    at += length
  }
  return {}
}

function oggTags(head: Buffer): Partial<Tags> {
  // The comment packet is the stream's second; it nearly always sits whole in the second page.
  for (const marker of ['\x03vorbis', 'OpusTags']) {
    const at = head.indexOf(marker, 0, 'latin1')
    if (at >= 0) return parseVorbisComments(head, at + marker.length)
  }
  return {}
}

function riffInfo(head: Buffer): Partial<Tags> {
  let at = 12
  while (at + 8 <= head.length) {
    const id = head.toString('latin1', at, at + 4)
    const size = head.readUInt32LE(at + 4)
    if (id === 'data') break
    if (id === 'LIST' && head.toString('latin1', at + 8, at + 12) === 'INFO') {
      const found: Record<string, string | null> = {}
      let sub = at + 12
      const end = Math.min(head.length, at + 8 + size)
      while (sub + 8 <= end) {
        const key = head.toString('latin1', sub, sub + 4)
        const length = head.readUInt32LE(sub + 4)
        found[key] = clean(utf8OrLatin1(head.subarray(sub + 8, Math.min(end, sub + 8 + length))))
        sub += 8 + length + (length % 2)
      }
      return { title: found.INAM ?? null, artist: found.IART ?? null, year: yearOf(found.ICRD) }
    }
    at += 8 + size + (size % 2)
  }
  return {}
}

/** Never throws: a file whose tags cannot be read simply has none. */
export async function readTags(path: string): Promise<Tags> {
  let handle
  try {
    handle = await open(path, 'r')
  } catch {
    return none()
  }
  try {
    const size = (await handle.stat()).size
    const head = Buffer.alloc(Math.min(size, HEAD_BYTES))
    await handle.read(head, 0, head.length, 0)
    let tags = none()
    const magic = head.toString('latin1', 0, 4)
    if (magic.startsWith('ID3')) tags = merge(tags, parseId3v2(head))
    if (magic === 'fLaC') tags = merge(tags, flacTags(head))
    else if (magic === 'OggS') tags = merge(tags, oggTags(head))
    else if (magic === 'RIFF') tags = merge(tags, riffInfo(head))
    else if (size >= 128) {
      const tail = Buffer.alloc(128)
      await handle.read(tail, 0, 128, size - 128)
      tags = merge(tags, parseId3v1(tail))
    }
    return tags
  } catch {
    return none()
  } finally {
    await handle.close().catch(() => {})
  }
}
