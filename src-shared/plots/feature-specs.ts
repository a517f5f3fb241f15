// The performance page's plots of the features that are not chroma, as Vega-Lite specifications
// (drawn and exported like every shared plot): MFCC as a heat map over time, and madmom's novelty
// curves with its onsets. The data arrives already thinned by the backend ('features.view').
import type { TopLevelSpec } from 'vega-lite'

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json'

export interface MfccData {
  coefficients: number
  secondsPerColumn: number
  /** columns x coefficients; null where a column had no finite value. */
  columns: (number | null)[][]
}

/**
 * MFCC over time, coefficient 0 at the bottom. Coefficient 0 (log energy) is an order of magnitude
 * larger than the rest, so each coefficient is coloured by its own z-score (the subtitle says so);
 * the tooltip gives the value itself. Columns without a finite value are left blank.
 */
export function mfccHeatmapSpec(data: MfccData, width = 760): TopLevelSpec {
  const stats = Array.from({ length: data.coefficients }, (_, c) => {
    const values = data.columns.map((column) => column[c]).filter((v): v is number => v !== null)
    const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, values.length)
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, values.length)) || 1
    return { mean, sd }
  })
  const rows: Array<{ from: number; to: number; coefficient: number; value: number; z: number }> = []
  data.columns.forEach((column, k) =>
    column.forEach((value, c) => {
      if (value === null) return
      rows.push({ from: k * data.secondsPerColumn, to: (k + 1) * data.secondsPerColumn, coefficient: c, value, z: (value - stats[c]!.mean) / stats[c]!.sd })
    }),
  )
  return {
    $schema: SCHEMA,
    title: { text: 'MFCC (HTK)', subtitle: `each coefficient coloured by its own z-score; ${data.secondsPerColumn.toFixed(2)} s a column` },
    width,
    height: 180,
    data: { values: rows },
    mark: { type: 'rect' },
    encoding: {
      x: { field: 'from', type: 'quantitative', title: 'time (s)' },
      x2: { field: 'to' },
      y: { field: 'coefficient', type: 'ordinal', title: 'coefficient', sort: 'descending' },
      color: { field: 'z', type: 'quantitative', title: 'z-score', scale: { scheme: 'viridis', domainMid: 0 } },
      tooltip: [
        { field: 'coefficient', title: 'coefficient' },
        { field: 'from', title: 'from (s)', format: '.1f' },
        { field: 'value', title: 'value', format: '.3f' },
      ],
    },
  } as TopLevelSpec
}

export interface NoveltyData {
  secondsPerPoint: number
  curves: Array<{ name: string; values: (number | null)[] }>
  /** In seconds. */
  onsets: number[]
}

/** Each novelty curve on its own axis, one above the other on a shared time axis, then the onsets as ticks. */
export function noveltyCurvesSpec(data: NoveltyData, width = 760): TopLevelSpec {
  const charts: object[] = data.curves.map((curve) => ({
    width,
    height: 110,
    title: { text: curve.name, anchor: 'start', fontSize: 12 },
    data: { values: curve.values.flatMap((value, k) => (value === null ? [] : [{ t: (k + 0.5) * data.secondsPerPoint, value }])) },
    mark: { type: 'line', color: '#1c7ed6', strokeWidth: 1 },
    encoding: {
      x: { field: 't', type: 'quantitative', title: null },
      y: { field: 'value', type: 'quantitative', title: 'max in block' },
      tooltip: [
        { field: 't', title: 'time (s)', format: '.1f' },
        { field: 'value', format: '.4g' },
      ],
    },
  }))
  charts.push({
    width,
    height: 24,
    title: { text: `onsets (${data.onsets.length})`, anchor: 'start', fontSize: 12 },
    data: { values: data.onsets.map((t) => ({ t })) },
    mark: { type: 'tick', orient: 'vertical', color: '#d9480f', thickness: 1 },
    encoding: { x: { field: 't', type: 'quantitative', title: 'time (s)' } },
  })
  return {
    $schema: SCHEMA,
    title: { text: 'madmom novelty curves', subtitle: `each point the maximum of ${data.secondsPerPoint.toFixed(2)} s` },
    vconcat: charts,
    resolve: { scale: { x: 'shared' } },
  } as TopLevelSpec
}
