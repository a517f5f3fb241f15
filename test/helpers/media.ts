// Audio files for tests: a real PCM WAV of tones (Chromium plays it), and the first bytes of
// the other formats Refrain recognises by their magic bytes.

/**
 * A 16-bit mono PCM WAV: `seconds` of a tone that steps through `freqs` (one per equal slice),
 * each slice at its own loudness from `levels` (so the waveform shows where one ends).
 */
export function wavTones(seconds: number, freqs: number[] = [440, 554.37, 659.25, 880], levels: number[] = [0.5], sampleRate = 22050): Buffer {
  const samples = Math.round(seconds * sampleRate)
  const data = Buffer.alloc(samples * 2)
  for (let i = 0; i < samples; i++) {
    const slice = Math.min(freqs.length - 1, Math.floor((i / samples) * freqs.length))
    const level = levels[slice % levels.length]!
    const envelope = Math.min(1, i / 200, (samples - i) / 200)
    data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * freqs[slice]! * i) / sampleRate) * level * envelope * 32767), i * 2)
  }
  const header = Buffer.alloc(44)
  header.write('RIFF', 0, 'ascii')
  header.writeUInt32LE(36 + data.length, 4)
  header.write('WAVE', 8, 'ascii')
  header.write('fmt ', 12, 'ascii')
  header.writeUInt32LE(16, 16)
  header.writeUInt16LE(1, 20) // PCM
  header.writeUInt16LE(1, 22) // mono
  header.writeUInt32LE(sampleRate, 24)
  header.writeUInt32LE(sampleRate * 2, 28) // byte rate
  header.writeUInt16LE(2, 32) // block align
  header.writeUInt16LE(16, 34) // bits per sample
  header.write('data', 36, 'ascii')
  header.writeUInt32LE(data.length, 40)
  return Buffer.concat([header, data])
}

/** A FLAC stream head: "fLaC" and a STREAMINFO block saying `totalSamples` at `sampleRate`. */
export function flacHead(sampleRate: number, totalSamples: number): Buffer {
  const info = Buffer.alloc(34)
  info.writeUInt16BE(4096, 0)
  info.writeUInt16BE(4096, 2)
  // sample rate (20 bits) | channels-1 (3 bits) | bits-1 (5 bits) | total samples (36 bits)
  info[10] = (sampleRate >> 12) & 0xff
  info[11] = (sampleRate >> 4) & 0xff
  info[12] = ((sampleRate & 0x0f) << 4) | (1 << 1) // 2 channels, bits per sample high bit 0
  info[13] = (15 << 4) | Math.floor(totalSamples / 2 ** 32) // 16 bits per sample
  info.writeUInt32BE(totalSamples % 2 ** 32, 14)
  const blockHeader = Buffer.from([0x80, 0, 0, 34]) // last block, STREAMINFO, length 34
  return Buffer.concat([Buffer.from('fLaC', 'ascii'), blockHeader, info, Buffer.alloc(64)])
}

function oggPage(granule: bigint, payload: Buffer, flags = 0): Buffer {
  const header = Buffer.alloc(27 + 1)
  header.write('OggS', 0, 'ascii')
  header[5] = flags
  header.writeBigInt64LE(granule, 6)
  header.writeUInt32LE(1, 14) // serial
  header[26] = 1 // one segment
  header[27] = payload.length
  return Buffer.concat([header, payload])
}

/** A comment header's body: an empty vendor string and no comments. */
const NO_COMMENTS = Buffer.alloc(8)

/** An Ogg Opus stream's pages, enough for the MIME type and duration (no audio that decodes). */
export function oggOpus(seconds: number, preSkip = 312): Buffer {
  const head = Buffer.alloc(19)
  head.write('OpusHead', 0, 'ascii')
  head[8] = 1
  head[9] = 2
  head.writeUInt16LE(preSkip, 10)
  head.writeUInt32LE(48000, 12)
  const tags = Buffer.concat([Buffer.from('OpusTags'), NO_COMMENTS])
  return Buffer.concat([oggPage(0n, head, 2), oggPage(0n, tags, 0), oggPage(BigInt(Math.round(seconds * 48000) + preSkip), Buffer.alloc(10), 4)])
}

/** An Ogg Vorbis stream's identification and comment headers and a last page. */
export function oggVorbis(seconds: number, rate = 44100): Buffer {
  const id = Buffer.alloc(30)
  id[0] = 1
  id.write('vorbis', 1, 'ascii')
  id.writeUInt32LE(0, 7)
  id[11] = 2
  id.writeUInt32LE(rate, 12)
  id[29] = 1 // framing bit
  const comments = Buffer.concat([Buffer.from('\x03vorbis', 'latin1'), NO_COMMENTS, Buffer.from([1])])
  return Buffer.concat([oggPage(0n, id, 2), oggPage(0n, comments, 0), oggPage(BigInt(Math.round(seconds * rate)), Buffer.alloc(10), 4)])
}

/** An MP3 that starts with an ID3v2 tag. */
export function mp3Head(): Buffer {
  return Buffer.concat([Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x00', 'latin1'), Buffer.from([0xff, 0xfb, 0x90, 0x64]), Buffer.alloc(400)])
}
