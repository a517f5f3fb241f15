// Audio files in a dataset: which kind a file is (by its bytes, not its name) and how long it
// lasts, as the index records them for playback. The format comes from the decoder's own
// detection and a WAV's header passes the decoder's own checks, so a file the importer refuses
// is not indexed as playable audio either; duration and tags come from music-metadata.
import { open } from 'node:fs/promises'
import { detectFormat, streamProblem, type AudioFormat } from '../audio/detect'
import { AudioInfoError, readAudioInfo } from '../audio/tags'
import { readWavHeader, WavError } from '../audio/wav'

export const AUDIO_EXTENSIONS = ['ogg', 'opus', 'mp3', 'flac', 'wav'] as const

export interface AudioFacts {
  mime: string
  durationSec: number | null
}

export class AudioFileError extends Error {}

/** What a browser's <audio> is told each format is. */
export const AUDIO_MIME: Record<AudioFormat, string> = {
  wav: 'audio/wav',
  flac: 'audio/flac',
  mp3: 'audio/mpeg',
  'ogg-vorbis': 'audio/ogg',
  'ogg-opus': 'audio/ogg; codecs=opus',
}

const HEADER_NAME: Record<AudioFormat, string> = { wav: 'WAV', flac: 'FLAC', mp3: 'MP3', 'ogg-vorbis': 'Ogg Vorbis', 'ogg-opus': 'Ogg Opus' }

/** The MIME type the first bytes say, or null when they name no audio format we read. */
export function sniffAudio(head: Uint8Array): string | null {
  const detected = detectFormat(head)
  return detected.format ? AUDIO_MIME[detected.format] : null
}

/**
 * The decoder's own check of a WAV header (encoding, sample size, channels, rate, a data chunk);
 * returns the duration it gives.
 */
async function checkWavHeader(path: string): Promise<number> {
  const handle = await open(path, 'r')
  try {
    const format = await readWavHeader(handle, (await handle.stat()).size)
    return format.dataBytes / format.blockAlign / format.sampleRate
  } catch (error) {
    throw error instanceof WavError ? new AudioFileError(error.message) : error
  } finally {
    await handle.close()
  }
}

/** A file's MIME type and duration; throws AudioFileError, saying why, for a file we would not decode. */
export async function inspectAudioFile(path: string): Promise<AudioFacts> {
  let info
  try {
    info = await readAudioInfo(path)
  } catch (error) {
    throw error instanceof AudioInfoError ? new AudioFileError(error.message) : error
  }
  let durationSec = info.durationSec
  if (info.format === 'wav') {
    const fromHeader = await checkWavHeader(path)
    // music-metadata gives up on a WAV with a malformed chunk the decoder skips.
    durationSec ??= fromHeader
  }
  if (info.channels !== null && info.sampleRate !== null) {
    const problem = streamProblem(HEADER_NAME[info.format], info.channels, info.sampleRate)
    if (problem) throw new AudioFileError(problem)
  }
  return { mime: AUDIO_MIME[info.format], durationSec }
}
