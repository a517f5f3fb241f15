// The shapes the models capability speaks in (the API contract uses the schemas): a model as the
// list shows it with its card's figures, a training request, and a training job's progress and end.
import { z } from 'zod'
import { datasetName } from '../index/types'

export const TRAIN_LOSSES = ['contrastive', 'triplet', 'both'] as const

/** A card's figures, flattened for a table: what it reads, what it learned from, how well it did. */
export const CardSummary = z.object({
  feature: z.string(),
  dim: z.number(),
  parameters: z.number().nullable(),
  loss: z.string(),
  /** The training data's name and its hash prefix, when the card names them. */
  trainingData: z.string().nullable(),
  epochs: z.number().nullable(),
  bestEpoch: z.number().nullable(),
  valMap: z.number().nullable(),
  valChance: z.number().nullable(),
  testMap: z.number().nullable(),
  /** "0.84 (equal error rate on validation)"; null for an uncalibrated model. */
  calibration: z.string().nullable(),
  licence: z.string(),
  interrupted: z.boolean(),
})
export type CardSummary = z.infer<typeof CardSummary>

export const ModelInfo = z.object({
  name: z.string(),
  path: z.string(),
  /** The sha256 of the .onnx file (as its card states and the loader checks). */
  id: z.string(),
  /** shipped: resources/models/; user: the per-user models folder; elsewhere: an active model set by path. */
  source: z.enum(['shipped', 'user', 'elsewhere']),
  active: z.boolean(),
  card: CardSummary,
})
export type ModelInfo = z.infer<typeof ModelInfo>

export const TrainRequest = z.object({
  dataset: datasetName,
  /** A dataset to validate on; default: a work-disjoint split of the training dataset. */
  val: datasetName.optional(),
  loss: z.enum(TRAIN_LOSSES).optional(),
  epochs: z.number().int().min(1).max(10_000).optional(),
  seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
  /** The model's file name (without .onnx); default: the dataset, the loss and the date. */
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/, 'a model name is letters, digits, dots, dashes and underscores')
    .optional(),
})
export type TrainRequest = z.infer<typeof TrainRequest>

export interface TrainProgress {
  jobId: string
  /** Epoch within the loss being trained (1-based). */
  epoch: number
  epochs: number
  lossName: string
  loss: number | null
  valMap: number
  chance: number
  seconds: number
}

export interface TrainDone {
  jobId: string
  /** The model written (listed with the user's models); null when training failed. */
  model: ModelInfo | null
  /** Why it failed, in one line; null when a model was written. */
  error: string | null
  /** Stopped by the user: the best epoch so far was kept. */
  interrupted: boolean
  seconds: number
}
