// Dynamic time warping between two chroma sequences, for the DTW baseline and the batch pre-filter:
// key shift by OTI or by trying all 12 shifts, Sakoe–Chiba band, open begin/end (subsequence
// alignment), optional path recovery, a lower bound and early abandoning for batch speed.
//
// Frame distance: cosine, 1 - â·b̂ on unit-length frames. Chroma loudness changes between versions
// of a song (mixing, dynamics, recording level); the cosine compares only which pitch classes
// sound, and lies in [0, 1] for non-negative chroma, so distances of different pairs compare.
// A zero frame (silence) has no direction: its distance is 0 to another zero frame and 1 (the
// largest for non-negative chroma) to any sounding frame, so silence matches only silence.
//
// Steps and normalisation: the symmetric form of Sakoe & Chiba — a diagonal step weighs its local
// distance twice, a horizontal or vertical step once, the first cell twice. Every full path then
// has total weight n + m whatever its shape, so dividing by n + m is the weighted mean frame
// distance along the path (in [0, 1]), without favouring paths with fewer steps. For open
// begin/end the weight is n + (columns of B the path spans), and that is the divisor.
import {
  checkInteger,
  checkOneOf,
  checkPair,
  checkReal,
  DTW_DEFAULTS,
  SimilarityInputError,
  type ChromaSeq,
  type DtwParams,
} from './parameters'
import { globalChroma, otiFromGlobals } from './preprocess'

/** Cosine distances below this are rounding of identical directions (unit frames in double precision). */
const ROUNDING = 1e-12

export interface DtwResult {
  /** Cost divided by the path weight (see the header); Infinity when abandoned. */
  distance: number
  /** Accumulated weighted cost; Infinity when abandoned. */
  cost: number
  /** The shift applied to B (transpose(B, shift) is in A's key). */
  shift: number
  /** True when `abandonAbove` was certainly exceeded before the end (distance is then Infinity). */
  abandoned: boolean
  /** First and last frame of B on the path (0 and m-1 unless open begin/end). */
  startB: number
  endB: number
  /** [frame of A, frame of B] from (0, startB) to (n-1, endB), monotone, only when asked for. */
  path?: Array<[number, number]>
  /** With the path: the accumulated cost, frames of A x frames of B, row-major; Infinity outside the band. */
  costMatrix?: Float64Array
}

export function resolveDtwParams(params: Partial<DtwParams> = {}): DtwParams {
  const p: DtwParams = { ...DTW_DEFAULTS, ...params }
  checkOneOf('keyShift', p.keyShift, ['none', 'oti', 'all'])
  if (p.band !== null) checkInteger('band', p.band, 0)
  if (p.band !== null && (p.openBegin || p.openEnd)) {
    throw new SimilarityInputError('band cannot be combined with openBegin/openEnd: a subsequence has no diagonal to stay near')
  }
  for (const k of ['openBegin', 'openEnd', 'path'] as const) {
    if (typeof p[k] !== 'boolean') throw new SimilarityInputError(`${k} must be true or false, got ${String(p[k])}`)
  }
  if (p.abandonAbove !== Infinity) checkReal('abandonAbove', p.abandonAbove, 0)
  return p
}

/** Unit-length frames (zero frames stay zero) and a flag per frame telling which were silent. */
interface Prepared {
  unit: Float64Array
  zero: Uint8Array
  frames: number
  bins: number
}

function prepare(seq: ChromaSeq): Prepared {
  const { frames, bins, data } = seq
  // Double precision, so that identical frames give a dot product within 1e-15 of 1.
  const unit = new Float64Array(data.length)
  const zero = new Uint8Array(frames)
  for (let t = 0; t < frames; t++) {
    let s = 0
    for (let b = 0; b < bins; b++) s += data[t * bins + b] * data[t * bins + b]
    if (s === 0) {
      zero[t] = 1
      continue
    }
    const inv = 1 / Math.sqrt(s)
    for (let b = 0; b < bins; b++) unit[t * bins + b] = data[t * bins + b] * inv
  }
  return { unit, zero, frames, bins }
}

