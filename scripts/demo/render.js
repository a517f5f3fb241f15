// MIDI to audio with fluidsynth (-F, faster than real time), and the small job pool both
// builders render with. Developer tool only.
import { spawn } from 'node:child_process'
import { existsSync, rmSync, writeFileSync } from 'node:fs'
import { readWav } from './wav.js'

export const SF2_MAIN = '/usr/share/sounds/sf2/FluidR3_GM.sf2'
export const SF2_SECOND = '/usr/share/sounds/sf2/TimGM6mb.sf2'

export function run(cmd, args) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] })
    let err = ''
    child.stderr.on('data', (d) => (err += d))
    child.on('error', (e) => reject(e.code === 'ENOENT' ? new Error(`${cmd} is not installed (apt-get install fluidsynth)`) : e))
    child.on('close', (code) => (code === 0 ? resolvePromise() : reject(new Error(`${cmd} exited ${code}: ${err.slice(-500)}`))))
  })
}

/**
 * Renders MIDI bytes with `sf2` and returns mono samples cut to `seconds` plus half a second of
 * release, with a 50 ms fade-out (the cut would otherwise click). `base` is a scratch path
 * without extension; its .mid and .wav are removed afterwards.
 */
export async function synthesize(midiBytes, sf2, seconds, base) {
  if (!existsSync(sf2)) throw new Error(`${sf2} is missing (apt-get install fluid-soundfont-gm timgm6mb-soundfont)`)
  const mid = `${base}.mid`
  const raw = `${base}.wav`
  writeFileSync(mid, midiBytes)
  try {
    await run('fluidsynth', ['-ni', '-q', '-O', 'float', '-T', 'wav', '-r', '44100', '-g', '0.5', '-F', raw, sf2, mid])
    const { rate, channels } = readWav(raw)
    const mono = new Float32Array(channels[0].length)
    for (const ch of channels) for (let i = 0; i < mono.length; i++) mono[i] += ch[i] / channels.length
    const n = Math.min(mono.length, Math.round((seconds + 0.5) * rate))
    const out = mono.subarray(0, n)
    const fade = Math.round(0.05 * rate)
    for (let i = 0; i < fade && i < n; i++) out[n - 1 - i] *= i / fade
    return { samples: out, rate }
  } finally {
    rmSync(mid, { force: true })
    rmSync(raw, { force: true })
  }
}

/** Peak at -1 dBFS, so every clip uses the same range of the 16-bit file. */
export function normalizePeak(samples) {
  let peak = 0
  for (const x of samples) peak = Math.max(peak, Math.abs(x))
  const gain = peak > 0 ? 0.891 / peak : 1
  for (let i = 0; i < samples.length; i++) samples[i] *= gain
  return samples
}

/** Runs `fn` over `items`, `jobs` at a time; `label` names the progress line on a terminal. */
export async function pool(items, jobs, fn, label = 'rendered') {
  let next = 0
  let done = 0
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]
      await fn(item)
      done++
      if (process.stderr.isTTY) process.stderr.write(`\r${label} ${done}/${items.length}`)
    }
  }
  await Promise.all(Array.from({ length: jobs }, worker))
  if (process.stderr.isTTY && items.length) process.stderr.write('\n')
}
