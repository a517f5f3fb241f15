// Just enough WAV: read fluidsynth's output (PCM 16/24/32-bit or IEEE float), write 16-bit mono.
import { readFileSync, writeFileSync } from 'node:fs'

/** @returns {{rate:number, channels: Float32Array[]}} */
export function readWav(path) {
  const b = readFileSync(path)
  if (b.toString('ascii', 0, 4) !== 'RIFF' || b.toString('ascii', 8, 12) !== 'WAVE') throw new Error(`${path}: not a WAV file`)
  let pos = 12
  let fmt = null
  while (pos + 8 <= b.length) {
    const id = b.toString('ascii', pos, pos + 4)
    let size = b.readUInt32LE(pos + 4)
    const body = pos + 8
    if (id === 'fmt ') {
      let format = b.readUInt16LE(body)
      if (format === 0xfffe) format = b.readUInt16LE(body + 24) // WAVE_FORMAT_EXTENSIBLE: the sub-format GUID
      fmt = { format, nch: b.readUInt16LE(body + 2), rate: b.readUInt32LE(body + 4), bits: b.readUInt16LE(body + 14) }
    } else if (id === 'data') {
      if (!fmt) throw new Error(`${path}: data before fmt`)
      if (size === 0 || size === 0xffffffff || body + size > b.length) size = b.length - body // unfinished header
      const bytes = fmt.bits / 8
      const frames = Math.floor(size / (bytes * fmt.nch))
      const channels = Array.from({ length: fmt.nch }, () => new Float32Array(frames))
      if (fmt.format === 3 && fmt.bits === 32) {
        const all = new Float32Array(b.buffer.slice(b.byteOffset + body, b.byteOffset + body + frames * fmt.nch * 4))
        for (let i = 0; i < frames; i++) for (let c = 0; c < fmt.nch; c++) channels[c][i] = all[i * fmt.nch + c]
        return { rate: fmt.rate, channels }
      }
      for (let i = 0; i < frames; i++) {
        for (let c = 0; c < fmt.nch; c++) {
          const o = body + (i * fmt.nch + c) * bytes
          let x
          if (fmt.format === 3 && fmt.bits === 32) x = b.readFloatLE(o)
          else if (fmt.format === 3 && fmt.bits === 64) x = b.readDoubleLE(o)
          else if (fmt.bits === 16) x = b.readInt16LE(o) / 32768
          else if (fmt.bits === 24) x = b.readIntLE(o, 3) / 8388608
          else if (fmt.bits === 32) x = b.readInt32LE(o) / 2147483648
          else throw new Error(`${path}: ${fmt.bits}-bit format ${fmt.format} is not supported`)
          channels[c][i] = x
        }
      }
      return { rate: fmt.rate, channels }
    }
    pos = body + size + (size & 1)
  }
  throw new Error(`${path}: no data chunk`)
}

/** 16-bit PCM mono, rounded (no dither, so the output is reproducible). */
export function writeMonoWav(path, samples, rate) {
  const n = samples.length
  const b = Buffer.alloc(44 + n * 2)
  b.write('RIFF', 0, 'ascii')
  b.writeUInt32LE(36 + n * 2, 4)
  b.write('WAVEfmt ', 8, 'ascii')
  b.writeUInt32LE(16, 16)
  b.writeUInt16LE(1, 20)
  b.writeUInt16LE(1, 22)
  b.writeUInt32LE(rate, 24)
  b.writeUInt32LE(rate * 2, 28)
  b.writeUInt16LE(2, 32)
  b.writeUInt16LE(16, 34)
  b.write('data', 36, 'ascii')
  b.writeUInt32LE(n * 2, 40)
  for (let i = 0; i < n; i++) b.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(samples[i] * 32767))), 44 + i * 2)
  writeFileSync(path, b)
}