function shifted(p: Prepared, shift: number): Prepared {
  if (shift === 0) return p
  const { bins } = p
  const unit = new Float64Array(p.unit.length)
  for (let base = 0; base < unit.length; base += bins) {
    for (let b = 0; b < bins; b++) unit[base + b] = p.unit[base + ((b + shift) % bins)]
  }
  return { ...p, unit }
}

/** The window of columns row i may use: the band around the corner-to-corner line. */
function bandWindow(i: number, n: number, m: number, band: number | null, out: Int32Array): void {
  if (band === null) {
    out[0] = 0
    out[1] = m - 1
    return
  }
  const slope = n > 1 ? (m - 1) / (n - 1) : 0
  const longest = Math.max(n - 1, m - 1, 1)
  // The radius is in frames of the longer sequence; it never drops below what keeps a path possible.
  const half = Math.max((band * (m - 1)) / longest, (slope - 1) / 2, 0.5)
  const centre = n > 1 ? i * slope : 0
  out[0] = Math.max(0, Math.ceil(centre - half - 1e-9))
  out[1] = Math.min(m - 1, Math.floor(centre + half + 1e-9))
  if (i === n - 1) out[1] = m - 1
  if (i === 0) out[0] = 0
}

/**
 * DTW distance of `a` and `b` (see the header for the frame distance, steps and normalisation).
 * Throws SimilarityInputError for empty sequences, NaN/inf values or different bin counts.
 */
export function dtw(a: ChromaSeq, b: ChromaSeq, params: Partial<DtwParams> = {}): DtwResult {
  const p = resolveDtwParams(params)
  checkPair(a, b, 1)
  const pa = prepare(a)
  const pb = prepare(b)
  const bins = a.bins
  let shifts: number[]
  if (p.keyShift === 'none') shifts = [0]
  else {
    const oti = otiFromGlobals(globalChroma(a), globalChroma(b), bins)
    // Trying every shift starts from the OTI one, usually the best: the others then abandon early against it.
    shifts = p.keyShift === 'oti' ? [oti] : Array.from({ length: bins }, (_, k) => (oti + k) % bins)
  }

  let best: DtwResult | null = null
  let threshold = p.abandonAbove
  for (const shift of shifts) {
    const r = dtwPrepared(pa, shifted(pb, shift), p, threshold)
    r.shift = shift
    if (!best || (!r.abandoned && (best.abandoned || r.distance < best.distance))) best = r
    if (!r.abandoned && r.distance < threshold) threshold = r.distance
  }
  return best!
}

