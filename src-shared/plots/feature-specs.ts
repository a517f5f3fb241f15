// The performance page's plots of the features that are not chroma, as Vega-Lite specifications
// (drawn and exported like every shared plot): MFCC as a heat map over time, and madmom's novelty
// curves with its onsets. The data arrives already thinned by the backend ('features.view').
import { scheme } from 'vega'
import type { TopLevelSpec } from 'vega-lite'
import { pngDataUrl } from './png'

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json'

export interface MfccData {
  coefficients: number
  secondsPerColumn: number
  /** columns x coefficients; null where a column had no finite value. */
  columns: (number | null)[][]
}

/**
 * MFCC over time, coefficient 0 at the bottom. Coefficient 0 (log energy) is an order of magnitude
 * larger than the rest, so each coefficient is coloured by its own z-score (the subtitle says so).
 * The cells are one PNG image, not an SVG element each: a few thousand rects took seconds to draw
 * on the performance page. Columns without a finite value are left transparent.
 */
export function mfccHeatmapSpec(data: MfccData, width = 760): TopLevelSpec {
  const { coefficients, columns } = data
  const imageWidth = Math.max(1, columns.length) // a PNG has at least one column
  const stats = Array.from({ length: coefficients }, (_, c) => {
    const values = columns.map((column) => column[c]).filter((v): v is number => v !== null)
    const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, values.length)
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, values.length)) || 1
    return { mean, sd }
  })
  const z = (value: number, c: number) => (value - stats[c]!.mean) / stats[c]!.sd
  let lo = 0
  let hi = 0
  columns.forEach((column) => column.forEach((v, c) => v !== null && ((lo = Math.min(lo, z(v, c))), (hi = Math.max(hi, z(v, c))))))
  // As a diverging scale with its middle at 0: below 0 the lower half of viridis, above it the upper.
  const at = (zv: number) => (zv < 0 ? (lo < 0 ? 0.5 * (1 - zv / lo) : 0.5) : hi > 0 ? 0.5 + 0.5 * (zv / hi) : 0.5)
  const viridis = scheme('viridis') as (t: number) => string
  const rgba = new Uint8Array(imageWidth * coefficients * 4)
  columns.forEach((column, k) =>
    column.forEach((value, c) => {
      if (value === null) return
      const [r, g, b] = (viridis(at(z(value, c))).match(/\d+/g) ?? []).map(Number)
      rgba.set([r ?? 0, g ?? 0, b ?? 0, 255], ((coefficients - 1 - c) * imageWidth + k) * 4)
    }),
  )
  const seconds = columns.length * data.secondsPerColumn
  return {
    $schema: SCHEMA,
    title: { text: 'MFCC (HTK)', subtitle: `each coefficient coloured by its own z-score; ${data.secondsPerColumn.toFixed(2)} s a column` },
    width,
    height: 180,
    layer: [
      {
        data: { values: [{ from: 0, to: seconds, bottom: 0, top: coefficients, url: pngDataUrl(imageWidth, coefficients, rgba) }] },
        mark: { type: 'image', aspect: false, smooth: false, aria: false },
        encoding: {
          x: { field: 'from', type: 'quantitative', title: 'time (s)', scale: { domain: [0, seconds], nice: false } },
          x2: { field: 'to' },
          y: {
            field: 'bottom',
            type: 'quantitative',
            title: 'coefficient',
            scale: { domain: [0, coefficients], nice: false },
            axis: { values: Array.from({ length: coefficients }, (_, c) => c + 0.5), labelExpr: 'floor(datum.value)', grid: false },
          },
          y2: { field: 'top' },
          url: { field: 'url', type: 'nominal' },
        },
      },
      // Draws nothing: carries the colour scale, so the legend shows what the colours mean.
      {
        data: { values: [{ z: lo }, { z: hi }] },
        mark: { type: 'point', opacity: 0, aria: false },
        encoding: { color: { field: 'z', type: 'quantitative', title: 'z-score', scale: { scheme: 'viridis', domainMid: 0 } } },
      },
    ],
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
