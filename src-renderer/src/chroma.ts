// Pure helpers for the chromagram view: decoding into one pitch order (C first, whatever the
// file's), statistics, colour map, labels and the reduction of a frame range to at most one
// column per device pixel.
import type { ChromaKind } from './types'

/** The chroma kinds, in the order every view offers them: what Compare and scoring align. */
export const CHROMA_KINDS: readonly ChromaKind[] = ['hpcp', 'crema', 'cens']

export interface Chroma {
  kind: ChromaKind
  frames: number
  bins: number
  frameRate: number
  /** frames × bins, frame-major. */
  values: Float32Array
  min: number
  max: number
  nonFinite: number
}

export function base64ToBytes(b64: string): Uint8Array {
  const fromBase64 = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array }).fromBase64
  if (typeof fromBase64 === 'function') return fromBase64(b64)
  const bin = atob(b64)
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

/** base64 of little-endian float32 → Float32Array (copied, aligned). */
export function decodeFloat32LE(b64: string): Float32Array {
  const bytes = base64ToBytes(b64)
  const n = bytes.byteLength >>> 2
  if (LITTLE_ENDIAN && bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, n)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const out = new Float32Array(n)
  for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, true)
  return out
}

/** Decodes a features.chroma answer into display order: bin 0 is C for every kind (see displayShift). */
export function toChroma(raw: { kind: ChromaKind; frames: number; bins: number; frameRate: number; data: string }): Chroma {
  const decoded = decodeFloat32LE(raw.data)
  const bins = Math.max(1, raw.bins)
  const frames = Math.min(raw.frames, Math.floor(decoded.length / bins))
  const values = decoded.subarray(0, frames * bins)
  let min = Infinity
  let max = -Infinity
  let nonFinite = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (Number.isFinite(v)) {
      if (v < min) min = v
      if (v > max) max = v
    } else nonFinite++
  }
  if (min === Infinity) {
    min = 0
    max = 1
  }
  const stored: Chroma = { kind: raw.kind, frames, bins, frameRate: raw.frameRate > 0 ? raw.frameRate : 44100 / 512, values, min, max, nonFinite }
  return transposeChroma(stored, displayShift(raw.kind, bins))
}

/**
 * The chromagram with every frame's bin b + shift moved to bin b (circularly): how the Compare
 * view shows the second performance in the first's key. Statistics are unchanged by a rotation.
 */
export function transposeChroma(c: Chroma, shift: number): Chroma {
  const { bins, values } = c
  const k = ((shift % bins) + bins) % bins
  if (k === 0) return c
  const rotated = new Float32Array(values.length)
  for (let base = 0; base < values.length; base += bins) {
    rotated.set(values.subarray(base + k, base + bins), base)
    rotated.set(values.subarray(base, base + k), base + bins - k)
  }
  return { ...c, values: rotated }
}

/**
 * Every chromagram is shown in one pitch order, C at the bottom up to B, whatever order its file
 * keeps. The Da-TACOS files differ: Essentia's HPCP (reference 440 Hz) puts A in bin 0, while
 * crema and librosa's chroma_cens put C there. Checked on the shipped performance P_547131 (key
 * C major): its mean HPCP peaks at bins 3, 10, 7 (C, G, E counted from A) and its crema at 0, 7, 4
 * (C, G, E counted from C); HPCP rotated by 3 bins correlates with crema at 0.98.
 */
export const PITCH_ORDER = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'] as const

/** The pitch class in each kind's file bin 0. */
const FILE_BIN0: Record<ChromaKind, (typeof PITCH_ORDER)[number]> = { hpcp: 'A', crema: 'C', cens: 'C' }

/** What a chromagram's label says of its order, and of the file's own. */
export function pitchOrderNote(kind: ChromaKind): string {
  const bin0 = FILE_BIN0[kind]
  return `pitch classes C (bottom) to B (top), as for every feature${bin0 === 'C' ? '' : `; the ${kind} file's bin 0 is ${bin0}`}`
}

/**
 * How many bins a chroma of `kind` is rotated so that C lands in bin 0: display bin b shows file
 * bin b + shift (mod bins). With 12·k bins each pitch class spans k bins.
 */
export function displayShift(kind: ChromaKind, bins: number): number {
  if (bins % 12 !== 0) return 0
  return ((12 - PITCH_ORDER.indexOf(FILE_BIN0[kind])) % 12) * (bins / 12)
}

