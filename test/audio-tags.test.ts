// Tags as music-metadata reads them: Vorbis comments (FLAC, Ogg Vorbis, Ogg Opus), ID3v1 and
// ID3v2 (MP3, and the decoder still finds the audio after an ID3v2 tag), RIFF INFO (WAV).
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { decodeFile } from '../src-main/audio/decode'
import { readTags } from '../src-main/audio/tags'
import { REPO, removeTempDirs, tempDir } from './helpers/fixtures'
import { makeWav } from './fixtures/decode/wav'
import { wavTones } from './helpers/media'

const FIXTURES = join(REPO, 'test', 'fixtures', 'decode')
// What test/fixtures/decode/make.py writes into every compressed fixture.
const MADE = { title: 'Tone für 歌', artist: 'Test Ensemble', year: 1999 }
afterAll(removeTempDirs)

function id3v2(version: 3 | 4, frames: [string, number, string][]): Buffer {
  const body = Buffer.concat(
    frames.map(([id, encoding, text]) => {
      const content = encoding === 1 ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]) : Buffer.from(text, encoding === 3 ? 'utf8' : 'latin1')
      const payload = Buffer.concat([Buffer.from([encoding]), content])
      const header = Buffer.alloc(10)
      header.write(id, 0, 'latin1')
      if (version === 4) for (let i = 0; i < 4; i++) header[4 + i] = (payload.length >> (21 - 7 * i)) & 0x7f
      else header.writeUInt32BE(payload.length, 4)
      return Buffer.concat([header, payload])
    }),
  )
  const padded = Buffer.concat([body, Buffer.alloc(64)])
  const header = Buffer.from([0x49, 0x44, 0x33, version, 0, 0, 0, 0, 0, 0])
  for (let i = 0; i < 4; i++) header[6 + i] = (padded.length >> (21 - 7 * i)) & 0x7f
  return Buffer.concat([header, padded])
}

describe('readTags', () => {
  for (const file of ['tone-48k-stereo.flac', 'tone-44k-6ch.ogg', 'tone-48k-stereo.opus', 'tone-22k-mono.mp3']) {
    it(`${file}: title, artist and year`, async () => {
      expect(await readTags(join(FIXTURES, file))).toEqual(MADE)
    })
  }
  it('ID3v2.3 (UTF-16) and ID3v2.4 (UTF-8) before MPEG audio, which still decodes', async () => {
    const mp3 = readFileSync(join(FIXTURES, 'tone-22k-mono.mp3'))
    const dir = tempDir()
    const v3 = join(dir, 'v3.mp3')
    writeFileSync(v3, Buffer.concat([id3v2(3, [['TIT2', 1, 'Песня'], ['TPE1', 0, 'Björk'], ['TYER', 0, '1977']]), mp3]))
    expect(await readTags(v3)).toEqual({ title: 'Песня', artist: 'Björk', year: 1977 })
    const v4 = join(dir, 'v4.mp3')
    writeFileSync(v4, Buffer.concat([id3v2(4, [['TDRC', 3, '2003-05-01'], ['TIT2', 3, '曲 "quoted"'], ['TPE1', 3, 'A & B']]), mp3]))
    expect(await readTags(v4)).toEqual({ title: '曲 "quoted"', artist: 'A & B', year: 2003 })
    const info = await decodeFile(v4, () => {})
    expect(info.format).toBe('mp3')
    expect(info.durationSec).toBeGreaterThan(0.95)
  })
  it('WAV LIST/INFO', async () => {
    // A plain WAV: makeWav's own test LIST chunk is malformed, which makes music-metadata read no tags at all.
    const path = join(tempDir(), 'tagged.wav')
    writeFileSync(path, wavTones(0.1, [440], [0.5], 44100))
    const bytes = readFileSync(path)
    const entry = (key: string, text: string) => {
      const value = Buffer.concat([Buffer.from(text, 'utf8'), Buffer.alloc(1)])
      const header = Buffer.alloc(8)
      header.write(key, 0, 'latin1')
      header.writeUInt32LE(value.length, 4)
      return Buffer.concat([header, value, value.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)])
    }
    const info = Buffer.concat([Buffer.from('INFO'), entry('INAM', 'Summertime'), entry('IART', 'Ella'), entry('ICRD', '1958')])
    const list = Buffer.alloc(8)
    list.write('LIST', 0, 'latin1')
    list.writeUInt32LE(info.length, 4)
    const tagged = Buffer.concat([bytes.subarray(0, 12), list, info, bytes.subarray(12)])
    tagged.writeUInt32LE(tagged.length - 8, 4)
    writeFileSync(path, tagged)
    expect(await readTags(path)).toEqual({ title: 'Summertime', artist: 'Ella', year: 1958 })
    expect((await decodeFile(path, () => {})).durationSec).toBeCloseTo(0.1, 3)
  })
  it('no tags, no file, garbage: all null, never a throw', async () => {
    const none = { title: null, artist: null, year: null }
    expect(await readTags(makeWav(join(tempDir(), 'plain.wav'), 44100, 1, 0.1))).toEqual(none)
    expect(await readTags('/nonexistent.mp3')).toEqual(none)
    const junk = join(tempDir(), 'junk.flac')
    writeFileSync(junk, Buffer.concat([Buffer.from('fLaC'), Buffer.from([0x84, 0xff, 0xff, 0xff, 1, 2, 3])]))
    expect(await readTags(junk)).toEqual(none)
  })
})
