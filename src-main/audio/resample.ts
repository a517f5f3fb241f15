// A streaming band-limited resampler (windowed sinc, Kaiser window) for any pair of rates.
//
// Quality: the kernel spans HALF_ZEROS zero crossings on each side of the sinc, windowed by a
// Kaiser window (beta 8.5), tabulated at TABLE_STEPS points per zero crossing and linearly
// interpolated. The cutoff sits at ROLLOFF (0.92) of the lower Nyquist frequency, so 48 kHz ->
// 44.1 kHz passes up to ~20.3 kHz, and the stopband starts at that Nyquist frequency. Measured by
// test/audio-resample.test.ts: a sine keeps its frequency; a 30 kHz tone resampled from 96 kHz
// (which would alias to 14.1 kHz) comes out more than 70 dB below the input level.
// Cost: about 2 * HALF_ZEROS / min(1, out/in) multiply-adds per output sample, from a polyphase
// filter bank for rational ratios (48k, 96k, 22.05k, 8k...), ~1-2 % of real time on one core.

const HALF_ZEROS = 16
const TABLE_STEPS = 512
const KAISER_BETA = 8.5
const ROLLOFF = 0.92
const MAX_PHASES = 4096

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b]
  return a
}

function besselI0(x: number): number {
  let sum = 1
  let term = 1
  for (let k = 1; k < 50; k++) {
    term *= (x / (2 * k)) ** 2
    sum += term
    if (term < 1e-12 * sum) break
  }
  return sum
}

let table: Float64Array | null = null
/** sinc(u) * kaiser(u / HALF_ZEROS) for u in [0, HALF_ZEROS], TABLE_STEPS points per unit (plus a guard). */
function kernelTable(): Float64Array {
  if (table) return table
  const size = HALF_ZEROS * TABLE_STEPS + 2
  table = new Float64Array(size)
  const norm = besselI0(KAISER_BETA)
  for (let i = 0; i < size; i++) {
    const u = i / TABLE_STEPS
    if (u >= HALF_ZEROS) {
      table[i] = 0
      continue
    }
    const sinc = u === 0 ? 1 : Math.sin(Math.PI * u) / (Math.PI * u)
    const r = u / HALF_ZEROS
    table[i] = (sinc * besselI0(KAISER_BETA * Math.sqrt(1 - r * r))) / norm
  }
  return table
}

export interface Resampler {
  push(input: Float32Array): Float32Array
  /** Flushes the tail: the output then holds round(inputLength * outRate / inRate) samples in all. */
  end(): Float32Array
}

export function createResampler(inRate: number, outRate: number): Resampler {
  if (!(inRate > 0) || !(outRate > 0)) throw new Error(`cannot resample from ${inRate} Hz to ${outRate} Hz`)
  if (inRate === outRate) {
    return { push: (input) => input.slice(), end: () => new Float32Array(0) }
  }
  const kernel = kernelTable()
  // Cutoff in cycles per input sample; the kernel is h(d) = 2c sinc(2c d) w(d).
  const c = 0.5 * Math.min(1, outRate / inRate) * ROLLOFF
  const twoC = 2 * c
  const reach = HALF_ZEROS / twoC // input samples on each side
  const span = Math.ceil(reach) + 1
  // buffer holds input samples from absolute index bufStart; indices below 0 are silence.
  let buffer = new Float32Array(4096)
  let bufStart = -span
  let bufLength = span // the leading silence
  let inputTotal = 0
  let produced = 0 // output samples so far

  const append = (input: Float32Array) => {
    if (bufLength + input.length > buffer.length) {
      const grown = new Float32Array(Math.max(buffer.length * 2, bufLength + input.length))
      grown.set(buffer.subarray(0, bufLength))
      buffer = grown
    }
    buffer.set(input, bufLength)
    bufLength += input.length
  }

  // Rational rates (all the usual ones) get a polyphase filter bank: one precomputed set of
  // taps per output phase, so each output sample is a plain dot product. Rates whose reduced
  // ratio has more than MAX_PHASES phases interpolate the tabulated kernel instead.
  const g = gcd(inRate, outRate)
  const up = outRate / g // phases
  const down = inRate / g
  const taps = 2 * span
  let bank: Float32Array | null = null
  if (Number.isInteger(up) && Number.isInteger(down) && up <= MAX_PHASES) {
    bank = new Float32Array(up * taps)
    for (let p = 0; p < up; p++) {
      const frac = p / up
      for (let j = 0; j < taps; j++) {
        const d = frac + span - 1 - j // distance from the output position to input base - span + 1 + j
        const u = Math.abs(d) * twoC * TABLE_STEPS
        const i = u | 0
        bank[p * taps + j] = i + 1 < kernel.length ? twoC * (kernel[i] + (kernel[i + 1] - kernel[i]) * (u - i)) : 0
      }
    }
  }

  const run = (limit: number): Float32Array => {
    // Output n sits at input position n * inRate / outRate and needs input up to pos + reach.
    const bufEnd = bufStart + bufLength
    const room = Math.max(0, Math.ceil(((bufEnd - span) * outRate) / inRate) - produced + 2)
    const out = new Float32Array(Math.min(room, Math.max(0, limit - produced)))
    let count = 0
    if (bank) {
      const filters = bank
      while (produced < limit && count < out.length) {
        const base = Math.floor((produced * down) / up)
        if (base + span >= bufEnd) break
        const phase = (produced * down) % up
        const offset = phase * taps
        const start = base - span + 1 - bufStart
        let acc = 0
        for (let j = 0; j < taps; j++) acc += buffer[start + j] * filters[offset + j]
        out[count++] = acc
        produced++
      }
    } else {
      for (;;) {
        if (produced >= limit || count >= out.length) break
        const pos = (produced * inRate) / outRate
        if (Math.floor(pos) + span >= bufEnd) break
        const first = Math.max(Math.ceil(pos - reach), bufStart)
        const last = Math.min(Math.floor(pos + reach), bufEnd - 1)
        let acc = 0
        for (let k = first; k <= last; k++) {
          const u = Math.abs(pos - k) * twoC * TABLE_STEPS
          const i = u | 0
          const frac = u - i
          const h = kernel[i] + (kernel[i + 1] - kernel[i]) * frac
          acc += buffer[k - bufStart] * h
        }
        out[count++] = acc * twoC
        produced++
      }
    }
    // Drop input no later output needs.
    const keepFrom = Math.floor((produced * inRate) / outRate) - span
    const drop = Math.min(Math.max(0, keepFrom - bufStart), bufLength)
    if (drop > 0) {
      buffer.copyWithin(0, drop, bufLength)
      bufLength -= drop
      bufStart += drop
    }
    return out.subarray(0, count)
  }

  return {
    push(input) {
      inputTotal += input.length
      append(input)
      return run(Number.POSITIVE_INFINITY)
    },
    end() {
      append(new Float32Array(span + 2))
      const total = Math.round((inputTotal * outRate) / inRate)
      return run(total)
    },
  }
}
