// The plots a researcher looks at before reading numbers, as Vega-Lite specifications: pure data,
// no DOM and no Node, so the workstation and the reports draw them with the same code and export
// them as SVG or PNG with Vega's own renderers.
//
// Vega-Lite (Satyanarayan, Moritz, Wongsuphasawat & Heer, "Vega-Lite: A Grammar of Interactive
// Graphics", IEEE TVCG 2017), rendered by Vega.
import type { TopLevelSpec } from 'vega-lite'

/** What the distribution plot needs of an evaluation (see src-main/eval/histogram.ts). */
export interface HistogramData {
  edges: number[]
  versions: number[]
  nonVersions: number[]
  infinite: { versions: number; nonVersions: number }
}

export interface ThresholdMark {
  value: number
  /** How the threshold was chosen, for its label: "EER", "max F1". */
  rule: string
}

const VERSIONS = 'versions'
const NON_VERSIONS = 'non-versions'
const COLOURS = { range: ['#d9480f', '#1c7ed6'], domain: [VERSIONS, NON_VERSIONS] }
const WIDTH = 560
const HEIGHT = 260

/**
 * The seed project's plot: the distance distributions of version and of non-version pairs, each
 * as a density (its counts over its own total and the bin width, so a few hundred version pairs
 * are visible beside tens of thousands of others), with the decision threshold as a rule.
 */
export function distanceDistributionSpec(h: HistogramData, threshold: ThresholdMark | null, title = 'Distances of version and non-version pairs', compact = false): TopLevelSpec {
  const rows: Array<{ kind: string; from: number; to: number; density: number; pairs: number }> = []
  const totalOf = (counts: number[]) => counts.reduce((a, b) => a + b, 0)
  for (const [kind, counts] of [[VERSIONS, h.versions], [NON_VERSIONS, h.nonVersions]] as const) {
    const total = totalOf(counts)
    counts.forEach((pairs, k) => {
      const width = h.edges[k + 1] - h.edges[k] || 1
      rows.push({ kind, from: h.edges[k], to: h.edges[k + 1], pairs, density: total > 0 ? pairs / total / width : 0 })
    })
  }
  const infinite = h.infinite.versions + h.infinite.nonVersions
  const thresholdLabel = threshold && `threshold ${threshold.value.toPrecision(4)} (${threshold.rule})`
  // A compact plot has no room for labels beside its lines: they go under its title.
  const subtitle = [
    ...(compact && thresholdLabel ? [`dashed: ${thresholdLabel}`] : []),
    ...(infinite > 0 ? [`${h.infinite.versions} version and ${h.infinite.nonVersions} non-version pairs at infinite distance (nothing aligned, or not on a two-stage shortlist; not drawn)`] : []),
  ]
  const layers: object[] = [
    {
      data: { values: rows },
      mark: { type: 'rect', opacity: 0.55 },
      encoding: {
        x: { field: 'from', type: 'quantitative', title: 'distance (lower = closer)' },
        x2: { field: 'to' },
        y: { field: 'density', type: 'quantitative', title: 'density', stack: null },
        color: { field: 'kind', type: 'nominal', title: null, scale: COLOURS, legend: { orient: compact ? 'bottom' : 'top-right' } },
        tooltip: [
          { field: 'kind', title: 'pairs' },
          { field: 'from', title: 'from', format: '.4g' },
          { field: 'to', title: 'to', format: '.4g' },
          { field: 'pairs', title: 'count' },
        ],
      },
    },
  ]
  if (threshold) {
    const rule = { mark: { type: 'rule', strokeDash: [6, 4], strokeWidth: 2, color: '#212529' }, encoding: { x: { field: 'value', type: 'quantitative' } } }
    const label = {
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 4, dy: 4, color: '#212529' },
      encoding: { x: { field: 'value', type: 'quantitative' }, y: { value: 0 }, text: { field: 'label' } },
    }
    layers.push({ data: { values: [{ value: threshold.value, label: thresholdLabel }] }, layer: compact ? [rule] : [rule, label] })
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: subtitle.length ? { text: title, subtitle } : title,
    width: WIDTH,
    height: HEIGHT,
    layer: layers,
  } as TopLevelSpec
}

