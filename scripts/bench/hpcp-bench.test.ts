// HPCP extraction speed, ours against the reference implementation (essentia.js, WASM) on the
// same decoded audio (the committed test fixtures, 4 x 20 s), in seconds of audio per
// CPU-second (process.cpuUsage: user + system). Each side runs RUNS times; the best run counts.
// Writes its result as JSON to $HPCP_BENCH_OUT (read by scripts/bench.js).
import { writeFileSync } from 'node:fs'
import { it } from 'vitest'
import { extractHpcp } from '../../src-main/extraction/hpcp'
import { AUDIO_FIXTURES, loadFixture } from '../../test/extraction/audio'
import { referenceHpcp } from '../../test/extraction/reference'

const RUNS = 3

function cpuSeconds(run: () => void): number {
  const before = process.cpuUsage()
  run()
  const used = process.cpuUsage(before)
  return (used.user + used.system) / 1e6
}

it('HPCP extraction speed', async () => {
  const signals: Float32Array[] = []
  for (const name of AUDIO_FIXTURES) signals.push(await loadFixture(name))
  const audioSeconds = signals.reduce((s, x) => s + x.length, 0) / 44100
  // Warm up both (JIT, WASM instantiation) on one signal.
  extractHpcp(signals[0])
  referenceHpcp(signals[0])
  const ours: number[] = []
  const reference: number[] = []
  for (let r = 0; r < RUNS; r++) {
    ours.push(cpuSeconds(() => signals.forEach((s) => extractHpcp(s))))
    reference.push(cpuSeconds(() => signals.forEach((s) => referenceHpcp(s))))
  }
  const result = {
    audioSeconds,
    runs: RUNS,
    oursCpuSeconds: Math.min(...ours),
    referenceCpuSeconds: Math.min(...reference),
    oursAudioPerCpuSecond: audioSeconds / Math.min(...ours),
    referenceAudioPerCpuSecond: audioSeconds / Math.min(...reference),
  }
  if (process.env.HPCP_BENCH_OUT) writeFileSync(process.env.HPCP_BENCH_OUT, JSON.stringify(result))
  else console.log(JSON.stringify(result))
})
