// The training curve a researcher watches while a model trains: the loss and the validation MAP
// per epoch, one panel each (their scales have nothing in common), one colour per loss when
// `--loss both` trains both, and the chance level of the MAP as a dashed rule so "better than
// chance" is visible at a glance. Pure data, like the other specifications.
import type { TopLevelSpec } from 'vega-lite'

export interface EpochPoint {
  epoch: number
  lossName: string
  /** Null when an epoch had no batch to learn from. */
  loss: number | null
  valMap: number
  chance: number
}

const WIDTH = 520
const HEIGHT = 170
const LOSS_COLOURS = { domain: ['contrastive', 'triplet'], range: ['#1c7ed6', '#d9480f'] }

export function trainingCurveSpec(points: readonly EpochPoint[], title = 'Training: loss and validation MAP per epoch'): TopLevelSpec {
  const rows = points.map((p) => ({ ...p }))
  const chance = points.length > 0 ? points[points.length - 1].chance : null
  const lastEpoch = Math.max(2, ...points.map((p) => p.epoch))
  const x = { field: 'epoch', type: 'quantitative', title: 'epoch', scale: { domain: [1, lastEpoch] }, axis: { tickMinStep: 1, format: 'd' } }
  const color = { field: 'lossName', type: 'nominal', title: 'loss', scale: LOSS_COLOURS, legend: { orient: 'top-right' } }
  const tooltip = [
    { field: 'lossName', title: 'loss' },
    { field: 'epoch', title: 'epoch' },
    { field: 'loss', title: 'training loss', format: '.4f' },
    { field: 'valMap', title: 'validation MAP', format: '.3f' },
  ]
  const lossPanel = {
    width: WIDTH,
    height: HEIGHT,
    data: { values: rows.filter((r) => r.loss !== null) },
    mark: { type: 'line', point: { filled: true, size: 50 } },
    encoding: { x, y: { field: 'loss', type: 'quantitative', title: 'training loss', scale: { zero: false } }, color, tooltip },
  }
  const mapLayers: object[] = [
    {
      data: { values: rows },
      mark: { type: 'line', point: { filled: true, size: 50 } },
      encoding: { x, y: { field: 'valMap', type: 'quantitative', title: 'validation MAP', scale: { domain: [0, 1] } }, color, tooltip },
    },
  ]
  if (chance !== null) {
    mapLayers.push({
      data: { values: [{ chance, label: `chance ${chance.toFixed(3)}` }] },
      layer: [
        { mark: { type: 'rule', strokeDash: [6, 4], color: '#868e96' }, encoding: { y: { field: 'chance', type: 'quantitative' } } },
        { mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 4, dy: -2, color: '#868e96' }, encoding: { x: { value: 0 }, y: { field: 'chance', type: 'quantitative' }, text: { field: 'label' } } },
      ],
    })
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    vconcat: [lossPanel, { width: WIDTH, height: HEIGHT, layer: mapLayers }],
    resolve: { scale: { color: 'shared' } },
  } as TopLevelSpec
}
