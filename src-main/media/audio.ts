// Audio files in a dataset: which kind a file is (by its magic bytes, not its name) and how
// long it lasts where that is cheap to know from its headers (WAV, FLAC, Ogg; MP3 is null).
import { open } from 'node:fs/promises'

export const AUDIO_EXTENSIONS = ['ogg', 'opus', 'mp3', 'flac', 'wav'] as const

export interface AudioFacts {
  mime: string
  durationSec: number | null
}

export class AudioFileError extends Error {}

const HEAD_BYTES = 64 * 1024
const TAIL_BYTES = 64 * 1024

const ascii = (bytes: Uint8Array, start: number, length: number) => String.fromCharCode(...bytes.subarray(start, start + length))

/** The MIME type the magic bytes say, or null when they name no audio format we serve. */
export function sniffAudio(head: Uint8Array): string | null {
  if (head.length < 12) return null
  if (ascii(head, 0, 4) === 'OggS') {
    const window = ascii(head, 0, Math.min(head.length, 512))
    if (window.includes('OpusHead')) return 'audio/ogg; codecs=opus'
    if (window.includes('\x01vorbis')) return 'audio/ogg'
    if (window.includes('\x7fFLAC')) return 'audio/ogg; codecs=flac'
    return 'audio/ogg'
  }
  if (ascii(head, 0, 4) === 'fLaC') return 'audio/flac'
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WAVE') return 'audio/wav'
  if (ascii(head, 0, 3) === 'ID3') return 'audio/mpeg'
  // An MPEG audio frame sync: 11 bits set, layer not 00.
  if (head[0] === 0xff && (head[1]! & 0xe0) === 0xe0 && (head[1]! & 0x06) !== 0) return 'audio/mpeg'
  return null
}

function wavDuration(head: Uint8Array, size: number): number | null {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength)
  let byteRate = 0
  let offset = 12
  while (offset + 8 <= head.length) {
    const id = ascii(head, offset, 4)
    const length = view.getUint32(offset + 4, true)
    if (id === 'fmt ' && offset + 16 <= head.length) byteRate = view.getUint32(offset + 16, true)
    if (id === 'data') {
      if (!byteRate) return null
      // A streamed WAV may say 0 or 0xffffffff: the rest of the file is the data then.
      const dataBytes = length === 0 || length === 0xffffffff ? size - offset - 8 : Math.min(length, size - offset - 8)
      return dataBytes / byteRate
    }
    offset += 8 + length + (length & 1)
  }
  return null
}

function flacDuration(head: Uint8Array): number | null {
  // STREAMINFO is the first metadata block: sample rate (20 bits) and total samples (36 bits).
  if (head.length < 42 || (head[4]! & 0x7f) !== 0) return null
  const b = head.subarray(8)
  const sampleRate = (b[10]! << 12) | (b[11]! << 4) | (b[12]! >> 4)
  const totalSamples = (b[13]! & 0x0f) * 2 ** 32 + ((b[14]! << 24) >>> 0) + (b[15]! << 16) + (b[16]! << 8) + b[17]!
  return sampleRate && totalSamples ? totalSamples / sampleRate : null
}

function oggDuration(head: Uint8Array, tail: Uint8Array, mime: string): number | null {
  const headText = ascii(head, 0, Math.min(head.length, 512))
  let rate: number
  let preSkip = 0
  const headView = new DataView(head.buffer, head.byteOffset, head.byteLength)
  if (mime.includes('opus')) {
    const at = headText.indexOf('OpusHead')
    if (at < 0 || at + 12 > head.length) return null
    preSkip = headView.getUint16(at + 10, true)
    rate = 48000
  } else {
    const at = headText.indexOf('\x01vorbis')
    if (at < 0 || at + 16 > head.length) return null
    rate = headView.getUint32(at + 12, true)
  }
  // The last page's granule position is the stream's length in samples.
  const tailView = new DataView(tail.buffer, tail.byteOffset, tail.byteLength)
  for (let i = tail.length - 27; i >= 0; i--) {
    if (tail[i] !== 0x4f || ascii(tail, i, 4) !== 'OggS') continue
    const granule = Number(tailView.getBigInt64(i + 6, true))
    if (granule > 0 && rate > 0) return Math.max(0, granule - preSkip) / rate
  }
  return null
}

/** Reads a file's first (and for Ogg, last) bytes: its MIME type and, where cheap, its duration. */
export async function inspectAudioFile(path: string): Promise<AudioFacts> {
  const handle = await open(path, 'r')
  try {
    const { size } = await handle.stat()
    const head = new Uint8Array(Math.min(size, HEAD_BYTES))
    await handle.read(head, 0, head.length, 0)
    const mime = sniffAudio(head)
    if (!mime) throw new AudioFileError('is not a WAV, FLAC, MP3 or Ogg (Opus/Vorbis) audio file (its first bytes say otherwise)')
    let durationSec: number | null = null
    if (mime === 'audio/wav') durationSec = wavDuration(head, size)
    else if (mime === 'audio/flac') durationSec = flacDuration(head)
    else if (mime.startsWith('audio/ogg')) {
      const tail = new Uint8Array(Math.min(size, TAIL_BYTES))
      await handle.read(tail, 0, tail.length, size - tail.length)
      durationSec = oggDuration(head, tail, mime)
    }
    return { mime, durationSec: durationSec !== null && Number.isFinite(durationSec) ? durationSec : null }
  } finally {
    await handle.close()
  }
}
