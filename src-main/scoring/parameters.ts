// What a batch scoring job (and the compare view) is parameterised by, with each default and
// range said once. The alignment core's own tunables (frame stack, percentile, gap penalties)
// keep their defaults and ranges in similarity/parameters.ts and are taken from there; a job
// records every value it ran with, and a job stored before a field existed reads as its default.
import { basename } from 'node:path'
import { z } from 'zod'
import { CHROMA_KINDS } from '../dataset/kinds'
import { ALIGNMENT_DEFAULTS as GAP_DEFAULTS, CROSS_SIMILARITY_DEFAULTS, SIMILARITY_LIMITS } from '../similarity/parameters'

/**
 * - `method` ('dtw' | 'qmax' | 'dmax'): DTW distance normalised by path length (Serra 2008's
 *   alignment with a key shift), Qmax (Serra et al. 2009) or Dmax (Chen et al. 2017) asymmetric
 *   distance √(reference stacks) / score.
 * - `feature` ('hpcp' | 'crema' | 'cens', default 'hpcp'): which chroma of the dataset.
 * - `downsample` (integer in [1, 1000], default DEFAULT_DOWNSAMPLE): frames averaged (or
 *   median-ed) into one, 86.13 frames per second in Da-TACOS; see the README's evaluation.
 * - `downsampleMethod` ('mean' | 'median', default 'mean').
 * - `keyShift` ('oti' | 'all', default 'oti', DTW only): transpose by the global optimal
 *   transposition index, or align under all 12 shifts and keep the best (12x the work).
 * - `band` (integer frames in [0, ∞) or null = unconstrained, default null, DTW only):
 *   Sakoe–Chiba radius, after downsampling.
 * - `frameStackSize`, `binarizePercentile` (Qmax and Dmax): the cross-recurrence's delay
 *   embedding and nearest-neighbour share; `disOnset`, `disExtension` (Qmax and Dmax): the
 *   penalties of a gap's first and further cells (similarity/parameters.ts says each one).
 * - `model` (a path or null = the model in use, embedding and two-stage): the Euclidean distance
 *   between the two performances' L2-normalised embeddings; for `embedding`, `feature` is then the
 *   model's own, and the downsampling the model card's.
 * - `k` (integer in [1, 100000], default 100, two-stage only): each query's K nearest candidates
 *   by embedding are aligned by `rerank` ('qmax' | 'dmax' | 'dtw', default 'qmax', with the
 *   alignment parameters above); the rest keep their embedding order after them.
 */
export const SCORE_METHODS = ['dtw', 'qmax', 'dmax', 'embedding', 'two-stage'] as const
/** The methods that align two chroma sequences (Compare draws their paths). */
export const ALIGNMENT_METHODS = ['dtw', 'qmax', 'dmax'] as const
export type ScoreMethod = (typeof SCORE_METHODS)[number]

/** What a new job's form offers first: on real covers Qmax is the strongest of the three (README, Results). */
export const DEFAULT_METHOD: ScoreMethod = 'qmax'

/** The ranges a person may set, said once: the contract validates them and the Batch form shows them. */
export const SCORE_LIMITS = Object.freeze({
  downsample: { min: 1, max: 1000 },
  band: { min: 0, max: 1_000_000 },
  workers: { min: 1, max: 64 },
  k: { min: 1, max: 100_000 },
  ...SIMILARITY_LIMITS,
})

const DEFAULT_DOWNSAMPLE = 10

