// Spectral whitening of the peaks: each peak's level is taken relative to a spectral envelope,
// in dB, so that strong and weak regions of the spectrum weigh alike in the HPCP: a peak at the
// envelope comes out at 0 dB, a minor peak between strong ones well below.
//
// The reference implementation documents the envelope only as "similar to the true envelope"
// of Röbel & Rodet. Its behaviour was characterised here from its outputs on crafted spectra:
// - the envelope is a break-point function, linear in dB between points every
//   ENVELOPE_STEP_HZ; each point takes the largest magnitude of the spectrum in a band around
//   it, about ENVELOPE_BAND_LOW to ENVELOPE_BAND_HIGH times its frequency;
// - a peak is never above its envelope (it comes out at most at 0 dB), and a peak more than
//   FLOOR_DB below it is dropped to -200 dB (effectively zero);
// - on top of that every peak loses WHITENING_DB_PER_HZ (0.005 dB per Hz: 17.5 dB at 3.5 kHz);
// - peaks above WHITENING_LIMIT_HZ are left unchanged (ours stop at 3500 Hz anyway).
import { BIN_WIDTH, SPECTRUM_SIZE, WHITENING_MAX_FREQUENCY } from './parameters'

export const WHITENING_DB_PER_HZ = 0.005
export const WHITENING_LIMIT_HZ = WHITENING_MAX_FREQUENCY + 600
const ENVELOPE_STEP_HZ = 100
const ENVELOPE_BAND_LOW = 0.82
const ENVELOPE_BAND_HIGH = 1.4
const FLOOR_DB = 30
const POINTS = Math.ceil(WHITENING_LIMIT_HZ / ENVELOPE_STEP_HZ) + 2
/** The highest spectrum bin whitening reads. */
export const WHITENING_HIGHEST_BIN_READ = Math.min(SPECTRUM_SIZE - 1, Math.ceil((ENVELOPE_BAND_HIGH * POINTS * ENVELOPE_STEP_HZ) / BIN_WIDTH))
// exp(-f * TILT) = 10^(-0.005 f / 20)
const TILT = (WHITENING_DB_PER_HZ * Math.LN10) / 20
const FLOOR_RATIO = Math.pow(10, -FLOOR_DB / 20)
const DROPPED = 1e-10

const bandFirst = new Int32Array(POINTS)
const bandLast = new Int32Array(POINTS)
for (let p = 0; p < POINTS; p++) {
  const f = p * ENVELOPE_STEP_HZ
  const centre = Math.round(f / BIN_WIDTH)
  bandFirst[p] = Math.min(centre, Math.round((ENVELOPE_BAND_LOW * f) / BIN_WIDTH))
  bandLast[p] = Math.min(SPECTRUM_SIZE - 1, Math.max(centre, Math.round((ENVELOPE_BAND_HIGH * f) / BIN_WIDTH)))
}

/** Envelope break points (log magnitudes), reused across frames. */
const envelope = new Float64Array(POINTS)

/** Whitens `magnitudes[0..count)` of the peaks at `frequencies` in place, given the frame's magnitude spectrum. */
export function whitenPeaks(spectrum: Float64Array, frequencies: Float64Array, magnitudes: Float64Array, count: number): void {
  if (count === 0) return
  for (let p = 0; p < POINTS; p++) {
    let level = 0
    for (let b = bandFirst[p]; b <= bandLast[p]; b++) if (spectrum[b] > level) level = spectrum[b]
    envelope[p] = Math.log(level > 0 ? level : 1e-20)
  }
  for (let i = 0; i < count; i++) {
    const f = frequencies[i]
    if (f > WHITENING_LIMIT_HZ) continue
    const x = f / ENVELOPE_STEP_HZ
    const p = Math.floor(x)
    const t = x - p
    const env = Math.exp(envelope[p] * (1 - t) + envelope[p + 1] * t)
    let ratio = magnitudes[i] / env
    if (ratio > 1) ratio = 1
    else if (ratio <= FLOOR_RATIO) ratio = DROPPED
    magnitudes[i] = ratio * Math.exp(-f * TILT)
  }
}