/** Pitch-class name of each display bin (C first); with 12·k bins, the first bin of each group is named. */
export function pitchLabels(bins: number): string[] {
  if (bins === 12) return [...PITCH_ORDER]
  if (bins % 12 === 0) {
    const per = bins / 12
    return Array.from({ length: bins }, (_, b) => (b % per === 0 ? PITCH_ORDER[b / per]! : `${PITCH_ORDER[Math.floor(b / per)]}+${b % per}`))
  }
  return Array.from({ length: bins }, (_, b) => `bin ${b}`)
}

export const NON_FINITE_RGB: [number, number, number] = [150, 150, 150]

// viridis, sampled at 11 points and interpolated to 256 entries
const VIRIDIS = [
  '#440154', '#482475', '#414487', '#355f8d', '#2a788e', '#21918c', '#22a884', '#44bf70', '#7ad151', '#bddf26', '#fde725',
].map((h) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)] as const)

/** 256 × RGB lookup table. */
export const LUT: Uint8Array = (() => {
  const lut = new Uint8Array(256 * 3)
  for (let i = 0; i < 256; i++) {
    const t = (i / 255) * (VIRIDIS.length - 1)
    const k = Math.min(VIRIDIS.length - 2, Math.floor(t))
    const f = t - k
    const a = VIRIDIS[k]!
    const b = VIRIDIS[k + 1]!
    for (let c = 0; c < 3; c++) lut[i * 3 + c] = Math.round(a[c]! + (b[c]! - a[c]!) * f)
  }
  return lut
})()

/**
 * Fill `out` (an ImageData of `cols` × bins) with frames [i0, i1) reduced to `cols`
 * columns: each column is the mean of its frames' finite values; a column with none is grey.
 * Bin 0 is the bottom row.
 */
export function renderColumns(c: Chroma, i0: number, i1: number, cols: number, out: ImageData): void {
  const { values, bins, min, max } = c
  const px = out.data
  const n = i1 - i0
  const scale = max > min ? 255 / (max - min) : 0
  const sums = new Float64Array(bins)
  const counts = new Uint32Array(bins)
  for (let col = 0; col < cols; col++) {
    const a = i0 + Math.floor((col * n) / cols)
    const b = Math.max(a + 1, i0 + Math.floor(((col + 1) * n) / cols))
    sums.fill(0)
    counts.fill(0)
    for (let f = a; f < b; f++) {
      const base = f * bins
      for (let bin = 0; bin < bins; bin++) {
        const v = values[base + bin]!
        if (Number.isFinite(v)) {
          sums[bin]! += v
          counts[bin]! += 1
        }
      }
    }
    for (let bin = 0; bin < bins; bin++) {
      const row = bins - 1 - bin
      const o = (row * cols + col) * 4
      if (counts[bin] === 0) {
        px[o] = NON_FINITE_RGB[0]
        px[o + 1] = NON_FINITE_RGB[1]
        px[o + 2] = NON_FINITE_RGB[2]
      } else {
        const v = sums[bin]! / counts[bin]!
        const li = Math.max(0, Math.min(255, Math.round((v - min) * scale))) * 3
        px[o] = LUT[li]!
        px[o + 1] = LUT[li + 1]!
        px[o + 2] = LUT[li + 2]!
      }
      px[o + 3] = 255
    }
  }
}

/**
 * Sizes a canvas to `width` x `height` CSS pixels at the device's pixel ratio and clears it to
 * white; the context comes back scaled so drawing is in CSS pixels. Null without a 2D context.
 */
export function prepareCanvas(canvas: HTMLCanvasElement, width: number, height: number): { ctx: CanvasRenderingContext2D; dpr: number } | null {
  const dpr = window.devicePixelRatio || 1
  if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
    canvas.width = Math.round(width * dpr)
    canvas.height = Math.round(height * dpr)
  }
  const ctx = canvas.getContext('2d')
  if (!ctx) return null
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0)
  ctx.fillStyle = '#ffffff'
  ctx.fillRect(0, 0, width, height)
  return { ctx, dpr }
}

/** A "nice" tick step (seconds) so that ticks are at least `minPx` apart. */
export function timeStep(secondsPerPx: number, minPx = 70): number {
  const steps = [0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600]
  const want = secondsPerPx * minPx
  return steps.find((s) => s >= want) ?? 3600
}
