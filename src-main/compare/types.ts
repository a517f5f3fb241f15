// One pair compared in detail, as the Compare view draws it, and how its distances are judged:
// the calibrations a verdict may come from, the operating point that turns one into a threshold,
// and each method's verdict with where its distance falls among the calibration's pairs.
import { z } from 'zod'
import { AlignmentParamsSchema, SCORE_METHODS } from '../scoring/parameters'

/**
 * One matrix of the comparison reduced for display. Cell (r, c) of the full matrix is centred on
 * frame firstFrame + r * framesPerCell of the first performance (downsampled frames) and the same
 * of c for the second: a grid of frame stacks starts at the first stack's middle frame, the DTW
 * cost grid at frame 0.
 */
const MatrixImage = z.object({
  rows: z.number(),
  cols: z.number(),
  displayRows: z.number(),
  displayCols: z.number(),
  /** displayRows x displayCols bytes, row-major, base64; 255 the most alike (see `low`, `high`). */
  data: z.string(),
  firstFrame: z.number(),
  framesPerCell: z.number(),
  /**
   * The values bytes 255 and 0 stand for, linearly between: the share of recurrent cells (1 and 0),
   * the stack distance or the accumulated cost (lowest and highest block mean). A byte 0 is also
   * a block with no value (outside a DTW band).
   */
  low: z.number(),
  high: z.number(),
})
export type MatrixImage = z.infer<typeof MatrixImage>

export const MATRIX_KINDS = ['recurrence', 'similarity', 'cost'] as const
export type MatrixKind = (typeof MATRIX_KINDS)[number]

const Path = z.array(z.tuple([z.number(), z.number()]))

/** A pair's distance as one method measured it, before any calibration. */
export const RawScore = z.object({
  method: z.enum(SCORE_METHODS),
  /**
   * As the evaluation counts a pair: the mean of both directions, which differ for Qmax and Dmax
   * (each divides by its reference's length). null: nothing aligned (Qmax/Dmax score 0, an infinite distance).
   */
  distance: z.number().nullable(),
})

/** How a calibration's pairs turn into a threshold: equal error rate, maximum F1, or a target false-positive rate. */
export const OperatingPoint = z.discriminatedUnion('rule', [
  z.object({ rule: z.literal('eer') }),
  z.object({ rule: z.literal('max-f1') }),
  z.object({ rule: z.literal('fpr'), fpr: z.number().gt(0).lt(1) }),
])
export type OperatingPoint = z.infer<typeof OperatingPoint>

/**
 * Where verdicts may come from for one parameter set: the evaluated jobs of one dataset (the
 * newest per method), one evaluated job, or the bundled calibration. One source judges the whole table.
 */
export const ThresholdSource = z.object({
  id: z.string(),
  label: z.string(),
  /** The dataset its pairs were drawn from. */
  dataset: z.string(),
  /** The methods it calibrates. */
  methods: z.array(z.enum(SCORE_METHODS)),
  /** The newest evaluated job's date; null for the bundled calibration. */
  createdAt: z.string().nullable(),
  /** The evaluated jobs it draws on (none for the bundled calibration): a Compare opened from a job is judged by it. */
  jobIds: z.array(z.string()),
})
export type ThresholdSource = z.infer<typeof ThresholdSource>

/** What the judging knows of the pair: its datasets and lengths, to warn when the calibration is unlike it. */
export const PairFacts = z.object({
  datasets: z.tuple([z.string(), z.string()]),
  durationsSec: z.tuple([z.number(), z.number()]),
})
export type PairFacts = z.infer<typeof PairFacts>

const Histogram = z.object({
  edges: z.array(z.number()),
  versions: z.array(z.number()),
  nonVersions: z.array(z.number()),
  infinite: z.object({ versions: z.number(), nonVersions: z.number() }),
})

export const VERDICTS = ['versions', 'not versions', 'uncalibrated'] as const

