// How the Batch and Compare views name and explain each scoring method and alignment setting,
// and read their forms' fields. The methods themselves, their defaults and ranges come from the
// backend ('score.parameters'), and a job's parameters arrive with their label; only these words
// belong to the page.
import { fmtInt } from './format'
import type { ScoreMethod } from './types'

export const METHOD_TITLES: Record<ScoreMethod, { label: string; title: string }> = {
  dtw: { label: 'DTW', title: 'DTW: warping distance over the whole pieces, after a key shift (Serrà 2008)' },
  qmax: { label: 'Qmax', title: 'Qmax: best local alignment in the cross-recurrence plot (Serrà et al. 2009)' },
  dmax: { label: 'Dmax', title: 'Dmax: local alignment that also tolerates tempo changes (Chen et al. 2017)' },
  'two-stage': {
    label: 'Two-stage',
    title: 'Two-stage: each query’s K nearest by embedding, re-ranked by an alignment; the rest keep their embedding order after them',
  },
  embedding: { label: 'Embedding', title: 'Embedding: distance between learned version embeddings (a Siamese CNN run with ONNX Runtime); seconds for thousands of tracks' },
}

/** The alignment settings a form offers (Batch and Compare), in the order shown, with their words; values and ranges come from 'score.parameters'. */
export const ALIGNMENT_FIELDS = [
  { key: 'frameStackSize', label: 'Frame stack', integer: true, step: 1, title: 'Frames stacked into one state before comparing (Qmax/Dmax delay embedding)' },
  { key: 'binarizePercentile', label: 'Neighbours κ', integer: false, step: 0.005, title: 'Share of nearest neighbours counted as recurrent, per row and per column (Qmax/Dmax)' },
  { key: 'disOnset', label: 'Gap onset', integer: false, step: 0.1, title: 'Penalty when a gap in the alignment starts (Qmax/Dmax γo)' },
  { key: 'disExtension', label: 'Gap extension', integer: false, step: 0.1, title: 'Penalty for each further cell of a gap (Qmax/Dmax γe)' },
] as const

export type AlignmentKey = (typeof ALIGNMENT_FIELDS)[number]['key']
export type AlignmentTexts = Record<AlignmentKey, string>

/** An integer field's text as a number in [min, max], or the reason it is not one. */
export function parseInteger(text: string, min: number, max: number, what: string): number | string {
  const t = text.trim()
  if (!/^\d+$/.test(t)) return `${what} must be a whole number.`
  const n = Number(t)
  if (n < min || n > max) return `${what} must be between ${fmtInt(min)} and ${fmtInt(max)}.`
  return n
}

/** A decimal field's text as a number in [min, max], or the reason it is not one. */
export function parseReal(text: string, min: number, max: number, what: string): number | string {
  const t = text.trim()
  const n = Number(t)
  if (t === '' || !Number.isFinite(n)) return `${what} must be a number.`
  if (n < min || n > max) return `${what} must be between ${min} and ${max}.`
  return n
}

/** The fields' texts as the parameters they set (from the defaults' texts), and what is wrong with any. */
export function parseAlignment(texts: AlignmentTexts, limits: Record<AlignmentKey, { min: number; max: number }>): { values: Partial<Record<AlignmentKey, number>>; problems: string[] } {
  const values: Partial<Record<AlignmentKey, number>> = {}
  const problems: string[] = []
  for (const f of ALIGNMENT_FIELDS) {
    const { min, max } = limits[f.key]
    const v = (f.integer ? parseInteger : parseReal)(texts[f.key], min, max, f.label)
    if (typeof v === 'number') values[f.key] = v
    else problems.push(v)
  }
  return { values, problems }
}

/** The defaults as the fields' first texts. */
export const alignmentTexts = (values: Record<AlignmentKey, number>): AlignmentTexts =>
  Object.fromEntries(ALIGNMENT_FIELDS.map((f) => [f.key, String(values[f.key])])) as AlignmentTexts
