// Which audio format a file holds, from its first bytes (never from its name), and whether
// the stream it declares is one we read: the decoder (import) and the index ask here, so a file
// is audio to both or to neither.
import type { FileHandle } from 'node:fs/promises'

export type AudioFormat = 'wav' | 'flac' | 'mp3' | 'ogg-vorbis' | 'ogg-opus'

export type Detection = { format: AudioFormat } | { format: null; reason: string }

const ascii = (bytes: Uint8Array, start: number, length: number) => String.fromCharCode(...bytes.subarray(start, start + length))

/** Bytes to skip for a leading ID3v2 tag (MP3s, and some FLACs, start with one). */
export function id3Length(head: Uint8Array): number {
  if (head.length < 10 || ascii(head, 0, 3) !== 'ID3') return 0
  const size = ((head[6] & 0x7f) << 21) | ((head[7] & 0x7f) << 14) | ((head[8] & 0x7f) << 7) | (head[9] & 0x7f)
  return 10 + size + (head[5] & 0x10 ? 10 : 0)
}

/** An MPEG-1/2/2.5 audio frame header (layer I–III), not AAC's ADTS (whose layer bits are 00). */
export function isMpegFrameHeader(bytes: Uint8Array, at: number): boolean {
  if (at + 4 > bytes.length) return false
  const b1 = bytes[at + 1]
  const b2 = bytes[at + 2]
  if (bytes[at] !== 0xff || (b1 & 0xe0) !== 0xe0) return false
  if ((b1 & 0x18) === 0x08) return false // reserved version
  if ((b1 & 0x06) === 0) return false // layer bits 00: reserved (ADTS AAC)
  if ((b2 & 0xf0) === 0xf0 || (b2 & 0xf0) === 0) return false // bad or free-format bitrate
  if ((b2 & 0x0c) === 0x0c) return false // reserved sample rate
  return true
}

/**
 * `head`: the file's first bytes (64 KiB is plenty); `afterId3`: the bytes just past a leading
 * ID3 tag when one is present (the caller reads them, since a tag can be large).
 */
export function detectFormat(head: Uint8Array, afterId3: Uint8Array | null = null): Detection {
  if (head.length === 0) return { format: null, reason: 'empty file (0 bytes)' }
  if (head.length >= 12 && ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WAVE') return { format: 'wav' }
  if (head.length >= 12 && (ascii(head, 0, 4) === 'RF64' || ascii(head, 0, 4) === 'BW64')) return { format: null, reason: 'unsupported format (RF64/BW64 WAV)' }
  if (head.length >= 4 && ascii(head, 0, 4) === 'fLaC') return { format: 'flac' }
  if (head.length >= 4 && ascii(head, 0, 4) === 'OggS') {
    const segments = head[26] ?? 0
    const payload = 27 + segments
    if (ascii(head, payload, 8) === 'OpusHead') return { format: 'ogg-opus' }
    if (head[payload] === 1 && ascii(head, payload + 1, 6) === 'vorbis') return { format: 'ogg-vorbis' }
    if (ascii(head, payload, 5) === '\x7fFLAC') return { format: null, reason: 'unsupported format (FLAC inside Ogg)' }
    return { format: null, reason: 'unsupported format (an Ogg stream that is neither Vorbis nor Opus)' }
  }
  const skip = id3Length(head)
  if (skip > 0) {
    const rest = afterId3 ?? head.subarray(Math.min(skip, head.length))
    if (rest.length >= 4 && ascii(rest, 0, 4) === 'fLaC') return { format: 'flac' }
    for (let i = 0; i < Math.min(rest.length - 4, 4096); i++) if (isMpegFrameHeader(rest, i)) return { format: 'mp3' }
    return { format: null, reason: 'unsupported format (an ID3 tag followed by no MPEG audio)' }
  }
  if (isMpegFrameHeader(head, 0)) return { format: 'mp3' }
  if (head.length >= 12 && ascii(head, 4, 4) === 'ftyp') return { format: null, reason: 'unsupported format (MP4/M4A container: AAC or video)' }
  if (head.length >= 2 && head[0] === 0xff && (head[1] & 0xf6) === 0xf0) return { format: null, reason: 'unsupported format (AAC/ADTS)' }
  if (head.length >= 12 && ascii(head, 0, 4) === 'FORM' && /AIF[FC]/.test(ascii(head, 8, 4))) return { format: null, reason: 'unsupported format (AIFF)' }
  if (head.length >= 4 && head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return { format: null, reason: 'unsupported format (Matroska/WebM)' }
  if (head.length >= 16 && head[0] === 0x30 && head[1] === 0x26 && head[2] === 0xb2 && head[3] === 0x75) return { format: null, reason: 'unsupported format (WMA/ASF)' }
  const text = head.subarray(0, Math.min(head.length, 512)).every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127) || b >= 128)
  if (text) return { format: null, reason: 'unsupported format (looks like text, not audio)' }
  return { format: null, reason: 'unsupported format (not WAV, FLAC, MP3, Ogg Vorbis or Ogg Opus)' }
}

/** Reads what detectFormat needs from an open file: its head, and the bytes past a leading ID3 tag. */
export async function detectFile(handle: FileHandle, size: number): Promise<Detection> {
  if (size === 0) return { format: null, reason: 'empty file (0 bytes)' }
  const head = Buffer.alloc(Math.min(size, 64 * 1024))
  await handle.read(head, 0, head.length, 0)
  const skip = id3Length(head)
  let afterId3: Uint8Array | null = null
  if (skip > 0 && skip < size) {
    afterId3 = Buffer.alloc(Math.min(8192, size - skip))
    await handle.read(afterId3, 0, afterId3.length, skip)
  }
  return detectFormat(head, afterId3)
}

/** The sample rates read: telephone-band recordings to the highest studio rates. */
export const SAMPLE_RATES = { min: 1000, max: 768_000 }

/**
 * Why a stream whose header declares `channels` and `sampleRate` cannot be audio we read, or
 * null when it can. `what` names the header in the message (e.g. "WAV").
 */
export function streamProblem(what: string, channels: number, sampleRate: number): string | null {
  if (!(channels >= 1)) return `${what} header says ${channels} channels`
  if (!(sampleRate >= SAMPLE_RATES.min && sampleRate <= SAMPLE_RATES.max)) return `unsupported ${what} sample rate (${sampleRate} Hz)`
  return null
}
