// Decoding: each format from its magic bytes, downmixed to mono and resampled to 44.1 kHz,
// and a clear message for files that are not audio we read.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { decodeFile, DecodeError, TARGET_RATE } from '../src-main/audio/decode'
import { REPO, removeTempDirs, tempDir } from './helpers/fixtures'
import { makeWav, type Encoding } from './fixtures/decode/wav'

const FIXTURES = join(REPO, 'test', 'fixtures', 'decode')
afterAll(removeTempDirs)

async function decodeAll(path: string) {
  const blocks: Float32Array[] = []
  const info = await decodeFile(path, (samples) => blocks.push(samples.slice()))
  const samples = new Float32Array(blocks.reduce((n, b) => n + b.length, 0))
  let at = 0
  for (const block of blocks) samples.set(block, at), (at += block.length)
  return { info, samples }
}

/** Frequency from rising zero crossings over the middle of the signal (avoids edges). */
function frequencyOf(samples: Float32Array, rate = TARGET_RATE): number {
  const from = Math.floor(samples.length * 0.2)
  const to = Math.floor(samples.length * 0.8)
  let first = -1
  let last = -1
  let count = 0
  for (let i = from + 1; i < to; i++) {
    if (samples[i - 1] < 0 && samples[i] >= 0) {
      const t = i - 1 + samples[i - 1] / (samples[i - 1] - samples[i])
      if (first < 0) first = t
      else count++
      last = t
    }
  }
  return count > 0 ? (count * rate) / (last - first) : 0
}

function rms(samples: Float32Array): number {
  const from = Math.floor(samples.length * 0.2)
  const to = Math.floor(samples.length * 0.8)
  let sum = 0
  for (let i = from; i < to; i++) sum += samples[i] * samples[i]
  return Math.sqrt(sum / (to - from))
}

describe('compressed formats (fixtures made by test/fixtures/decode/make.py)', () => {
  const cases = [
    { file: 'tone-48k-stereo.flac', format: 'flac', rate: 48000, channels: 2, seconds: 0.5, freq: 440 },
    { file: 'tone-44k-6ch.ogg', format: 'ogg-vorbis', rate: 44100, channels: 6, seconds: 0.5, freq: 440 },
    // mpg123 always hands out two channels.
    { file: 'tone-22k-mono.mp3', format: 'mp3', rate: 22050, channels: 2, seconds: 1, freq: 1000 },
    { file: 'tone-48k-stereo.opus', format: 'ogg-opus', rate: 48000, channels: 2, seconds: 1, freq: 440 },
  ]
  for (const c of cases) {
    it(`${c.file}: ${c.format}, ${c.channels} ch at ${c.rate} Hz -> mono 44.1 kHz`, async () => {
      const { info, samples } = await decodeAll(join(FIXTURES, c.file))
      expect(info.format).toBe(c.format)
      expect(info.sampleRate).toBe(c.rate)
      expect(info.channels).toBe(c.channels)
      // MP3 and Opus add encoder delay/padding: allow 0.1 s.
      expect(info.durationSec).toBeGreaterThan(c.seconds - 0.01)
      expect(info.durationSec).toBeLessThan(c.seconds + 0.1)
      expect(Math.abs(samples.length - info.durationSec * TARGET_RATE)).toBeLessThanOrEqual(2)
      expect(frequencyOf(samples)).toBeCloseTo(c.freq, -0.5)
      // Every channel holds the same 0.5-amplitude sine: the mean keeps it.
      expect(rms(samples)).toBeGreaterThan(0.28)
      expect(rms(samples)).toBeLessThan(0.4)
    })
  }
  it('finds the format from the bytes, not the name', async () => {
    const dir = tempDir()
    const renamed = join(dir, 'really-flac.mp3')
    writeFileSync(renamed, readFileSync(join(FIXTURES, 'tone-48k-stereo.flac')))
    expect((await decodeAll(renamed)).info.format).toBe('flac')
  })
})

describe('WAV', () => {
  const encodings: [string, Encoding][] = [
    ['8-bit', { bits: 8 }],
    ['16-bit', { bits: 16 }],
    ['24-bit', { bits: 24 }],
    ['32-bit int', { bits: 32 }],
    ['32-bit float', { bits: 32, float: true }],
    ['64-bit float', { bits: 64, float: true }],
    ['extensible 24-bit', { bits: 24, extensible: true }],
    ['extensible float', { bits: 32, float: true, extensible: true }],
  ]
  for (const [name, encoding] of encodings) {
    it(`${name} PCM`, async () => {
      const path = makeWav(join(tempDir(), 'a.wav'), 44100, 1, 0.5, encoding)
      const { info, samples } = await decodeAll(path)
      expect(info).toMatchObject({ format: 'wav', sampleRate: 44100, channels: 1 })
      expect(samples.length).toBe(22050)
      expect(frequencyOf(samples)).toBeCloseTo(440, 0)
      expect(rms(samples)).toBeCloseTo(0.5 / Math.SQRT2, 2)
    })
  }
  for (const rate of [8000, 22050, 48000, 96000]) {
    it(`${rate} Hz resampled to 44.1 kHz keeps duration and pitch`, async () => {
      const path = makeWav(join(tempDir(), 'r.wav'), rate, 2, 1)
      const { info, samples } = await decodeAll(path)
      expect(info.sampleRate).toBe(rate)
      expect(info.durationSec).toBeCloseTo(1, 6)
      expect(samples.length).toBe(44100)
      expect(frequencyOf(samples)).toBeCloseTo(440, 0)
      expect(rms(samples)).toBeCloseTo(0.5 / Math.SQRT2, 2)
    })
  }
  it('downmixes six channels to their mean', async () => {
    // Channels 0-2 hold +0.3, channels 3-5 hold -0.1: the mean is 0.1.
    const path = makeWav(join(tempDir(), 'six.wav'), 44100, 6, 0.2, { bits: 16 }, (_i, c) => (c < 3 ? 0.3 : -0.1))
    const { info, samples } = await decodeAll(path)
    expect(info.channels).toBe(6)
    expect(samples[1000]).toBeCloseTo(0.1, 3)
  })
  it('reads a truncated data chunk, with a warning', async () => {
    const path = makeWav(join(tempDir(), 't.wav'), 44100, 1, 1)
    const bytes = readFileSync(path)
    writeFileSync(path, bytes.subarray(0, bytes.length - 44100))
    const { info, samples } = await decodeAll(path)
    expect(samples.length).toBe(44100 - 22050)
    expect(info.warnings.join()).toMatch(/truncated/)
  })
})