/** The ROC curve (true against false positive rate over all thresholds), the chance diagonal, and the EER point. */
export function rocSpec(points: Array<[number, number, number]>, auc: number | null, eer: { rate: number; threshold: number } | null): TopLevelSpec {
  const curve = points.map(([fpr, tpr, threshold]) => ({ fpr, tpr, threshold }))
  const layers: object[] = [
    {
      data: { values: [{ fpr: 0, tpr: 0 }, { fpr: 1, tpr: 1 }] },
      mark: { type: 'line', strokeDash: [4, 4], color: '#adb5bd' },
      encoding: { x: { field: 'fpr', type: 'quantitative' }, y: { field: 'tpr', type: 'quantitative' } },
    },
    {
      data: { values: curve },
      mark: { type: 'line', color: '#1c7ed6', interpolate: 'step-after' },
      encoding: {
        x: { field: 'fpr', type: 'quantitative', title: 'false positive rate', scale: { domain: [0, 1] } },
        y: { field: 'tpr', type: 'quantitative', title: 'true positive rate', scale: { domain: [0, 1] } },
        order: { field: 'fpr', type: 'quantitative' },
        tooltip: [
          { field: 'threshold', title: 'distance ≤', format: '.4g' },
          { field: 'fpr', title: 'FPR', format: '.3f' },
          { field: 'tpr', title: 'TPR', format: '.3f' },
        ],
      },
    },
  ]
  if (eer) {
    layers.push({
      data: { values: [{ fpr: eer.rate, tpr: 1 - eer.rate, label: `EER ${(100 * eer.rate).toFixed(1)} %` }] },
      layer: [
        { mark: { type: 'point', filled: true, size: 60, color: '#d9480f' }, encoding: { x: { field: 'fpr', type: 'quantitative' }, y: { field: 'tpr', type: 'quantitative' } } },
        {
          mark: { type: 'text', align: 'left', dx: 8, dy: 8, color: '#d9480f' },
          encoding: { x: { field: 'fpr', type: 'quantitative' }, y: { field: 'tpr', type: 'quantitative' }, text: { field: 'label' } },
        },
      ],
    })
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: auc === null ? 'ROC curve' : `ROC curve (AUC ${auc.toFixed(3)})`,
    width: HEIGHT + 40,
    height: HEIGHT + 40,
    layer: layers,
  } as TopLevelSpec
}

/** The precision-recall curve of the version / non-version decision as the threshold rises, with the max-F1 point. */
export function precisionRecallSpec(points: Array<[number, number, number]>, best: { recall: number; precision: number; f1: number; threshold: number } | null): TopLevelSpec {
  const curve = points.map(([recall, precision, threshold]) => ({ recall, precision, threshold: Number.isFinite(threshold) ? threshold : null }))
  const layers: object[] = [
    {
      data: { values: curve },
      mark: { type: 'line', color: '#1c7ed6', interpolate: 'linear' },
      encoding: {
        x: { field: 'recall', type: 'quantitative', title: 'recall (version pairs found)', scale: { domain: [0, 1] } },
        y: { field: 'precision', type: 'quantitative', title: 'precision', scale: { domain: [0, 1] } },
        order: { field: 'recall', type: 'quantitative' },
        tooltip: [
          { field: 'threshold', title: 'distance ≤', format: '.4g' },
          { field: 'recall', format: '.3f' },
          { field: 'precision', format: '.3f' },
        ],
      },
    },
  ]
  if (best) {
    layers.push({
      data: { values: [{ ...best, label: `max F1 ${best.f1.toFixed(3)} at ${best.threshold.toPrecision(4)}` }] },
      layer: [
        { mark: { type: 'point', filled: true, size: 60, color: '#d9480f' }, encoding: { x: { field: 'recall', type: 'quantitative' }, y: { field: 'precision', type: 'quantitative' } } },
        {
          mark: { type: 'text', align: 'right', dx: -8, dy: -8, color: '#d9480f' },
          encoding: { x: { field: 'recall', type: 'quantitative' }, y: { field: 'precision', type: 'quantitative' }, text: { field: 'label' } },
        },
      ],
    })
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Precision-recall of "versions" (distance ≤ threshold)',
    width: HEIGHT + 40,
    height: HEIGHT + 40,
    layer: layers,
  } as TopLevelSpec
}

