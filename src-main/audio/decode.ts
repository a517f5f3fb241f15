// Decodes an audio file chunk by chunk into mono float32 at 44,100 Hz: the format is found
// from the file's first bytes, the file is read in blocks and each block goes through the
// format's decoder (the @wasm-audio-decoders family, or our WAV reader), a downmix (the mean of
// the channels) and the band-limited resampler, then to `sink`. Memory stays bounded whatever
// the file's length.
import { open, type FileHandle } from 'node:fs/promises'
import { detectFile, id3Length, type AudioFormat } from './detect'
import { OggPager } from './ogg'
import { createResampler, type Resampler } from './resample'
import { readWavHeader, wavToChannels, WavError } from './wav'

export const TARGET_RATE = 44_100
const BLOCK_BYTES = 256 * 1024

/** The file cannot be decoded (unsupported, corrupt, empty): the message says why, for a person. */
export class DecodeError extends Error {}

export interface DecodeInfo {
  format: AudioFormat
  sampleRate: number
  channels: number
  /** Seconds of audio decoded. */
  durationSec: number
  /** Samples handed to the sink (at 44.1 kHz). */
  outputSamples: number
  /** Problems that did not stop decoding (a truncated file, a few corrupt frames). */
  warnings: string[]
}

export interface DecodeOptions {
  onFraction?: (fraction: number) => void
  isCancelled?: () => boolean
}

export class DecodeCancelled extends Error {}

interface ChunkDecoder {
  ready: Promise<void>
  decode(bytes: Uint8Array): Promise<Decoded> | Decoded
  flush?(): Promise<Decoded>
  free(): void
}
interface Decoded {
  channelData: Float32Array[]
  samplesDecoded: number
  sampleRate: number
  errors?: { message: string }[]
}

async function makeDecoder(format: Exclude<AudioFormat, 'wav'>): Promise<ChunkDecoder> {
  switch (format) {
    case 'flac': {
      const { FLACDecoder } = await import('@wasm-audio-decoders/flac')
      return new FLACDecoder() as unknown as ChunkDecoder
    }
    case 'mp3': {
      const { MPEGDecoder } = await import('mpg123-decoder')
      return new MPEGDecoder() as unknown as ChunkDecoder
    }
    case 'ogg-vorbis': {
      const { OggVorbisDecoder } = await import('@wasm-audio-decoders/ogg-vorbis')
      return new OggVorbisDecoder() as unknown as ChunkDecoder
    }
    case 'ogg-opus': {
      const { OggOpusDecoder } = await import('ogg-opus-decoder')
      return new OggOpusDecoder() as unknown as ChunkDecoder
    }
  }
}

function downmix(channels: Float32Array[], length: number): Float32Array {
  if (channels.length === 1) return channels[0].subarray(0, length)
  const mono = new Float32Array(length)
  const scale = 1 / channels.length
  for (const channel of channels) for (let i = 0; i < length; i++) mono[i] += channel[i]
  for (let i = 0; i < length; i++) mono[i] *= scale
  return mono
}

function describeOpenError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code
  if (code === 'ENOENT') return 'does not exist'
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied)'
  if (code === 'EISDIR') return 'is a folder, not a file'
  return String((error as Error)?.message ?? error)
}

/** Decodes `path` and feeds mono 44.1 kHz blocks to `sink`. Throws DecodeError with a readable reason. */
export async function decodeFile(path: string, sink: (samples: Float32Array) => void, options: DecodeOptions = {}): Promise<DecodeInfo> {
  let handle: FileHandle
  try {
    handle = await open(path, 'r')
  } catch (error) {
    throw new DecodeError(describeOpenError(error))
  }
  try {
    const size = (await handle.stat()).size
    // The same detection the index uses, so a file is the same format to both.
    const detected = await detectFile(handle, size)
    if (!detected.format) throw new DecodeError(detected.reason)
    const state = new Sink(sink)
    if (detected.format === 'wav') await decodeWav(handle, size, state, options)
    else await decodeCompressed(detected.format, handle, size, state, options)
    const info = state.finish(detected.format)
    if (info.durationSec === 0) throw new DecodeError(`no audio could be decoded (${detected.format}${state.warnings.length ? `: ${state.warnings[0].replace(/; read what is there$/, '')}` : ''})`)
    return info
  } finally {
    await handle.close().catch(() => {})
  }
}

class Sink {
  sampleRate = 0
  channels = 0
  inputSamples = 0
  outputSamples = 0
  warnings: string[] = []
  private resampler: Resampler | null = null
  constructor(private readonly sink: (samples: Float32Array) => void) {}

  push(channelData: Float32Array[], length: number, sampleRate: number): void {
    if (length <= 0 || channelData.length === 0) return
    if (!this.resampler) {
      this.sampleRate = sampleRate
      this.channels = channelData.length
      this.resampler = createResampler(sampleRate, TARGET_RATE)
    } else if (sampleRate !== this.sampleRate) {
      if (!this.warnings.some((w) => w.startsWith('sample rate changes'))) this.warnings.push(`sample rate changes mid-stream (${this.sampleRate} -> ${sampleRate} Hz); read as ${this.sampleRate} Hz`)
    }
    this.inputSamples += length
    this.emit(this.resampler.push(downmix(channelData, length)))
  }

