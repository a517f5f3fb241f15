// Noise mixed into a rendered clip at a stated signal-to-noise ratio (the clip's own mean power
// against the noise's), seeded so a rebuild gives the same samples. White: Gaussian; pink: white
// through Paul Kellet's economy filter (-3 dB/octave within about 0.5 dB above 10 Hz at 44.1 kHz).
import { rng } from '../demo/random.js'

function gaussian(r) {
  const u = Math.max(r.next(), 1e-12)
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.next())
}

function noise(color, n, r) {
  const out = new Float32Array(n)
  let b0 = 0
  let b1 = 0
  let b2 = 0
  for (let i = 0; i < n; i++) {
    const w = gaussian(r)
    if (color === 'white') out[i] = w
    else if (color === 'pink') {
      b0 = 0.99765 * b0 + w * 0.099046
      b1 = 0.963 * b1 + w * 0.2965164
      b2 = 0.57 * b2 + w * 1.0526913
      out[i] = b0 + b1 + b2 + w * 0.1848
    } else throw new Error(`unknown noise colour ${color}`)
  }
  return out
}

const power = (x) => x.reduce((a, v) => a + v * v, 0) / Math.max(1, x.length)

/** Adds `color` noise to `samples` in place so that signal power / noise power = 10^(snrDb/10). */
export function mixNoise(samples, { color, snrDb }, seed, label) {
  const signal = power(samples)
  if (signal === 0) return samples
  const n = noise(color, samples.length, rng(seed, `noise:${label}`))
  const gain = Math.sqrt(signal / 10 ** (snrDb / 10) / power(n))
  for (let i = 0; i < samples.length; i++) samples[i] += gain * n[i]
  return samples
}
