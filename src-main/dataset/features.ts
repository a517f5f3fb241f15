// What each Da-TACOS feature file must contain, how to check it, and how to read a chroma
// matrix into one orientation (frames x 12) whatever the file's own.
import type { ChromaKind, FeatureKind } from './kinds'
import { H5ReadError, openH5, type H5Handle, type H5Node } from './h5'

/** The Da-TACOS extraction: 44.1 kHz audio, hop 512 samples. */
export const FRAME_RATE = 44100 / 512

/** The HDF5 object each feature kind is stored under. */
export const FEATURE_OBJECT: Record<FeatureKind, string> = {
  hpcp: 'hpcp',
  crema: 'crema',
  cens: 'chroma_cens',
  mfcc: 'mfcc_htk',
  madmom: 'madmom_features',
  key: 'key_extractor',
  tags: 'tags',
}

/** Frame-wise matrices and the size of their non-time axis. */
const MATRIX_BINS: Partial<Record<FeatureKind, number>> = { hpcp: 12, crema: 12, cens: 12, mfcc: 13 }

/** Features where NaN or infinity is a defect (MFCC legitimately holds -inf on silence). */
const MUST_BE_FINITE: ReadonlySet<FeatureKind> = new Set(['hpcp', 'crema', 'cens'])

export interface FeatureFacts {
  kind: FeatureKind
  shape: number[]
  frames: number | null
  durationSec: number | null
  problem: string | null
  key: { key: string; scale: string; strength: number | null } | null
}

export interface FeatureFileFacts {
  workId: string | null
  perfId: string | null
  features: FeatureFacts[]
}

/** Which axis of a (a, b) matrix is time, given how many bins the other must have. */
export function timeAxis(shape: number[], bins: number): 0 | 1 | null {
  if (shape.length !== 2) return null
  if (shape[1] === bins) return 0
  if (shape[0] === bins) return 1
  return null
}

function countNonFinite(values: ArrayLike<number>): number {
  let bad = 0
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) bad++
  return bad
}

function asString(value: unknown): string | null {
  if (value === null || value === undefined) return null
  return typeof value === 'string' ? value : String(value)
}

/**
 * Feature matrices are floats in every Da-TACOS file. Integers read as numbers would pass the
 * checks below (or, as 64-bit BigInts, count as all NaN) and then mean nothing: refuse them.
 */
function checkFloat(node: Extract<H5Node, { type: 'dataset' }>, name: string): void {
  if (node.numeric === 'integer') throw new H5ReadError(`"${name}" has integer type, float expected`)
  if (node.numeric !== 'float') throw new H5ReadError(`"${name}" is not numeric (type ${node.dtype}), float expected`)
}

function inspectMatrix(h5: H5Handle, kind: FeatureKind, bins: number): FeatureFacts {
  const name = FEATURE_OBJECT[kind]
  const node = h5.node(name)
  if (!node || node.type !== 'dataset') throw new H5ReadError(`has no "${name}" dataset`)
  checkFloat(node, name)
  const axis = timeAxis(node.shape, bins)
  if (axis === null) {
    throw new H5ReadError(`"${name}" has shape (${node.shape.join(', ')}); expected (frames, ${bins}) or (${bins}, frames)`)
  }
  const frames = node.shape[axis]
  let problem: string | null = null
  if (frames === 0) problem = `"${name}" has no frames`
  else if (MUST_BE_FINITE.has(kind)) {
    const bad = countNonFinite(h5.values(name) as ArrayLike<number>)
    if (bad > 0) problem = `"${name}" holds ${bad} NaN or infinite values`
  }
  return { kind, shape: node.shape, frames, durationSec: frames / FRAME_RATE, problem, key: null }
}

function inspectGroup(h5: H5Handle, kind: FeatureKind): FeatureFacts {
  const name = FEATURE_OBJECT[kind]
  const node = h5.node(name)
  if (!node || node.type !== 'group') throw new H5ReadError(`has no "${name}" group`)
  const facts: FeatureFacts = { kind, shape: [], frames: null, durationSec: null, problem: null, key: null }
  if (kind === 'madmom') {
    const novelty = h5.node(`${name}/novfn`)
    if (novelty?.type === 'dataset') {
      facts.shape = novelty.shape
      facts.frames = novelty.shape[0] ?? null
      facts.durationSec = facts.frames === null ? null : facts.frames / FRAME_RATE
    } else facts.problem = `"${name}" has no novfn dataset`
  } else if (kind === 'key') {
    const key = asString(node.attrs.key)
    const scale = asString(node.attrs.scale)
    const strength = Number(node.attrs.strength)
    if (key && scale) facts.key = { key, scale, strength: Number.isFinite(strength) ? strength : null }
    else facts.problem = `"${name}" has no key/scale attributes`
  } else facts.shape = [node.keys.length]
  return facts
}

function inspect(h5: H5Handle, kind: FeatureKind): FeatureFacts {
  const bins = MATRIX_BINS[kind]
  return bins ? inspectMatrix(h5, kind, bins) : inspectGroup(h5, kind)
}

/**
 * Reads what a feature file holds. `expected` names the feature its folder promises
 * (per-feature layout); null means a single file, which may hold any of them.
 */
export async function inspectFeatureFile(path: string, expected: FeatureKind | null): Promise<FeatureFileFacts> {
  const h5 = await openH5(path)
  try {
    const kinds = expected
      ? [expected]
      : (Object.keys(FEATURE_OBJECT) as FeatureKind[]).filter((kind) => h5.keys().includes(FEATURE_OBJECT[kind]))
    if (kinds.length === 0) throw new H5ReadError('holds none of the Da-TACOS features')
    return {
      workId: asString(h5.rootAttrs.label),
      perfId: asString(h5.rootAttrs.track_id),
      features: kinds.map((kind) => inspect(h5, kind)),
    }
  } finally {
    h5.close()
  }
}

export interface ChromaMatrix {
  kind: ChromaKind
  frames: number
  bins: number
  /** frames x bins, frame-major. */
  data: Float32Array
  nonFinite: number
}

/** Reads a chroma feature as frames x 12, transposing files stored as (12, frames). */
export async function readChroma(path: string, kind: ChromaKind): Promise<ChromaMatrix> {
  const h5 = await openH5(path)
  try {
    const name = FEATURE_OBJECT[kind]
    const node = h5.node(name)
    if (!node || node.type !== 'dataset') throw new H5ReadError(`has no "${name}" dataset`)
    checkFloat(node, name)
    const axis = timeAxis(node.shape, 12)
    if (axis === null) throw new H5ReadError(`"${name}" has shape (${node.shape.join(', ')}), not 12 pitch classes`)
    const raw = h5.values(name) as ArrayLike<number>
    const frames = node.shape[axis]
    const data = new Float32Array(frames * 12)
    if (axis === 0) data.set(raw)
    else for (let bin = 0; bin < 12; bin++) for (let t = 0; t < frames; t++) data[t * 12 + bin] = raw[bin * frames + t]
    return { kind, frames, bins: 12, data, nonFinite: countNonFinite(data) }
  } finally {
    h5.close()
  }
}