  private emit(samples: Float32Array): void {
    if (samples.length === 0) return
    this.outputSamples += samples.length
    this.sink(samples)
  }

  finish(format: AudioFormat): DecodeInfo {
    if (this.resampler) this.emit(this.resampler.end())
    return {
      format,
      sampleRate: this.sampleRate,
      channels: this.channels,
      durationSec: this.sampleRate ? this.inputSamples / this.sampleRate : 0,
      outputSamples: this.outputSamples,
      warnings: this.warnings,
    }
  }
}

async function decodeWav(handle: FileHandle, size: number, sink: Sink, options: DecodeOptions): Promise<void> {
  let format
  try {
    format = await readWavHeader(handle, size)
  } catch (error) {
    throw error instanceof WavError ? new DecodeError(error.message) : error
  }
  if (format.truncated) sink.warnings.push('truncated WAV file (the data chunk is shorter than its header says); read what is there')
  const block = Math.max(format.blockAlign, BLOCK_BYTES - (BLOCK_BYTES % format.blockAlign))
  const buffer = Buffer.alloc(block)
  for (let done = 0; done < format.dataBytes; ) {
    if (options.isCancelled?.()) throw new DecodeCancelled('cancelled')
    const want = Math.min(block, format.dataBytes - done)
    const { bytesRead } = await handle.read(buffer, 0, want, format.dataStart + done)
    if (bytesRead <= 0) break
    const whole = bytesRead - (bytesRead % format.blockAlign)
    const channels = wavToChannels(buffer.subarray(0, whole), format)
    sink.push(channels, channels[0].length, format.sampleRate)
    done += bytesRead
    options.onFraction?.(done / format.dataBytes)
  }
}

async function decodeCompressed(format: Exclude<AudioFormat, 'wav'>, handle: FileHandle, size: number, sink: Sink, options: DecodeOptions): Promise<void> {
  const decoder = await makeDecoder(format)
  await decoder.ready
  let errors = 0
  let firstError = ''
  const take = (decoded: Decoded) => {
    for (const error of decoded.errors ?? []) {
      errors++
      firstError ||= error.message
    }
    sink.push(decoded.channelData, decoded.samplesDecoded, decoded.sampleRate)
  }
  const pager = format === 'ogg-vorbis' || format === 'ogg-opus' ? new OggPager(format === 'ogg-opus') : null
  const expected = format === 'flac' ? await flacTotalSamples(handle) : null
  try {
    const buffer = Buffer.alloc(BLOCK_BYTES)
    for (let position = 0; position < size; ) {
      if (options.isCancelled?.()) throw new DecodeCancelled('cancelled')
      const { bytesRead } = await handle.read(buffer, 0, BLOCK_BYTES, position)
      if (bytesRead <= 0) break
      position += bytesRead
      // The decoders may keep a reference to the input until the next call: give each its own copy.
      const bytes = pager ? pager.push(buffer.subarray(0, bytesRead)) : new Uint8Array(buffer.subarray(0, bytesRead))
      if (bytes.length > 0) take(await decoder.decode(bytes))
      options.onFraction?.(position / size)
    }
    if (decoder.flush) take(await decoder.flush())
  } catch (error) {
    if (error instanceof DecodeCancelled || error instanceof DecodeError) throw error
    throw new DecodeError(`corrupt ${format} data (${(error as Error).message ?? error})`)
  } finally {
    try {
      decoder.free()
    } catch {
      // a decoder that trapped on corrupt data may fail to free; the error above says why
    }
  }
  if (errors > 0) sink.warnings.push(`${errors} corrupt ${format} frame${errors === 1 ? '' : 's'} skipped (${firstError})`)
  if (pager?.skipped) sink.warnings.push(`${pager.skipped} bytes of corrupt Ogg data skipped`)
  if (pager?.leftover) sink.warnings.push(`truncated file (the last Ogg page is cut short); read what is there`)
  if (expected && sink.inputSamples < expected * 0.99) {
    const rate = sink.sampleRate || 1
    sink.warnings.push(`truncated or damaged file: ${(sink.inputSamples / rate).toFixed(1)} s decoded of the ${(expected / rate).toFixed(1)} s its header declares`)
  }
}

/** FLAC's STREAMINFO total sample count (36 bits), or null when unknown (0) or absent. */
async function flacTotalSamples(handle: FileHandle): Promise<number | null> {
  const head = Buffer.alloc(64)
  const { bytesRead } = await handle.read(head, 0, 64, 0)
  let at = id3Length(head.subarray(0, bytesRead))
  if (at > 0) {
    const { bytesRead: more } = await handle.read(head, 0, 64, at)
    if (more < 42) return null
    at = 0
  }
  if (head.toString('latin1', at, at + 4) !== 'fLaC' || (head[at + 4] & 0x7f) !== 0) return null
  const info = at + 8
  const total = (head[info + 13] & 0x0f) * 2 ** 32 + head.readUInt32BE(info + 14)
  return total > 0 ? total : null
}
