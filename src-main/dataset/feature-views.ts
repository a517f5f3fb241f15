// The features that are not chroma, read from their Da-TACOS files and thinned for a screen:
// MFCC (13 HTK coefficients a frame) pooled to a few hundred columns, madmom's novelty curves
// (novfn, snovfn) pooled to a few hundred points, its beat positions and tempo estimates, and the
// auto-tags with their scores. A file holds 15,000 frames or more; the page draws at most a few
// hundred, so the reduction happens here and the answer stays small.
//
// What the madmom group holds, as the acoss extractor that wrote Da-TACOS documents it: `novfn`,
// the RNN novelty function, and `snovfn`, the SuperFlux novelty function, one value a frame;
// `onsets`, frame indices; `tempos`, (levels, 2) rows of tempo in BPM and its confidence.
import { z } from 'zod'
import { FEATURE_OBJECT, FRAME_RATE, timeAxis } from './features'
import { H5ReadError, openH5, type H5Handle } from './h5'

export const VIEW_KINDS = ['mfcc', 'madmom', 'tags'] as const
export type ViewKind = (typeof VIEW_KINDS)[number]

/** Columns or points a view keeps by default: a few per pixel of a page-wide plot at most. */
export const VIEW_POINTS = { default: 400, min: 10, max: 4000 } as const

const MFCC_COEFFICIENTS = 13
const MADMOM_CURVES = ['novfn', 'snovfn'] as const

export const FeatureView = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('mfcc'),
    frames: z.number(),
    frameRate: z.number(),
    coefficients: z.number(),
    /** Each column is the mean of this many seconds of frames (the last may be shorter). */
    secondsPerColumn: z.number(),
    /** columns x coefficients: each column's mean of its finite values, null where it has none. */
    columns: z.array(z.array(z.number().nullable())),
    /** Values that are -inf, +inf or NaN in the file (HTK MFCC holds -inf on silence). */
    nonFinite: z.number(),
  }),
  z.object({
    kind: z.literal('madmom'),
    frames: z.number(),
    frameRate: z.number(),
    /** Each point is the maximum of this many seconds of frames, so no peak is lost. */
    secondsPerPoint: z.number(),
    curves: z.array(z.object({ name: z.enum(MADMOM_CURVES), values: z.array(z.number().nullable()) })),
    /** The stored onsets (frame indices) in seconds. */
    onsets: z.array(z.number()),
    tempos: z.array(z.object({ bpm: z.number(), confidence: z.number() })),
  }),
  z.object({
    kind: z.literal('tags'),
    /** Highest score first (ties by name); a score that does not read as a number is null and goes last. */
    tags: z.array(z.object({ tag: z.string(), score: z.number().nullable() })),
  }),
])
export type FeatureView = z.infer<typeof FeatureView>

/** Where frame block k of `count` blocks over `frames` frames starts. */
const blockStart = (k: number, frames: number, count: number) => Math.floor((k * frames) / count)

/**
 * Reduces `frames` values, read by `at(t)`, to at most `points` blocks of nearly equal length:
 * each block's mean or maximum over its finite values, null where it has none.
 */
export function pool(frames: number, points: number, at: (t: number) => number, reduce: 'mean' | 'max'): (number | null)[] {
  const count = Math.max(0, Math.min(frames, points))
  const out: (number | null)[] = []
  for (let k = 0; k < count; k++) {
    let sum = 0
    let max = -Infinity
    let finite = 0
    for (let t = blockStart(k, frames, count); t < blockStart(k + 1, frames, count); t++) {
      const v = at(t)
      if (!Number.isFinite(v)) continue
      finite++
      sum += v
      if (v > max) max = v
    }
    out.push(finite === 0 ? null : reduce === 'mean' ? sum / finite : max)
  }
  return out
}

function numbers(h5: H5Handle, name: string): ArrayLike<number> {
  const node = h5.node(name)
  if (!node || node.type !== 'dataset') throw new H5ReadError(`has no "${name}" dataset`)
  if (node.numeric === 'other') throw new H5ReadError(`"${name}" is not numeric (type ${node.dtype})`)
  const values = h5.values(name)
  // 64-bit integers (madmom's onsets) come back as BigInts.
  return values instanceof BigInt64Array ? Array.from(values, Number) : (values as ArrayLike<number>)
}