describe('damaged files', () => {
  const damaged = (file: string, damage: (bytes: Buffer) => Buffer) => {
    const path = join(tempDir(), `damaged-${file}`)
    writeFileSync(path, damage(Buffer.from(readFileSync(join(FIXTURES, file)))))
    return decodeFile(path, () => {}).then(
      (info) => ({ seconds: info.durationSec, warnings: info.warnings.join(' '), error: null }),
      (error: Error) => ({ seconds: 0, warnings: '', error: error instanceof DecodeError ? error.message : `not a DecodeError: ${error.message}` }),
    )
  }
  const half = (bytes: Buffer) => bytes.subarray(0, Math.floor(bytes.length / 2))
  const scribble = (bytes: Buffer) => {
    for (let i = Math.floor(bytes.length * 0.4); i < bytes.length * 0.6; i++) bytes[i] = (i * 7919) & 255
    return bytes
  }
  it('a truncated FLAC decodes what is there and says how much its header declared', async () => {
    const result = await damaged('tone-48k-stereo.flac', half)
    expect(result.seconds).toBeGreaterThan(0.1)
    expect(result.seconds).toBeLessThan(0.4)
    expect(result.warnings).toMatch(/truncated or damaged file: 0\.\d s decoded of the 0\.5 s/)
  })
  it('a truncated Ogg Opus file decodes its whole pages, not the cut one (which the decoder would turn into seconds of noise)', async () => {
    const result = await damaged('tone-48k-stereo.opus', half)
    expect(result.error).toBeNull()
    expect(result.seconds).toBeGreaterThan(0.2)
    expect(result.seconds).toBeLessThan(0.6)
    expect(result.warnings).toMatch(/truncated file \(the last Ogg page is cut short\)/)
  })
  it('scribbled-over data: a readable error or a warning, never a crash or a hang', async () => {
    // Opus: the corrupt packets are skipped, and so is what broke the pages' framing.
    const opus = await damaged('tone-48k-stereo.opus', scribble)
    expect(opus.error).toBeNull()
    expect(opus.warnings).toMatch(/corrupt ogg-opus frames? skipped .*OPUS_INVALID_PACKET/)
    expect((await damaged('tone-44k-6ch.ogg', scribble)).error).toMatch(/^no audio could be decoded \(ogg-vorbis: .*corrupt/)
    expect((await damaged('tone-48k-stereo.flac', scribble)).warnings).toMatch(/truncated or damaged/)
    const mp3 = await damaged('tone-22k-mono.mp3', scribble)
    expect(mp3.error).toBeNull()
    expect(mp3.seconds).toBeGreaterThan(0.3)
  })
})

describe('not audio we read', () => {
  const bad = async (name: string, bytes: Buffer | string) => {
    const path = join(tempDir(), name)
    writeFileSync(path, bytes)
    return decodeFile(path, () => {}).then(
      () => 'decoded',
      (error: Error) => (error instanceof DecodeError ? error.message : `not a DecodeError: ${error.message}`),
    )
  }
  it('names each problem', async () => {
    expect(await bad('empty.wav', '')).toMatch(/empty file/)
    expect(await bad('notes.mp3', 'these are my notes about the song\n')).toMatch(/unsupported format.*text/)
    const m4a = Buffer.alloc(64)
    m4a.write('ftypM4A ', 4, 'latin1')
    expect(await bad('song.m4a', m4a)).toMatch(/unsupported format.*MP4/)
    expect(await bad('adts.aac', Buffer.from([0xff, 0xf1, 0x50, 0x80, 0, 0, 0, 0]))).toMatch(/unsupported format.*AAC/)
    expect(await bad('noise.bin', Buffer.from([1, 2, 3, 4, 5, 0, 0, 0, 250, 251]))).toMatch(/unsupported format/)
    const header = readFileSync(join(FIXTURES, 'tone-48k-stereo.flac')).subarray(0, 100)
    expect(await bad('cut.flac', header)).toMatch(/no audio could be decoded|corrupt/)
    expect(await decodeFile('/nonexistent/file.wav', () => {}).catch((e: Error) => e.message)).toMatch(/does not exist/)
  })
})