/** MAP of the queries grouped by how many versions each has to find, one bar per group, labelled with its query count. */
export function mapByVersionsSpec(rows: Array<{ versions: number; queries: number; map: number }>): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'MAP by versions to find per query',
    width: Math.max(160, Math.min(WIDTH, rows.length * 48)),
    height: HEIGHT,
    data: { values: rows.map((r) => ({ ...r, label: `${r.queries} q` })) },
    encoding: {
      x: { field: 'versions', type: 'ordinal', title: 'other versions of the query’s work', axis: { labelAngle: 0 } },
      y: { field: 'map', type: 'quantitative', title: 'MAP', scale: { domain: [0, 1] } },
    },
    layer: [
      {
        mark: { type: 'bar', color: '#1c7ed6' },
        encoding: { tooltip: [{ field: 'versions', title: 'versions' }, { field: 'queries', title: 'queries' }, { field: 'map', title: 'MAP', format: '.3f' }] },
      },
      { mark: { type: 'text', baseline: 'bottom', dy: -3, color: '#212529' }, encoding: { text: { field: 'label' } } },
    ],
  } as TopLevelSpec
}

/** How many works have each number of performances (a dataset's shape at a glance). */
export function workSizesSpec(rows: Array<{ performances: number; works: number }>): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Works by number of performances',
    width: Math.max(160, Math.min(WIDTH, rows.length * 48)),
    height: HEIGHT,
    data: { values: rows },
    encoding: {
      x: { field: 'performances', type: 'ordinal', title: 'performances of the work', axis: { labelAngle: 0 } },
      y: { field: 'works', type: 'quantitative', title: 'works' },
    },
    layer: [
      { mark: { type: 'bar', color: '#1c7ed6' }, encoding: { tooltip: [{ field: 'performances' }, { field: 'works' }] } },
      { mark: { type: 'text', baseline: 'bottom', dy: -3, color: '#212529' }, encoding: { text: { field: 'works' } } },
    ],
  } as TopLevelSpec
}

/**
 * The distance distributions small, with one pair's distance marked on them (Compare): where that
 * pair falls among the calibration's version and non-version pairs, beside the threshold.
 */
export function pairDistanceSpec(h: HistogramData, threshold: ThresholdMark | null, distance: number | null, title: string): TopLevelSpec {
  const base = distanceDistributionSpec(h, threshold, title, true) as unknown as { layer: object[]; title: string | { text: string; subtitle: string[] } }
  const said = distance === null ? 'this pair: infinite distance (not drawn)' : `green: this pair ${distance.toPrecision(4)}`
  const titled = typeof base.title === 'string' ? { text: base.title, subtitle: [said] } : { ...base.title, subtitle: [said, ...base.title.subtitle] }
  const marker =
    distance === null
      ? []
      : [{ data: { values: [{ value: distance }] }, mark: { type: 'rule', strokeWidth: 3, color: '#2b8a3e' }, encoding: { x: { field: 'value', type: 'quantitative' } } }]
  return { ...base, title: titled, width: 280, height: 120, layer: [...base.layer, ...marker] } as unknown as TopLevelSpec
}
