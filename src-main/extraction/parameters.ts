// The HPCP extraction's parameters, each documented once in the style of the reference
// implementation's algorithm pages. They are fixed to the Da-TACOS / acoss extraction settings;
// values are "range; default" where the reference's default differs from what Da-TACOS uses.

/** Sampling rate of the input signal [Hz]. Range (0, ∞); Da-TACOS: 44100 (mono). */
export const SAMPLE_RATE = 44100

/** Frame size [samples]: the window and FFT length. Range [2, ∞), power of two here; Da-TACOS: 4096. */
export const FRAME_SIZE = 4096

/** Hop size [samples] between consecutive frames. Range [1, ∞); Da-TACOS: 512. */
export const HOP_SIZE = 512

/** Number of magnitude-spectrum bins: FRAME_SIZE / 2 + 1 (DC to Nyquist). */
export const SPECTRUM_SIZE = FRAME_SIZE / 2 + 1

/** Width of one spectrum bin [Hz]. */
export const BIN_WIDTH = SAMPLE_RATE / FRAME_SIZE

/**
 * Framing. startFromZero: false (the first frame is centred on sample 0, i.e. starts at
 * -FRAME_SIZE/2, the missing part zero-padded). validFrameThresholdRatio: 0 (a partial frame
 * at the end is never dropped, always zero-padded). lastFrameToEndOfFile: false.
 * With these, a signal of n > 0 samples gives ceil(n / HOP_SIZE) + 1 frames.
 */
export const FIRST_FRAME_OFFSET = -FRAME_SIZE / 2

/**
 * Window: blackmanharris62 (3-term Blackman-Harris, -62 dB side lobes), symmetric.
 * normalized: true (scaled so that its samples sum to 2: a full-scale sine then has a spectral
 * peak of about its amplitude). zeroPhase: true in the reference; it only rotates the frame,
 * which changes phases, not magnitudes, so it is not applied here. zeroPadding: 0.
 */
export const WINDOW_COEFFICIENTS = [0.44959, 0.49364, 0.05677] as const

/** SpectralPeaks magnitudeThreshold: peaks at or below this magnitude are not output. Range (-∞, ∞); default 0. */
export const PEAK_MAGNITUDE_THRESHOLD = 0
/** SpectralPeaks minFrequency [Hz]: lowest frequency searched. Range [0, ∞); default 0; Da-TACOS: 100. */
export const PEAK_MIN_FREQUENCY = 100
/** SpectralPeaks maxFrequency [Hz]: highest (interpolated) peak frequency kept. Range (0, ∞); default 5000; Da-TACOS: 3500. */
export const PEAK_MAX_FREQUENCY = 3500
/** SpectralPeaks maxPeaks: at most this many peaks, the lowest in frequency. Range [1, ∞); default 100. */
export const PEAK_MAX_PEAKS = 100
// SpectralPeaks orderBy: "frequency" (ascending), the default. Interpolation: parabolic (always on).

/** SpectralWhitening maxFrequency [Hz]. Range (0, ∞); default 5000; Da-TACOS: 3500. */
export const WHITENING_MAX_FREQUENCY = 3500

/** HPCP size: number of pitch-class bins. Range [12, ∞), multiple of 12; default 12. */
export const HPCP_SIZE = 12
/** HPCP referenceFrequency [Hz]: the centre of bin 0 (A4 = 440 Hz, so bin 0 is A, bin 3 is C). Range (0, ∞); default 440. */
export const HPCP_REFERENCE_FREQUENCY = 440
/** HPCP harmonics: how many harmonics above the fundamental each peak is taken to be (0: fundamental only). Range [0, ∞); default 0; Da-TACOS: 8. */
export const HPCP_HARMONICS = 8
/** HPCP bandPreset: compute a low and a high band separately, each normalised, then add them. Default true. */
export const HPCP_BAND_PRESET = true
/** HPCP bandSplitFrequency [Hz]: peaks below go to the low band, at or above to the high band. Range (0, ∞); default 500. */
export const HPCP_BAND_SPLIT_FREQUENCY = 500
/** HPCP minFrequency [Hz]: peaks below do not contribute. Range (0, ∞); default 40. */
export const HPCP_MIN_FREQUENCY = 40
/** HPCP maxFrequency [Hz]: peaks above do not contribute. Range (0, ∞); default 5000. */
export const HPCP_MAX_FREQUENCY = 5000
/** HPCP windowSize [semitones]: width of the squared-cosine weighting window around each bin. Range (0, 12]; default 1. */
export const HPCP_WINDOW_SIZE = 1
// HPCP weightType: "squaredCosine" (default; the Da-TACOS extraction uses it, so "none" and "cosine" are not offered).
// HPCP nonLinear: false (default). maxShifted: false (default). normalized: "unitMax" (default):
// each frame divided by its maximum, an all-zero frame stays all zero.
