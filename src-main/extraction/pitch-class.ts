// Harmonic pitch class profile (HPCP) of one frame's spectral peaks, after Gómez (2006),
// "Tonal description of music audio signals", ch. 3: each peak adds its squared magnitude,
// weighted by a squared-cosine window of HPCP_WINDOW_SIZE semitones around each pitch-class bin,
// to the bins of its own pitch class and of the pitch classes of the fundamentals it could be a
// harmonic of (f/2, f/3, ... f/(HPCP_HARMONICS+1)), with a weight that decreases with the
// harmonic number.
//
// Harmonic weighting (characterised from the reference implementation's outputs on single peaks):
// harmonic k has weight min(1, 2 / log2 k) (1 up to the 4th, 2/3 for the 8th); harmonics whose
// fundamentals share a pitch class exactly (k and 2k: an octave apart) add their weights before
// the square, so a peak contributes window(d) * (W * magnitude)^2 where W is the summed weight.
//
// Bands (bandPreset): peaks below HPCP_BAND_SPLIT_FREQUENCY build a low-band profile, the others a
// high-band one; each is normalised to a maximum of 1, the two are added, and the sum is
// normalised to a maximum of 1 (unitMax). A frame without peaks gives all zeros.
import {
  HPCP_BAND_PRESET,
  HPCP_BAND_SPLIT_FREQUENCY,
  HPCP_HARMONICS,
  HPCP_MAX_FREQUENCY,
  HPCP_MIN_FREQUENCY,
  HPCP_REFERENCE_FREQUENCY,
  HPCP_SIZE,
  HPCP_WINDOW_SIZE,
} from './parameters'

interface HarmonicGroup {
  /** Offset of the fundamental from the peak, in HPCP bins (negative: below), e.g. -12*log2(3). */
  offset: number
  /** Squared summed weight of the harmonics in this group. */
  weightSquared: number
}

/** Groups harmonics 1..harmonics+1 by odd part (k = m * 2^j share a pitch class). */
function harmonicGroups(harmonics: number, size: number): HarmonicGroup[] {
  const byOdd = new Map<number, number>()
  for (let k = 1; k <= harmonics + 1; k++) {
    let m = k
    while (m % 2 === 0) m /= 2
    const weight = k <= 4 ? 1 : Math.min(1, 2 / Math.log2(k))
    byOdd.set(m, (byOdd.get(m) ?? 0) + weight)
  }
  return [...byOdd].map(([m, w]) => ({ offset: -size * Math.log2(m), weightSquared: w * w }))
}

export class PitchClassProfile {
  private readonly groups: HarmonicGroup[]
  private readonly offsets: Float64Array
  private readonly weights: Float64Array
  private readonly low = new Float64Array(HPCP_SIZE)
  private readonly high = new Float64Array(HPCP_SIZE)
  private readonly halfWindow = (HPCP_WINDOW_SIZE * HPCP_SIZE) / 12 / 2

  constructor() {
    this.groups = harmonicGroups(HPCP_HARMONICS, HPCP_SIZE)
    this.offsets = Float64Array.from(this.groups, (g) => g.offset)
    this.weights = Float64Array.from(this.groups, (g) => g.weightSquared)
  }

  /** Computes the profile of the peaks [0, count) into out[at .. at + HPCP_SIZE). */
  compute(frequencies: Float64Array, magnitudes: Float64Array, count: number, out: Float32Array, at: number): void {
    const low = this.low
    const high = this.high
    low.fill(0)
    high.fill(0)
    const size = HPCP_SIZE
    const half = this.halfWindow
    const scale = Math.PI / (2 * half)
    const groupCount = this.offsets.length
    for (let p = 0; p < count; p++) {
      const f = frequencies[p]
      if (f < HPCP_MIN_FREQUENCY || f > HPCP_MAX_FREQUENCY) continue
      const a = magnitudes[p]
      const energy = a * a
      if (!(energy > 0)) continue
      const target = HPCP_BAND_PRESET && f < HPCP_BAND_SPLIT_FREQUENCY ? low : high
      const position = size * Math.log2(f / HPCP_REFERENCE_FREQUENCY)
      for (let g = 0; g < groupCount; g++) {
        const x = position + this.offsets[g]
        // Every bin whose centre lies strictly within half a window of x.
        const firstBin = Math.ceil(x - half)
        for (let bin = firstBin; bin - x < half; bin++) {
          const d = x - bin
          if (d >= half || d <= -half) continue
          const c = Math.cos(d * scale)
          const index = ((bin % size) + size) % size
          target[index] += c * c * this.weights[g] * energy
        }
      }
    }
    if (HPCP_BAND_PRESET) {
      let maxLow = 0
      let maxHigh = 0
      for (let i = 0; i < size; i++) {
        if (low[i] > maxLow) maxLow = low[i]
        if (high[i] > maxHigh) maxHigh = high[i]
      }
      const lowScale = maxLow > 0 ? 1 / maxLow : 0
      const highScale = maxHigh > 0 ? 1 / maxHigh : 0
      for (let i = 0; i < size; i++) high[i] = low[i] * lowScale + high[i] * highScale
    }
    let max = 0
    for (let i = 0; i < size; i++) if (high[i] > max) max = high[i]
    const norm = max > 0 ? 1 / max : 0
    for (let i = 0; i < size; i++) out[at + i] = high[i] * norm
  }
}
