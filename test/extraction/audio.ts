// Test fixtures for the HPCP extractor: the committed Opus excerpts (test/fixtures/audio),
// decoded with ogg-opus-decoder (48 kHz) and resampled once to 44.1 kHz, so that ours and the
// reference implementation receive exactly the same samples.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { OggOpusDecoder } from 'ogg-opus-decoder'

export const AUDIO_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'audio')
export const AUDIO_FIXTURES = [
  'bach-bwv858-vu.opus',
  'beethoven-sonata23-1-teo.opus',
  'haydn-sonata48-2-prjevalskaya.opus',
  'bach-bwv858-zhang-strings-up3.opus',
] as const

/** Rational resampler (windowed sinc, 32 taps) from `from` Hz to `to` Hz. Deterministic. */
export function resample(input: Float32Array, from: number, to: number): Float32Array {
  const length = Math.floor((input.length * to) / from)
  const out = new Float32Array(length)
  const ratio = from / to
  const cutoff = Math.min(1, to / from) * 0.97
  const half = 16
  for (let i = 0; i < length; i++) {
    const centre = i * ratio
    const first = Math.ceil(centre - half)
    let acc = 0
    for (let j = first; j < first + 2 * half; j++) {
      if (j < 0 || j >= input.length) continue
      const t = j - centre
      const x = Math.PI * t * cutoff
      const sinc = t === 0 ? 1 : Math.sin(x) / x
      const hann = 0.5 + 0.5 * Math.cos((Math.PI * t) / half)
      acc += input[j] * sinc * cutoff * hann
    }
    out[i] = acc
  }
  return out
}

/** Decodes a committed fixture to mono 44.1 kHz float32. */
export async function loadFixture(name: string): Promise<Float32Array> {
  const decoder = new OggOpusDecoder()
  await decoder.ready
  try {
    const decoded = await decoder.decodeFile(new Uint8Array(readFileSync(join(AUDIO_DIR, name))))
    const channels = decoded.channelData
    const mono = new Float32Array(channels[0].length)
    for (const channel of channels) for (let i = 0; i < mono.length; i++) mono[i] += channel[i] / channels.length
    return resample(mono, decoded.sampleRate, 44100)
  } finally {
    decoder.free()
  }
}
