// Drawing the comparison matrix, with no DOM of its own: the plot's size for a box (square cells
// that fit the longer side, or filling the box), the window of cells a view shows and how it
// zooms and pans, and the one function that paints the matrix, the paths, the linked marks, both
// time axes and their titles onto a 2D context (a canvas, or the SVG export).
import { timeStep } from '../../chroma'
import { cellAtTime, timeAtCell, type Grid } from '../../compare'
import { fmtTime } from '../../format'
import type { Context2D, Plot } from '../chromagram/draw'

export const MARGIN = { left: 56, right: 14, top: 24, bottom: 44 }
/** The smallest plot side drawn, so that a very unequal pair still shows a strip one can point at. */
const MIN_SIDE = 40
const MIN_CELLS = 8
/**
 * With square cells, the shorter side is never below this share of its box: a 24 s clip against
 * a 3-minute recording would otherwise be a strip of 75 px with no room for a time label. Its
 * cells are then stretched along that side (`cellStretch` says by how much).
 */
const READABLE_SHARE = 1 / 3
/** About how wide a character of the axis titles is (bold 11 px sans), to shorten a title to its room. */
const TITLE_CHAR_PX = 6.6

/** Square cells at the largest size that fits the box (the longer side fills it), or the whole box. */
export type FitMode = 'square' | 'fill'

/** The matrix's canvas and plot area, laid out as a chromagram's. */
export type MatrixPlot = Plot

/** The cells shown: [x0, x1) of the columns (the second performance), [y0, y1) of the rows (the first). */
export interface MatrixView {
  x0: number
  x1: number
  y0: number
  y1: number
}

export function plotFor(boxWidth: number, maxHeight: number, grid: Pick<Grid, 'rows' | 'cols'>, mode: FitMode): MatrixPlot {
  const availW = Math.max(MIN_SIDE, boxWidth - MARGIN.left - MARGIN.right)
  const availH = Math.max(MIN_SIDE, maxHeight - MARGIN.top - MARGIN.bottom)
  let plotW = availW
  let plotH = availH
  if (mode === 'square') {
    const px = Math.min(availW / grid.cols, availH / grid.rows)
    plotW = Math.max(MIN_SIDE, availW * READABLE_SHARE, grid.cols * px)
    plotH = Math.max(MIN_SIDE, availH * READABLE_SHARE, grid.rows * px)
  }
  return { width: plotW + MARGIN.left + MARGIN.right, height: plotH + MARGIN.top + MARGIN.bottom, left: MARGIN.left, top: MARGIN.top, plotW, plotH }
}

/** How much wider than tall a whole-matrix cell is drawn: 1 for square cells, above 1 where a short second performance is stretched to stay readable. */
export const cellStretch = (plot: Pick<MatrixPlot, 'plotW' | 'plotH'>, grid: Pick<Grid, 'rows' | 'cols'>): number => plot.plotW / grid.cols / (plot.plotH / grid.rows)

/** `text` cut to about `px` wide, with an ellipsis where it was cut. */
export function fitTitle(text: string, px: number): string {
  const room = Math.max(4, Math.floor(px / TITLE_CHAR_PX))
  return text.length <= room ? text : `${text.slice(0, room - 1).trimEnd()}…`
}

export const fitView = (grid: Pick<Grid, 'rows' | 'cols'>): MatrixView => ({ x0: 0, x1: grid.cols, y0: 0, y1: grid.rows })

/** One axis's window kept inside [0, extent], no narrower than a few cells. */
function clampSpan(start: number, span: number, extent: number): [number, number] {
  const s = Math.min(extent, Math.max(Math.min(MIN_CELLS, extent), span))
  const from = Math.max(0, Math.min(extent - s, start))
  return [from, from + s]
}

/** `v` zoomed by `factor` (> 1 in) about the cell (ax, ay), both axes alike (so square cells stay square). */
export function zoomMatrix(v: MatrixView, factor: number, grid: Pick<Grid, 'rows' | 'cols'>, ax = (v.x0 + v.x1) / 2, ay = (v.y0 + v.y1) / 2): MatrixView {
  // Both axes by one factor, limited to what both can take: no narrower than a few cells, no wider than the matrix.
  const spanX = v.x1 - v.x0
  const spanY = v.y1 - v.y0
  const most = Math.min(spanX / Math.min(MIN_CELLS, grid.cols), spanY / Math.min(MIN_CELLS, grid.rows))
  const least = Math.max(spanX / grid.cols, spanY / grid.rows)
  const f = Math.min(most, Math.max(least, factor))
  const [x0, x1] = clampSpan(ax - (ax - v.x0) / f, spanX / f, grid.cols)
  const [y0, y1] = clampSpan(ay - (ay - v.y0) / f, spanY / f, grid.rows)
  return { x0, x1, y0, y1 }
}

/** `v` moved by (dx, dy) cells, kept inside the matrix. */
export function panMatrix(v: MatrixView, dx: number, dy: number, grid: Pick<Grid, 'rows' | 'cols'>): MatrixView {
  const [x0, x1] = clampSpan(v.x0 + dx, v.x1 - v.x0, grid.cols)
  const [y0, y1] = clampSpan(v.y0 + dy, v.y1 - v.y0, grid.rows)
  return { x0, x1, y0, y1 }
}