/** The one definition of a parameter set; absent fields take their defaults. */
export const ScoreParamsSchema = z.object({
  method: z.enum(SCORE_METHODS),
  feature: z.enum(CHROMA_KINDS).default('hpcp'),
  downsample: z.number().int().min(SCORE_LIMITS.downsample.min).max(SCORE_LIMITS.downsample.max).default(DEFAULT_DOWNSAMPLE),
  downsampleMethod: z.enum(['mean', 'median']).default('mean'),
  keyShift: z.enum(['oti', 'all']).default('oti'),
  band: z.number().int().min(SCORE_LIMITS.band.min).max(SCORE_LIMITS.band.max).nullable().default(null),
  /** Embedding and two-stage: the .onnx model (its card beside it); null: the model in use (README, Models). */
  model: z.string().min(1).nullable().default(null),
  /** Two-stage: how many nearest candidates by embedding each query keeps for alignment, and which alignment. */
  k: z.number().int().min(SCORE_LIMITS.k.min).max(SCORE_LIMITS.k.max).default(100),
  rerank: z.enum(ALIGNMENT_METHODS).default('qmax'),
  /** Qmax and Dmax (and a two-stage job re-ranking with them): the cross-recurrence and its gap penalties. */
  frameStackSize: limited(z.number().int(), 'frameStackSize').default(CROSS_SIMILARITY_DEFAULTS.frameStackSize),
  binarizePercentile: limited(z.number(), 'binarizePercentile').default(CROSS_SIMILARITY_DEFAULTS.binarizePercentile),
  disOnset: limited(z.number(), 'disOnset').default(GAP_DEFAULTS.disOnset),
  disExtension: limited(z.number(), 'disExtension').default(GAP_DEFAULTS.disExtension),
})

function limited(schema: z.ZodNumber, name: keyof typeof SIMILARITY_LIMITS): z.ZodNumber {
  return schema.min(SIMILARITY_LIMITS[name].min).max(SIMILARITY_LIMITS[name].max)
}

/** A complete parameter set, every default filled in. */
export type ScoreParams = z.output<typeof ScoreParamsSchema>

export const SCORE_DEFAULTS: Readonly<Omit<ScoreParams, 'method'>> = Object.freeze(
  ScoreParamsSchema.omit({ method: true }).parse({}),
)

/** What an alignment of one pair is parameterised by (Compare aligns with every method at once). */
export const AlignmentParamsSchema = ScoreParamsSchema.omit({ method: true, model: true, k: true, rerank: true })
export type AlignmentParams = z.output<typeof AlignmentParamsSchema>
export const ALIGNMENT_DEFAULTS: Readonly<AlignmentParams> = Object.freeze(AlignmentParamsSchema.parse({}))

/** A job's parameters as the index stores them (JSON), every field a job saved before it existed at its default. */
export function parseStoredParams(json: string): ScoreParams {
  return ScoreParamsSchema.parse(JSON.parse(json))
}

/**
 * Longest sequence, in frames after downsampling, a pair may have: the cross-recurrence of two
 * such sequences is 400 M cells. Longer items are refused by name (raise the downsampling).
 */
export const MAX_FRAMES = 20_000

/** How many best candidates per query a job keeps in the index for browsing. */
export const TOP_K = 50

/**
 * A short label for a parameter set, for tables and threshold origins: "qmax hpcp ↓10", with each
 * alignment setting that is not its default after it: "qmax hpcp ↓10 stack 12 κ 0.2 gaps 1/0.5".
 */
export function describeParams(p: ScoreParams): string {
  const model = p.model === null ? 'model in use' : basename(p.model, '.onnx')
  if (p.method === 'embedding') return `embedding ${model}`
  if (p.method === 'two-stage') return `two-stage K=${p.k} (${model}) → ${describeParams({ ...p, method: p.rerank })}`
  const extra = p.method === 'dtw' ? ` ${p.keyShift === 'all' ? '12-shift' : 'OTI'}${p.band === null ? '' : ` band ${p.band}`}` : ''
  return `${p.method}${extra} ${p.feature} ↓${p.downsample}${p.downsampleMethod === 'median' ? ' median' : ''}${p.method === 'dtw' ? '' : recurrenceLabel(p)}`
}

/** Qmax's and Dmax's settings that differ from their defaults, each as the label says it. */
function recurrenceLabel(p: ScoreParams): string {
  const d = SCORE_DEFAULTS
  const parts: string[] = []
  if (p.frameStackSize !== d.frameStackSize) parts.push(`stack ${p.frameStackSize}`)
  if (p.binarizePercentile !== d.binarizePercentile) parts.push(`κ ${p.binarizePercentile}`)
  if (p.disOnset !== d.disOnset || p.disExtension !== d.disExtension) parts.push(`gaps ${p.disOnset}/${p.disExtension}`)
  return parts.map((part) => ` ${part}`).join('')
}