export const JudgedScore = RawScore.extend({
  /** The operating point's distance: "versions" when distance <= value. */
  threshold: z
    .object({
      value: z.number(),
      rule: z.enum(['eer', 'max-f1', 'fpr']),
      /** The calibration's false-positive rate at the threshold (the target, for rule 'fpr'). */
      fpr: z.number().nullable(),
      /** Where it comes from, citable: "job 3f2a… (demo, 252 performances, 2026-11-25)". */
      origin: z.string(),
      jobId: z.string().nullable(),
    })
    .nullable(),
  verdict: z.enum(VERDICTS),
  /** Why there is no threshold (no calibration of this method, or the operating point undefined for it). */
  uncalibrated: z.string().nullable(),
  /** P(versions | distance) by the calibration's Platt fit, at its share of version pairs; null without one. */
  probability: z.number().nullable(),
  /** The calibration's share of version pairs the fit saw, for reading the probability. */
  prior: z.number().nullable(),
  /** The share of the calibration's non-version pairs at or below this distance (its ROC, interpolated). */
  fprAtDistance: z.number().nullable(),
  /** Both distributions of the calibration's pairs, for placing this distance among them. */
  histogram: Histogram.nullable(),
})
export type JudgedScore = z.infer<typeof JudgedScore>

export const Judgement = z.object({
  /** null: no calibration for these parameters at all. */
  source: ThresholdSource.nullable(),
  operatingPoint: OperatingPoint,
  scores: z.array(JudgedScore),
  /** Every calibrated method's verdict in one, and the rule that combined them. */
  combined: z.object({
    /** Undecided: a tie with no probability to break it. */
    verdict: z.enum([...VERDICTS, 'undecided']),
    versions: z.number(),
    calibrated: z.number(),
    meanProbability: z.number().nullable(),
    rule: z.string(),
  }),
  /** Where the calibration's pairs are unlike this one (another dataset, much longer or shorter recordings). */
  warnings: z.array(z.string()),
})
export type Judgement = z.infer<typeof Judgement>

export const CompareResult = z.object({
  /** Every parameter the comparison ran with; all methods are scored. */
  params: AlignmentParamsSchema.required(),
  /** Frames of each sequence after downsampling, and seconds per such frame. */
  frames: z.tuple([z.number(), z.number()]),
  secondsPerFrame: z.number(),
  /**
   * The global OTI: the second performance's bin b + shift is drawn at bin b (transposeData), so
   * it is lowered by `shift` semitones (raised by 12 - shift) to the first's key; 0–11.
   */
  shift: z.number(),
  /** Frames spanned by one stack of the cross-recurrence (rows: the first's stacks, cols: the second's). */
  stackFrames: z.number(),
  /**
   * The binary cross-recurrence, the stack distances it was thresholded from, and DTW's
   * accumulated cost, each reduced for display.
   */
  matrices: z.object({ recurrence: MatrixImage, similarity: MatrixImage, cost: MatrixImage }),
  /**
   * Paths as [frame of the first, frame of the second] in downsampled frames, thinned for
   * display: DTW's warping path, Qmax's and Dmax's best local alignment (stacks at their middle frame).
   */
  dtwPath: Path,
  qmaxPath: Path,
  dmaxPath: Path,
  /**
   * Each method's distance judged by the chosen (or default) source and operating point, with what
   * else it found: Qmax/Dmax's raw score, the transposition it aligned under.
   */
  scores: z.array(
    JudgedScore.extend({
      /** The distance from the first to the second and from the second to the first (null: infinite); `distance` is their mean. */
      directions: z.tuple([z.number().nullable(), z.number().nullable()]),
      /** Qmax/Dmax raw score; otherwise null. */
      score: z.number().nullable(),
      /** The transposition (as `shift`) this method aligned under: DTW with keyShift 'all' may pick another. */
      shift: z.number(),
    }),
  ),
  /** The rest of the judgement: its source, operating point, combined verdict and warnings. */
  judgement: Judgement.omit({ scores: true }),
  seconds: z.number(),
})

export type CompareResult = z.infer<typeof CompareResult>
