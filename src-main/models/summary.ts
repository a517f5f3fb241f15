// A model card's figures as the Models page and `refrain models` show them: the card keeps
// training details in free-form fields (training.dataset, metrics.validation, …), read here
// defensively so an older or hand-written card shows what it has and blanks for the rest.
import type { ModelCard } from '../embedding/card'
import type { CardSummary } from './types'

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null)
const text = (value: unknown): string | null => (typeof value === 'string' && value ? value : null)

export function summariseCard(card: ModelCard): CardSummary {
  const training = card.training as Record<string, unknown>
  const dataset = text(training.dataset)
  const hash = text(training.datasetHash)
  const calibration = card.calibration
  return {
    feature: card.input.feature,
    dim: card.output.dim,
    parameters: num(card.architecture.parameters),
    loss: card.training.loss,
    trainingData: dataset ? `${dataset}${hash ? ` (${hash.slice(0, 12)})` : ''}` : null,
    epochs: num(training.epochs),
    bestEpoch: num(training.bestEpoch),
    valMap: num(card.metrics.validation?.map),
    valChance: num(card.metrics.validation?.chance),
    testMap: num(card.metrics.test?.map),
    calibration: calibration ? `${calibration.threshold.toFixed(3)} (${calibration.method} on ${calibration.on})` : null,
    licence: `code ${card.licence.code}; weights: ${card.licence.weights}`,
    interrupted: training.interrupted === true,
  }
}
