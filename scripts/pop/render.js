// A planned version to a WAV file: its MIDI rendered with the planned soundfont, noise mixed in
// at the planned SNR, peak-normalised; written under another name and renamed, so a killed build
// never leaves half a clip to import.
import { mkdirSync, renameSync } from 'node:fs'
import { dirname } from 'node:path'
import { normalizePeak, SF2_MAIN, SF2_SECOND, synthesize } from '../demo/render.js'
import { writeMonoWav } from '../demo/wav.js'
import { arrange } from './arrange.js'
import { mixNoise } from './noise.js'

export async function renderVersion(song, v, dest, seed) {
  const { midi, duration } = arrange(song, v)
  const sf2 = v.soundfont === 'TimGM6mb' ? SF2_SECOND : SF2_MAIN
  mkdirSync(dirname(dest), { recursive: true })
  const { samples, rate } = await synthesize(midi, sf2, duration, `${dest}.render`)
  if (v.noise) mixNoise(samples, v.noise, seed, v.file)
  writeMonoWav(`${dest}.part`, normalizePeak(samples), rate)
  renameSync(`${dest}.part`, dest)
}
