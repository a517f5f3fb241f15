// Spectral whitening of the peaks: each peak's level is taken relative to a spectral envelope,
// in dB, so that strong and weak regions of the spectrum weigh alike in the HPCP: a peak at the
// envelope comes out at 0 dB, a minor peak between strong ones well below.
//
// The reference implementation's documentation describes its envelope only as "similar to the
// true envelope" of A. Röbel and X. Rodet, "Efficient spectral envelope estimation and its
// application to pitch shifting and envelope preservation", DAFx 2005: an envelope that rides
// on the spectral maxima rather than through their mean. Its exact rule is not documented; the
// one below was inferred from the reference's outputs on crafted spectra (a flat spectrum, one,
// two and three non-zero bins at chosen places and levels, bins over a floor, random spectra)
// and reproduces them to float precision:
//
// - The envelope is a break-point function, linear in dB between points every
//   ENVELOPE_STEP_HZ (0, 100, 200, ... Hz).
// - The point at p Hz summarises the spectrum in the bins strictly between
//   lo = round(BAND_LOW p / binWidth) and hi = round(BAND_HIGH p / binWidth) (widened to at
//   least 2 MIN_HALF_WIDTH bins around their midpoint near 0 Hz, clipped at bin 0). Each bin b
//   there has a weight w(b) = (1 - |b - c| / h)^4, c and h the middle and half-width of
//   (lo, hi): a triangle to the fourth power. With the power spectrum P = |X|^2 the point's
//   level is the power-weighted mean power
//       envelope(p)^2 = sum w P^2 / sum w P,
//   which lies between the band's mean and its maximum, closer to the maximum the more one
//   bin dominates (a lone bin over zeros gives exactly its own level; a flat spectrum its level).
//   A point is never below ENVELOPE_FLOOR_DB (-200 dB), which is also the level of a band of
//   zeros.
// - A peak of magnitude m at f Hz becomes r = m / envelope(f), capped at 1 (0 dB); if r is
//   FLOOR_DB or more below 1 it is dropped to -200 dB. Then every peak is attenuated by
//   DB_PER_HZ * f dB (0.005 dB per Hz: 17.5 dB at 3.5 kHz).
// - Peaks above WHITENING_LIMIT_HZ (1.2 maxFrequency minus one envelope step, where the
//   reference's break points end) are left unchanged; ours stop at 3500 Hz anyway.
//
// Cost per frame: the points needed by the frame's peaks (at most 37 for 100-3500 Hz), about
// 6000 multiply-adds over precomputed weights; nothing is allocated per frame.
import { BIN_WIDTH, SPECTRUM_SIZE, WHITENING_MAX_FREQUENCY } from './parameters'

const ENVELOPE_STEP_HZ = 100
const BAND_LOW = 0.66
const BAND_HIGH = 1.58
const MIN_HALF_WIDTH = 5
const FLOOR_DB = 30
const DROPPED_DB = -200
const DB_PER_HZ = 0.005
const ENVELOPE_FLOOR_DB = -200

/** Peaks above this frequency are left as they are. */
export const WHITENING_LIMIT_HZ = 1.2 * WHITENING_MAX_FREQUENCY - ENVELOPE_STEP_HZ
/** Break points 0 .. POINTS - 1: enough to interpolate at WHITENING_LIMIT_HZ. */
const POINTS = Math.floor(WHITENING_LIMIT_HZ / ENVELOPE_STEP_HZ) + 2

// Each point's band (bins first..last inclusive, those with non-zero weight) and weights, flat.
const first = new Int32Array(POINTS)
const last = new Int32Array(POINTS)
const weightAt = new Int32Array(POINTS)
const weightList: number[] = []
for (let p = 0; p < POINTS; p++) {
  const f = p * ENVELOPE_STEP_HZ
  let lo = Math.round((BAND_LOW * f) / BIN_WIDTH)
  let hi = Math.round((BAND_HIGH * f) / BIN_WIDTH)
  if (hi - lo < 2 * MIN_HALF_WIDTH) {
    const mid = Math.floor((lo + hi) / 2)
    lo = Math.max(0, mid - MIN_HALF_WIDTH)
    hi = mid + MIN_HALF_WIDTH
  }
  hi = Math.min(hi, SPECTRUM_SIZE)
  const centre = (lo + hi) / 2
  const half = (hi - lo) / 2
  first[p] = lo + 1
  last[p] = hi - 1
  weightAt[p] = weightList.length
  for (let b = lo + 1; b < hi; b++) {
    const t = 1 - Math.abs(b - centre) / half
    weightList.push(t * t * t * t)
  }
}
const weights = Float64Array.from(weightList)

/** The highest spectrum bin whitening reads. */
export const WHITENING_HIGHEST_BIN_READ = last[POINTS - 1]

// exp(-f * TILT) = 10^(-DB_PER_HZ f / 20)
const TILT = (DB_PER_HZ * Math.LN10) / 20
const FLOOR_RATIO = Math.pow(10, -FLOOR_DB / 20)
const DROPPED = Math.pow(10, DROPPED_DB / 20)
/** Natural log of the lowest envelope level, ENVELOPE_FLOOR_DB (also that of an all-zero band). */
const ENVELOPE_FLOOR_LOG = (ENVELOPE_FLOOR_DB / 20) * Math.LN10

/** Envelope points (natural log of the magnitude) and the power spectrum, reused across frames. */
const envelope = new Float64Array(POINTS)
const power = new Float64Array(WHITENING_HIGHEST_BIN_READ + 1)

/** Whitens `magnitudes[0..count)` of the peaks at `frequencies` in place, given the frame's magnitude spectrum. */
export function whitenPeaks(spectrum: Float64Array, frequencies: Float64Array, magnitudes: Float64Array, count: number): void {
  if (count === 0) return
  // The points the peaks fall between.
  let fMin = Infinity
  let fMax = -Infinity
  for (let i = 0; i < count; i++) {
    const f = frequencies[i]
    if (f > WHITENING_LIMIT_HZ) continue
    if (f < fMin) fMin = f
    if (f > fMax) fMax = f
  }
  if (fMax < 0) return
  const p0 = Math.max(0, Math.floor(fMin / ENVELOPE_STEP_HZ))
  const p1 = Math.min(POINTS - 1, Math.floor(fMax / ENVELOPE_STEP_HZ) + 1)
  const b0 = first[p0]
  const b1 = last[p1]
  for (let b = b0; b <= b1; b++) power[b] = spectrum[b] * spectrum[b]
  for (let p = p0; p <= p1; p++) {
    let num = 0
    let den = 0
    for (let b = first[p], k = weightAt[p]; b <= last[p]; b++, k++) {
      const wp = weights[k] * power[b]
      num += wp * power[b]
      den += wp
    }
    const level = den > 0 && num > 0 ? 0.5 * Math.log(num / den) : ENVELOPE_FLOOR_LOG
    envelope[p] = level > ENVELOPE_FLOOR_LOG ? level : ENVELOPE_FLOOR_LOG
  }
  for (let i = 0; i < count; i++) {
    const f = frequencies[i]
    if (f > WHITENING_LIMIT_HZ) continue
    const x = f / ENVELOPE_STEP_HZ
    const p = Math.floor(x)
    const t = x - p
    const env = Math.exp(envelope[p] + t * (envelope[p + 1] - envelope[p]))
    let ratio = magnitudes[i] / env
    if (ratio > 1) ratio = 1
    else if (ratio <= FLOOR_RATIO) ratio = DROPPED
    magnitudes[i] = ratio * Math.exp(-f * TILT)
  }
}