/** The cell position (continuous) at canvas point (x, y), or null off the plot. */
export function cellAtPoint(plot: MatrixPlot, v: MatrixView, x: number, y: number): { row: number; col: number } | null {
  const px = x - plot.left
  const py = y - plot.top
  if (px < 0 || px >= plot.plotW || py < 0 || py >= plot.plotH) return null
  return { col: v.x0 + (px / plot.plotW) * (v.x1 - v.x0), row: v.y0 + (py / plot.plotH) * (v.y1 - v.y0) }
}

export interface MatrixScene {
  plot: MatrixPlot
  view: MatrixView
  grid: Grid
  secondsPerFrame: number
  /** The matrix as an image of displayCols x displayRows pixels, drawn over all rows x cols cells. */
  image: CanvasImageSource
  /** Each path in cells of the grid (pathOnGrid), with its colour. */
  paths: Array<{ colour: string; points: ReadonlyArray<readonly [number, number]> }>
  /** Linked times to mark: the first performance's (a row) and the second's (a column). */
  marks: { a: number | null; b: number | null }
  titles: { x: string; y: string }
}

const FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'

export function drawMatrix(ctx: Context2D, scene: MatrixScene): void {
  const { plot, view, grid, secondsPerFrame: spf } = scene
  const { left, top, plotW, plotH } = plot
  const sx = plotW / (view.x1 - view.x0)
  const sy = plotH / (view.y1 - view.y0)
  const xOf = (col: number) => left + (col - view.x0) * sx
  const yOf = (row: number) => top + (row - view.y0) * sy

  ctx.save()
  ctx.beginPath()
  ctx.rect(left, top, plotW, plotH)
  ctx.clip()
  ctx.fillStyle = '#eef0f3'
  ctx.fillRect(left, top, plotW, plotH)
  ctx.imageSmoothingEnabled = false
  ctx.drawImage(scene.image, xOf(0), yOf(0), grid.cols * sx, grid.rows * sy)
  for (const path of scene.paths) {
    if (path.points.length === 0) continue
    ctx.strokeStyle = path.colour
    ctx.lineWidth = 2
    ctx.beginPath()
    path.points.forEach(([i, j], k) => {
      if (k === 0) ctx.moveTo(xOf(j + 0.5), yOf(i + 0.5))
      else ctx.lineTo(xOf(j + 0.5), yOf(i + 0.5))
    })
    ctx.stroke()
  }
  ctx.strokeStyle = 'rgba(20, 20, 20, 0.7)'
  ctx.lineWidth = 1
  if (scene.marks.a !== null) {
    const y = Math.round(yOf(cellAtTime(scene.marks.a, spf, grid))) + 0.5
    ctx.beginPath()
    ctx.moveTo(left, y)
    ctx.lineTo(left + plotW, y)
    ctx.stroke()
  }
  if (scene.marks.b !== null) {
    const x = Math.round(xOf(cellAtTime(scene.marks.b, spf, grid))) + 0.5
    ctx.beginPath()
    ctx.moveTo(x, top)
    ctx.lineTo(x, top + plotH)
    ctx.stroke()
  }
  ctx.restore()
  ctx.strokeStyle = '#8a8f98'
  ctx.lineWidth = 1
  ctx.strokeRect(left - 0.5, top - 0.5, plotW + 1, plotH + 1)

  // Time axes in m:ss at round steps: the second performance along the bottom, the first down the left.
  ctx.fillStyle = '#30343b'
  ctx.font = FONT
  const decimals = (step: number) => (step < 1 ? (step < 0.1 ? 2 : 1) : 0)
  const ticks = (from: number, to: number, pxPerCell: number, minPx: number) => {
    const t0 = timeAtCell(from, spf, grid)
    const t1 = timeAtCell(to, spf, grid)
    const step = timeStep((t1 - t0) / ((to - from) * pxPerCell), minPx)
    const out: Array<{ cell: number; label: string }> = []
    for (let t = Math.ceil(t0 / step - 1e-9) * step; t <= t1 + 1e-9; t += step) out.push({ cell: cellAtTime(t, spf, grid), label: fmtTime(t, decimals(step)) })
    return out
  }
  ctx.textAlign = 'center'
  ctx.textBaseline = 'top'
  for (const { cell, label } of ticks(view.x0, view.x1, sx, 70)) {
    const x = xOf(cell)
    ctx.fillRect(Math.round(x), top + plotH, 1, 4)
    ctx.fillText(label, Math.min(Math.max(x, left + 14), left + plotW - 14), top + plotH + 7)
  }
  ctx.textAlign = 'right'
  ctx.textBaseline = 'middle'
  for (const { cell, label } of ticks(view.y0, view.y1, sy, 40)) {
    const y = yOf(cell)
    ctx.fillRect(left - 4, Math.round(y), 4, 1)
    ctx.fillText(label, left - 6, Math.min(Math.max(y, top + 6), top + plotH - 6))
  }
  ctx.font = `600 ${FONT}`
  ctx.textAlign = 'center'
  ctx.textBaseline = 'bottom'
  // Centred under the plot, and no wider than the canvas on either side of that centre.
  ctx.fillText(fitTitle(scene.titles.x, plotW + 2 * MARGIN.right - 8), left + plotW / 2, plot.height - 4)
  ctx.textAlign = 'left'
  ctx.fillText(fitTitle(scene.titles.y, plot.width - 8), 4, top - 6)
}
