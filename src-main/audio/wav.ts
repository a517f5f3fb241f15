// A small streaming RIFF/WAVE reader: PCM 8/16/24/32-bit integer, 32/64-bit float,
// WAVE_FORMAT_EXTENSIBLE, any channel count. It reads the header, then hands out the data
// chunk's samples a block at a time as per-channel Float32Arrays, so memory stays bounded.
import type { FileHandle } from 'node:fs/promises'
import { streamProblem } from './detect'

export class WavError extends Error {}

export interface WavFormat {
  sampleRate: number
  channels: number
  bitsPerSample: number
  float: boolean
  blockAlign: number
  dataStart: number
  /** Bytes of sample data actually present (less than declared for a truncated file). */
  dataBytes: number
  truncated: boolean
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length)
  const { bytesRead } = await handle.read(buffer, 0, length, position)
  return buffer.subarray(0, bytesRead)
}

export async function readWavHeader(handle: FileHandle, fileSize: number): Promise<WavFormat> {
  const riff = await readAt(handle, 0, 12)
  if (riff.length < 12 || riff.toString('latin1', 0, 4) !== 'RIFF' || riff.toString('latin1', 8, 12) !== 'WAVE') throw new WavError('not a RIFF/WAVE file')
  let position = 12
  let fmt: Omit<WavFormat, 'dataStart' | 'dataBytes' | 'truncated'> | null = null
  for (let guard = 0; guard < 10_000; guard++) {
    const header = await readAt(handle, position, 8)
    if (header.length < 8) break
    const id = header.toString('latin1', 0, 4)
    const size = header.readUInt32LE(4)
    const body = position + 8
    if (id === 'fmt ') {
      const chunk = await readAt(handle, body, Math.min(size, 64))
      if (chunk.length < 16) throw new WavError('truncated "fmt " chunk')
      let tag = chunk.readUInt16LE(0)
      const channels = chunk.readUInt16LE(2)
      const sampleRate = chunk.readUInt32LE(4)
      const blockAlign = chunk.readUInt16LE(12)
      const bitsPerSample = chunk.readUInt16LE(14)
      if (tag === 0xfffe) {
        if (chunk.length < 26) throw new WavError('truncated WAVE_FORMAT_EXTENSIBLE header')
        tag = chunk.readUInt16LE(24) // the sub-format GUID's first two bytes
      }
      if (tag !== 1 && tag !== 3) throw new WavError(`unsupported WAV encoding (format tag 0x${tag.toString(16)}; only PCM and IEEE float are read)`)
      const float = tag === 3
      const okBits = float ? [32, 64] : [8, 16, 24, 32]
      if (!okBits.includes(bitsPerSample)) throw new WavError(`unsupported WAV sample size (${bitsPerSample}-bit ${float ? 'float' : 'integer'})`)
      const problem = streamProblem('WAV', channels, sampleRate)
      if (problem) throw new WavError(problem)
      const expectedAlign = (channels * bitsPerSample) / 8
      fmt = { sampleRate, channels, bitsPerSample, float, blockAlign: blockAlign >= expectedAlign ? blockAlign : expectedAlign }
    } else if (id === 'data') {
      if (!fmt) throw new WavError('"data" chunk before the "fmt " chunk')
      const available = Math.max(0, fileSize - body)
      // Streamed WAVs leave the size 0 or 0xFFFFFFFF: take what the file holds.
      const declared = size === 0 || size === 0xffffffff ? available : size
      const present = Math.min(declared, available)
      const dataBytes = present - (present % fmt.blockAlign)
      return { ...fmt, dataStart: body, dataBytes, truncated: declared > available }
    }
    position = body + size + (size % 2)
    if (position >= fileSize) break
  }
  throw new WavError(fmt ? 'no "data" chunk (no audio in the file)' : 'no "fmt " chunk (not a usable WAV file)')
}

/** Converts whole frames of interleaved WAV bytes into one Float32Array per channel. */
export function wavToChannels(bytes: Buffer, format: WavFormat): Float32Array[] {
  const frames = Math.floor(bytes.length / format.blockAlign)
  const channels = Array.from({ length: format.channels }, () => new Float32Array(frames))
  const bytesPer = format.bitsPerSample / 8
  for (let f = 0; f < frames; f++) {
    const base = f * format.blockAlign
    for (let c = 0; c < format.channels; c++) {
      const at = base + c * bytesPer
      let value: number
      if (format.float) value = bytesPer === 4 ? bytes.readFloatLE(at) : bytes.readDoubleLE(at)
      else if (bytesPer === 1) value = (bytes[at] - 128) / 128
      else if (bytesPer === 2) value = bytes.readInt16LE(at) / 32768
      else if (bytesPer === 3) value = bytes.readIntLE(at, 3) / 8388608
      else value = bytes.readInt32LE(at) / 2147483648
      channels[c][f] = Number.isFinite(value) ? value : 0
    }
  }
  return channels
}