function dtwPrepared(A: Prepared, B: Prepared, p: DtwParams, abandonAbove: number): DtwResult {
  // Rows are the outer loop; keep the shorter sequence as the columns so two rows stay small.
  // Subsequence alignment is not symmetric, and a band keeps A as the rows so that the lower
  // bound's windows (per frame of A) are exactly the band's.
  const swap = !p.openBegin && !p.openEnd && p.band === null && B.frames > A.frames
  const R = swap ? B : A
  const C = swap ? A : B
  const n = R.frames
  const m = C.frames
  const bins = R.bins
  const ru = R.unit
  const cu = C.unit
  const rz = R.zero
  const cz = C.zero
  const keep = p.path
  const full = keep ? new Float64Array(n * m).fill(Infinity) : null
  let prev = new Float64Array(m).fill(Infinity)
  let cur = new Float64Array(m).fill(Infinity)
  let prevStart = new Int32Array(m)
  let curStart = new Int32Array(m)
  const win = new Int32Array(2)
  let prevLo = 0
  let prevHi = -1
  let curLo = 0
  let curHi = -1
  // The largest possible path weight; a row minimum above abandonAbove x it cannot recover.
  const abandonCost = abandonAbove === Infinity ? Infinity : abandonAbove * (n + m)

  for (let i = 0; i < n; i++) {
    bandWindow(i, n, m, p.band, win)
    const lo = win[0]
    const hi = win[1]
    // Clear what this buffer held two rows ago, so cells outside the band read as unreachable.
    for (let j = curLo; j <= curHi; j++) cur[j] = Infinity
    curLo = lo
    curHi = hi
    const rBase = i * bins
    let rowMin = Infinity
    for (let j = lo; j <= hi; j++) {
      // Local cosine distance, with the silence rule from the header.
      let c: number
      if (rz[i] || cz[j]) c = rz[i] && cz[j] ? 0 : 1
      else {
        let dot = 0
        const cBase = j * bins
        if (bins === 12) {
          dot =
            ru[rBase] * cu[cBase] + ru[rBase + 1] * cu[cBase + 1] + ru[rBase + 2] * cu[cBase + 2] + ru[rBase + 3] * cu[cBase + 3] +
            ru[rBase + 4] * cu[cBase + 4] + ru[rBase + 5] * cu[cBase + 5] + ru[rBase + 6] * cu[cBase + 6] + ru[rBase + 7] * cu[cBase + 7] +
            ru[rBase + 8] * cu[cBase + 8] + ru[rBase + 9] * cu[cBase + 9] + ru[rBase + 10] * cu[cBase + 10] + ru[rBase + 11] * cu[cBase + 11]
        } else {
          for (let k = 0; k < bins; k++) dot += ru[rBase + k] * cu[cBase + k]
        }
        c = 1 - dot
        if (c < ROUNDING) c = 0 // identical directions, up to double rounding
      }
      let g: number
      let start: number
      if (i === 0) {
        if (p.openBegin) {
          // Start fresh here (weight 2), or continue along B from the left (weight 1).
          g = 2 * c
          start = j
          if (j > lo && cur[j - 1] + c < g) {
            g = cur[j - 1] + c
            start = curStart[j - 1]
          }
        } else if (j === 0) {
          g = 2 * c
          start = 0
        } else {
          g = cur[j - 1] + c
          start = 0
        }
      } else {
        const d = j > 0 ? prev[j - 1] + 2 * c : Infinity
        const up = prev[j] + c
        const left = j > lo ? cur[j - 1] + c : Infinity
        if (d <= up && d <= left) {
          g = d
          start = prevStart[j - 1]
        } else if (up <= left) {
          g = up
          start = prevStart[j]
        } else {
          g = left
          start = curStart[j - 1]
        }
      }
      cur[j] = g
      curStart[j] = start
      if (g < rowMin) rowMin = g
      if (full) full[i * m + j] = g
    }
    if (rowMin > abandonCost) {
      return { distance: Infinity, cost: Infinity, shift: 0, abandoned: true, startB: 0, endB: m - 1 }
    }
    const t = prev
    prev = cur
    cur = t
    const ts = prevStart
    prevStart = curStart
    curStart = ts
    const lo2 = prevLo
    const hi2 = prevHi
    prevLo = curLo
    prevHi = curHi
    curLo = lo2
    curHi = hi2
  }

  // prev now holds the last row.
  let endCol = m - 1
  if (p.openEnd) {
    for (let j = prevLo; j <= prevHi; j++) if (prev[j] < prev[endCol]) endCol = j
  }
  const cost = prev[endCol]
  const startCol = prevStart[endCol]
  const weight = p.openBegin || p.openEnd ? n + (endCol - startCol + 1) : n + m
  const distance = cost / weight
  if (distance > abandonAbove) {
    return { distance: Infinity, cost: Infinity, shift: 0, abandoned: true, startB: 0, endB: m - 1 }
  }
  const result: DtwResult = { distance, cost, shift: 0, abandoned: false, startB: startCol, endB: endCol }
  if (full) {
    const path = backtrack(full, R, C, n, m, endCol, p.openBegin)
    result.path = swap ? path.map(([x, y]) => [y, x] as [number, number]) : path
    result.costMatrix = swap ? transposed(full, n, m) : full
  }
  if (swap) {
    result.startB = 0
    result.endB = n - 1
  }
  return result
}

function transposed(g: Float64Array, n: number, m: number): Float64Array {
  const out = new Float64Array(n * m)
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out[j * n + i] = g[i * m + j]
  return out
}

