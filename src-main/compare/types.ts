// One pair compared in detail, as the Compare view draws it.
import { z } from 'zod'
import { AlignmentParamsSchema, SCORE_METHODS } from '../scoring/parameters'
import { Threshold } from '../scoring/types'

export const CompareResult = z.object({
  /** Every parameter the comparison ran with; all three methods are scored. */
  params: AlignmentParamsSchema.required(),
  /** Frames of each sequence after downsampling, and seconds per such frame. */
  frames: z.tuple([z.number(), z.number()]),
  secondsPerFrame: z.number(),
  /**
   * The global OTI: the second performance's bin b + shift is drawn at bin b (transposeData), so
   * it is lowered by `shift` semitones (raised by 12 - shift) to the first's key; 0–11.
   */
  shift: z.number(),
  /** Binary cross-recurrence (rows: first's frame stacks, cols: second's), downsampled for display. */
  matrix: z.object({
    rows: z.number(),
    cols: z.number(),
    displayRows: z.number(),
    displayCols: z.number(),
    /** displayRows x displayCols bytes, row-major, 0–255 = share of recurrent cells, base64. */
    data: z.string(),
    /**
     * Frames spanned by one stack: a stack at row r covers frames r .. r + stackFrames - 1, and
     * its cell is drawn at its middle frame, r + (stackFrames - 1) / 2.
     */
    stackFrames: z.number(),
  }),
  /**
   * Paths as [frame of the first, frame of the second] in downsampled frames, thinned for
   * display: DTW's warping path, Qmax's and Dmax's best local alignment (stacks at their middle frame).
   */
  dtwPath: z.array(z.tuple([z.number(), z.number()])),
  qmaxPath: z.array(z.tuple([z.number(), z.number()])),
  dmaxPath: z.array(z.tuple([z.number(), z.number()])),
  scores: z.array(
    z.object({
      method: z.enum(SCORE_METHODS),
      /** null: nothing aligned (Qmax/Dmax score 0, an infinite distance). */
      distance: z.number().nullable(),
      /** Qmax/Dmax raw score; DTW: null. */
      score: z.number().nullable(),
      /** The transposition (as `shift`) this method aligned under: DTW with keyShift 'all' may pick another. */
      shift: z.number(),
      threshold: Threshold.nullable(),
      /** P(versions | distance) by the threshold's job's calibration, at that job's share of version pairs; null without one. */
      probability: z.number().nullable(),
      verdict: z.enum(['versions', 'not versions', 'uncalibrated']),
    }),
  ),
  seconds: z.number(),
})


export type CompareResult = z.infer<typeof CompareResult>