function mfccView(h5: H5Handle, points: number): FeatureView {
  const name = FEATURE_OBJECT.mfcc
  const node = h5.node(name)
  if (!node || node.type !== 'dataset') throw new H5ReadError(`has no "${name}" dataset`)
  const axis = timeAxis(node.shape, MFCC_COEFFICIENTS)
  if (axis === null) throw new H5ReadError(`"${name}" has shape (${node.shape.join(', ')}), not ${MFCC_COEFFICIENTS} coefficients`)
  const raw = numbers(h5, name)
  const frames = node.shape[axis]
  const at = axis === 0 ? (t: number, c: number) => raw[t * MFCC_COEFFICIENTS + c] : (t: number, c: number) => raw[c * frames + t]
  const byCoefficient = Array.from({ length: MFCC_COEFFICIENTS }, (_, c) => pool(frames, points, (t) => at(t, c), 'mean'))
  let nonFinite = 0
  for (let i = 0; i < raw.length; i++) if (!Number.isFinite(raw[i])) nonFinite++
  const columns = (byCoefficient[0] ?? []).map((_, k) => byCoefficient.map((values) => values[k]!))
  return {
    kind: 'mfcc',
    frames,
    frameRate: FRAME_RATE,
    coefficients: MFCC_COEFFICIENTS,
    secondsPerColumn: columns.length ? frames / columns.length / FRAME_RATE : 0,
    columns,
    nonFinite,
  }
}

function madmomView(h5: H5Handle, points: number): FeatureView {
  const group = FEATURE_OBJECT.madmom
  const series = MADMOM_CURVES.map((name) => ({ name, raw: numbers(h5, `${group}/${name}`) }))
  const frames = Math.max(...series.map((s) => s.raw.length))
  const count = Math.min(frames, points)
  const tempos = numbers(h5, `${group}/tempos`)
  const pairs: { bpm: number; confidence: number }[] = []
  for (let i = 0; i + 1 < tempos.length; i += 2) pairs.push({ bpm: tempos[i], confidence: tempos[i + 1] })
  return {
    kind: 'madmom',
    frames,
    frameRate: FRAME_RATE,
    secondsPerPoint: count ? frames / count / FRAME_RATE : 0,
    // Both on the same blocks, so point k of each covers the same time.
    curves: series.map(({ name, raw }) => ({ name, values: pool(frames, count, (t) => (t < raw.length ? raw[t] : NaN), 'max') })),
    onsets: Array.from(numbers(h5, `${group}/onsets`), (frame) => frame / FRAME_RATE),
    tempos: pairs,
  }
}

function tagsView(h5: H5Handle): FeatureView {
  const group = FEATURE_OBJECT.tags
  const node = h5.node(group)
  if (!node || node.type !== 'group') throw new H5ReadError(`has no "${group}" group`)
  // deepdish stores a list of (tag, score) tuples as subgroups i0..iN, each with attributes i0 and i1.
  const tags = node.keys.flatMap((key) => {
    const entry = h5.node(`${group}/${key}`)
    if (entry?.type !== 'group' || entry.attrs.i0 == null) return []
    const score = Number(entry.attrs.i1)
    return [{ tag: String(entry.attrs.i0), score: Number.isFinite(score) ? score : null }]
  })
  // Ties by code point, so the order does not depend on the machine's locale.
  tags.sort((a, b) => (b.score ?? -Infinity) - (a.score ?? -Infinity) || (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0))
  return { kind: 'tags', tags }
}

/** Reads one non-chroma feature from its file, thinned to at most `points` columns or points. */
export async function readFeatureView(path: string, kind: ViewKind, points: number = VIEW_POINTS.default): Promise<FeatureView> {
  const h5 = await openH5(path)
  try {
    if (kind === 'mfcc') return mfccView(h5, points)
    if (kind === 'madmom') return madmomView(h5, points)
    return tagsView(h5)
  } finally {
    h5.close()
  }
}