function localCost(R: Prepared, C: Prepared, i: number, j: number): number {
  if (R.zero[i] || C.zero[j]) return R.zero[i] && C.zero[j] ? 0 : 1
  // The same expression, in the same order, as the forward pass: backtracking compares exactly.
  const ru = R.unit
  const cu = C.unit
  const rBase = i * R.bins
  const cBase = j * C.bins
  let dot = 0
  if (R.bins === 12) {
    dot =
      ru[rBase] * cu[cBase] + ru[rBase + 1] * cu[cBase + 1] + ru[rBase + 2] * cu[cBase + 2] + ru[rBase + 3] * cu[cBase + 3] +
      ru[rBase + 4] * cu[cBase + 4] + ru[rBase + 5] * cu[cBase + 5] + ru[rBase + 6] * cu[cBase + 6] + ru[rBase + 7] * cu[cBase + 7] +
      ru[rBase + 8] * cu[cBase + 8] + ru[rBase + 9] * cu[cBase + 9] + ru[rBase + 10] * cu[cBase + 10] + ru[rBase + 11] * cu[cBase + 11]
  } else {
    for (let k = 0; k < R.bins; k++) dot += ru[rBase + k] * cu[cBase + k]
  }
  const c = 1 - dot
  return c < ROUNDING ? 0 : c
}

/** Follows the cheapest predecessors back from the end cell; the recomputed steps match the forward pass exactly. */
function backtrack(g: Float64Array, R: Prepared, C: Prepared, n: number, m: number, endCol: number, openBegin: boolean): Array<[number, number]> {
  const path: Array<[number, number]> = []
  let i = n - 1
  let j = endCol
  for (;;) {
    path.push([i, j])
    if (i === 0 && (j === 0 || openBegin)) {
      if (j === 0) break
      // Open begin: row 0 either started here (2c) or came from the left (c).
      const c = localCost(R, C, 0, j)
      if (g[j] === 2 * c) break
      j--
      continue
    }
    const c = localCost(R, C, i, j)
    const here = g[i * m + j]
    if (i > 0 && j > 0 && g[(i - 1) * m + j - 1] + 2 * c === here) {
      i--
      j--
    } else if (i > 0 && g[(i - 1) * m + j] + c === here) {
      i--
    } else {
      j--
    }
  }
  return path.reverse()
}

/**
 * LB_Keogh for this DTW: a cheap lower bound of `dtw(a, b, { band, keyShift }).distance`, for
 * skipping pairs in a batch. On unit-length frames 1 - â·b̂ = |â - b̂|² / 2 (and for zero frames
 * |â - b̂|²/2 ≤ the silence rule's distance), so half the squared distance from each frame of A to
 * the envelope of B over that row's band is at most its cheapest cell, and every path visits each
 * row with weight at least 1. Divided by n + m, the largest path weight. Computed on downsampled
 * sequences it bounds the DTW of those downsampled sequences.
 */
export function lbKeogh(a: ChromaSeq, b: ChromaSeq, params: Pick<Partial<DtwParams>, 'band' | 'keyShift'> = {}): number {
  const p = resolveDtwParams(params)
  checkPair(a, b, 1)
  const pa = prepare(a)
  const pb = prepare(b)
  const bins = a.bins
  const n = a.frames
  const m = b.frames
  let shifts: number[]
  if (p.keyShift === 'none') shifts = [0]
  else {
    const oti = otiFromGlobals(globalChroma(a), globalChroma(b), bins)
    // Trying every shift starts from the OTI one, usually the best: the others then abandon early against it.
    shifts = p.keyShift === 'oti' ? [oti] : Array.from({ length: bins }, (_, k) => (oti + k) % bins)
  }
  const win = new Int32Array(2)
  const upper = new Float64Array(bins)
  const lower = new Float64Array(bins)
  let best = Infinity
  for (const shift of shifts) {
    let sum = 0
    for (let i = 0; i < n; i++) {
      bandWindow(i, n, m, p.band, win)
      upper.fill(-Infinity)
      lower.fill(Infinity)
      for (let j = win[0]; j <= win[1]; j++) {
        for (let k = 0; k < bins; k++) {
          const v = pb.unit[j * bins + ((k + shift) % bins)]
          if (v > upper[k]) upper[k] = v
          if (v < lower[k]) lower[k] = v
        }
      }
      let s = 0
      for (let k = 0; k < bins; k++) {
        const v = pa.unit[i * bins + k]
        if (v > upper[k]) s += (v - upper[k]) * (v - upper[k])
        else if (v < lower[k]) s += (lower[k] - v) * (lower[k] - v)
      }
      sum += s / 2
    }
    best = Math.min(best, sum / (n + m))
  }
  return best
}
