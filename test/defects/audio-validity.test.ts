// Defect 5: a WAV whose header says 0 channels or 0 Hz was indexed as playable audio with no
// message, while `import` refused it. One rule now: the index refuses what the decoder refuses,
// with the decoder's words, and a WAV the decoder reads is indexed even where its metadata is odd.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { decodeFile } from '../../src-main/audio/decode'
import { openDb } from '../../src-main/index/db'
import { runIndex } from '../../src-main/index/indexer'
import { inspectAudioFile } from '../../src-main/media/audio'
import { removeTempDirs, tempDir } from '../helpers/fixtures'
import { wavTones } from '../helpers/media'
import { makeWav } from '../fixtures/decode/wav'

afterAll(removeTempDirs)

/** wavTones' 16-bit mono WAV with its header's channel count and sample rate overwritten. */
function wavSaying(channels: number, rate: number): Buffer {
  const bytes = wavTones(0.2)
  bytes.writeUInt16LE(channels, 22)
  bytes.writeUInt32LE(rate, 24)
  return bytes
}

const CASES = [
  ['zero-channels.wav', wavSaying(0, 22050), 'WAV header says 0 channels'],
  ['zero-hertz.wav', wavSaying(1, 0), 'unsupported WAV sample rate (0 Hz)'],
] as const

describe('one rule for what audio is, for import and index', () => {
  test('the decoder and the index refuse a WAV of 0 channels or 0 Hz with the same message', async () => {
    const dir = tempDir()
    for (const [name, bytes, message] of CASES) {
      const path = join(dir, name)
      writeFileSync(path, bytes)
      await expect(decodeFile(path, () => {}), name).rejects.toThrow(message)
      await expect(inspectAudioFile(path), name).rejects.toThrow(message)
    }
  })

  test('indexing a dataset with such files reports each by name and records no audio for them', async () => {
    const root = join(tempDir(), 'mine')
    const audio = join(root, 'mine_audio', 'W_1')
    mkdirSync(audio, { recursive: true })
    writeFileSync(join(audio, 'P_1.wav'), CASES[0][1])
    writeFileSync(join(audio, 'P_2.wav'), CASES[1][1])
    writeFileSync(join(audio, 'P_3.wav'), wavTones(0.5))
    // makeWav writes a malformed LIST chunk the decoder skips: still audio, with its duration.
    makeWav(join(audio, 'P_4.wav'), 44100, 2, 0.25)
    const db = openDb(join(root, '..', 'refrain.db'))
    try {
      const summary = await runIndex(db, { paths: [root] })
      const errors = summary.messages.filter((m) => m.level === 'error').map((m) => [m.file, m.message])
      expect(errors.sort()).toEqual([
        [join(audio, 'P_1.wav'), 'WAV header says 0 channels'],
        [join(audio, 'P_2.wav'), 'unsupported WAV sample rate (0 Hz)'],
      ])
      const media = db.prepare('SELECT p.perf_id AS perfId, m.mime, m.duration_sec AS seconds FROM media m JOIN performances p ON p.id = m.performance_row ORDER BY p.perf_id').all()
      expect(media).toEqual([
        { perfId: 'P_3', mime: 'audio/wav', seconds: 0.5 },
        { perfId: 'P_4', mime: 'audio/wav', seconds: 0.25 },
      ])
    } finally {
      db.close()
    }
  })
})
