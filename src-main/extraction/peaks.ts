// Spectral peak picking: local maxima of the magnitude spectrum between PEAK_MIN_FREQUENCY and
// PEAK_MAX_FREQUENCY, refined by parabolic interpolation through the maximum and its two
// neighbours (Smith & Serra's quadratic interpolation on the linear magnitudes), output in
// ascending frequency, at most PEAK_MAX_PEAKS (the lowest ones).
//
// Conventions (matching the reference implementation's documented parameters and its observed
// behaviour on crafted spectra):
// - the search starts at the first bin at or above minFrequency; that first bin counts as a
//   peak when it is above the next one, with no interpolation (it has no left neighbour);
// - a flat top (equal neighbouring bins) is a peak when the values rise before it and fall after
//   it; it is placed at the middle of the flat run, with the run's value;
// - a peak whose interpolated frequency is above maxFrequency is dropped;
// - a peak must be above PEAK_MAGNITUDE_THRESHOLD.
import {
  BIN_WIDTH,
  PEAK_MAGNITUDE_THRESHOLD,
  PEAK_MAX_FREQUENCY,
  PEAK_MAX_PEAKS,
  PEAK_MIN_FREQUENCY,
} from './parameters'

/** First bin searched. */
export const PEAK_FIRST_BIN = Math.ceil(PEAK_MIN_FREQUENCY / BIN_WIDTH)
/** Last bin that can hold a peak (one more than maxFrequency's bin: its interpolation may land below). */
export const PEAK_LAST_BIN = Math.floor(PEAK_MAX_FREQUENCY / BIN_WIDTH) + 1
/** The highest spectrum bin peak picking reads. */
export const PEAK_HIGHEST_BIN_READ = PEAK_LAST_BIN + 1

/**
 * Finds the peaks of `spectrum` (magnitudes), writing frequencies [Hz] and magnitudes into the
 * given arrays (length ≥ PEAK_MAX_PEAKS). Returns how many were found.
 */
export function findSpectralPeaks(spectrum: Float64Array, frequencies: Float64Array, magnitudes: Float64Array): number {
  let count = 0
  const first = PEAK_FIRST_BIN
  const last = PEAK_LAST_BIN
  const maxPosition = PEAK_MAX_FREQUENCY / BIN_WIDTH
  const threshold = PEAK_MAGNITUDE_THRESHOLD

  if (spectrum[first] > spectrum[first + 1] && spectrum[first] > threshold) {
    frequencies[count] = first * BIN_WIDTH
    magnitudes[count] = spectrum[first]
    count++
  }
  let i = first + 1
  while (i <= last && count < PEAK_MAX_PEAKS) {
    const v = spectrum[i]
    if (!(v > spectrum[i - 1])) {
      i++
      continue
    }
    const next = spectrum[i + 1]
    if (v > next) {
      // Strict local maximum: parabola through (i-1, i, i+1).
      const a = spectrum[i - 1]
      const denominator = a - 2 * v + next
      const offset = denominator === 0 ? 0 : (0.5 * (a - next)) / denominator
      const position = i + offset
      const height = v - 0.25 * (a - next) * offset
      if (position <= maxPosition && height > threshold) {
        frequencies[count] = position * BIN_WIDTH
        magnitudes[count] = height
        count++
      }
      i += 2
      continue
    }
    if (v === next) {
      // Flat top: find where it ends.
      let j = i + 1
      while (j < spectrum.length - 1 && spectrum[j + 1] === v) j++
      if (j + 1 < spectrum.length && spectrum[j + 1] < v) {
        const position = (i + j) / 2
        if (position <= maxPosition && v > threshold) {
          frequencies[count] = position * BIN_WIDTH
          magnitudes[count] = v
          count++
        }
      }
      i = j + 1
      continue
    }
    i++
  }
  return count
}
