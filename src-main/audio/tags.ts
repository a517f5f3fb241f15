// What an audio file's container says: title, artist and year from its tags (ID3v1/v2, Vorbis
// comments in FLAC and Ogg however many pages they span, RIFF INFO), and its stream's sample
// rate, channels and duration, read by music-metadata. The parser is picked by the format our
// own detection finds in the file's bytes (the decoder's, audio/detect.ts), never by the file's
// name or music-metadata's own guess, so the index, the importer and the decoder agree.
import { createReadStream, openAsBlob } from 'node:fs'
import { open, stat } from 'node:fs/promises'
import type { IAudioMetadata } from 'music-metadata'
import { detectFile, type AudioFormat, type Detection } from './detect'

export interface Tags {
  title: string | null
  artist: string | null
  year: number | null
}

export interface AudioInfo {
  format: AudioFormat
  /** As the container declares them; null where it does not say. */
  sampleRate: number | null
  channels: number | null
  durationSec: number | null
  tags: Tags
  /**
   * Why the container could not be parsed (then the rest is null): the decoder, not this parser,
   * decides whether a file is audio, so a file it decodes is not refused for odd metadata.
   */
  unparsed: string | null
}

/** The file is not audio we read: the message says why, for a person. */
export class AudioInfoError extends Error {}

const none = (): Tags => ({ title: null, artist: null, year: null })

/** The content type that makes music-metadata use the parser for a format we detected. */
const PARSER_TYPE: Record<AudioFormat, string> = {
  wav: 'audio/wav',
  flac: 'audio/flac',
  mp3: 'audio/mpeg',
  'ogg-vorbis': 'audio/ogg',
  'ogg-opus': 'audio/ogg',
}

const clean = (text: string | null | undefined): string | null => {
  const value = (text ?? '').replace(/\0+$/g, '').replace(/\0/g, ' / ').trim()
  return value === '' ? null : value
}

function yearOf(text: string | number | null | undefined): number | null {
  const match = /\b(1[0-9]{3}|20[0-9]{2})\b/.exec(String(text ?? ''))
  return match ? Number(match[1]) : null
}

/**
 * ID3v1 and RIFF INFO declare no encoding and music-metadata reads them as Latin-1, but many
 * taggers write UTF-8 there: text whose Latin-1 bytes are valid UTF-8 (and not ASCII) was UTF-8.
 */
function repairLatin1(text: string): string {
  if (!/[\u0080-\u00ff]/.test(text) || /[^\u0000-\u00ff]/.test(text)) return text
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(text, 'latin1'))
  } catch {
    return text
  }
}

/** The tag fields that declare no encoding (ID3v1, RIFF INFO) and their values. */
function undeclaredEncoding(metadata: IAudioMetadata): Set<string> {
  const values = [...(metadata.native.ID3v1 ?? []), ...(metadata.native.exif ?? [])].map((tag) => tag.value)
  return new Set(values.filter((value): value is string => typeof value === 'string'))
}

function tagsOf(metadata: IAudioMetadata): Tags {
  const latin1 = undeclaredEncoding(metadata)
  const text = (value: string | undefined) => clean(value !== undefined && latin1.has(value) ? repairLatin1(value) : value)
  const { common } = metadata
  return {
    title: text(common.title),
    artist: text(common.artist),
    // The full date first: an ID3v2 date wins over an ID3v1 year left at the file's end.
    year: yearOf(common.date ?? common.year ?? common.originaldate ?? common.originalyear),
  }
}

async function detect(path: string): Promise<Detection> {
  const handle = await open(path, 'r')
  try {
    return await detectFile(handle, (await handle.stat()).size)
  } finally {
    await handle.close()
  }
}

/**
 * The format (from the bytes), the stream's declared rate and channels, its duration and its
 * tags. Throws AudioInfoError when the bytes are no format we decode; a file-system error
 * (missing, unreadable) is thrown as it is.
 */
export async function readAudioInfo(path: string): Promise<AudioInfo> {
  const detected = await detect(path)
  if (!detected.format) throw new AudioInfoError(detected.reason)
  // Loaded on first use: the CLI's other commands need none of it.
  const { parseBlob, parseStream } = await import('music-metadata')
  let metadata: IAudioMetadata
  const type = PARSER_TYPE[detected.format]
  try {
    if (detected.format === 'ogg-opus' || detected.format === 'ogg-vorbis') {
      // Ogg says its length only on its last page, so the parser reads every page: a stream reads
      // them six times faster than the Blob's one read per page.
      const stream = createReadStream(path, { highWaterMark: 256 * 1024 })
      try {
        metadata = await parseStream(stream, { mimeType: type, size: (await stat(path)).size }, { duration: true, skipCovers: true })
      } finally {
        stream.destroy()
      }
    } else {
      // A Blob over the file gives the parser random access (ID3v1 at the end, FLAC past a
      // picture) without reading the whole file; MP3's duration is estimated from its first
      // frames rather than by counting every frame.
      metadata = await parseBlob(await openAsBlob(path, { type }), { duration: false, skipCovers: true })
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException)?.code) throw error
    const unparsed = `its ${detected.format} metadata could not be read (${(error as Error)?.message ?? error})`
    return { format: detected.format, sampleRate: null, channels: null, durationSec: null, tags: none(), unparsed }
  }
  const { sampleRate, numberOfChannels, duration } = metadata.format
  return {
    format: detected.format,
    sampleRate: sampleRate ?? null,
    channels: numberOfChannels ?? null,
    durationSec: duration !== undefined && Number.isFinite(duration) && duration >= 0 ? duration : null,
    tags: tagsOf(metadata),
    unparsed: null,
  }
}

/** Never throws: a file whose tags cannot be read simply has none. */
export async function readTags(path: string): Promise<Tags> {
  try {
    return (await readAudioInfo(path)).tags
  } catch {
    return none()
  }
}
