// Drawing a chromagram, with no DOM of its own: the plot's geometry, which frames a view shows
// and how many pixel columns they reduce to, which cell a point falls on, and the one function
// that paints the heatmap image, the hovered cell, the frame and both axes onto a 2D context.
import { LUT, pitchLabels, timeStep, type Chroma } from '../../chroma'
import { fmtTime } from '../../format'
import { PLOT_MARGIN } from '../../timeView'

export const CHROMA_HEIGHT = 300
const MARGIN = { left: PLOT_MARGIN.left, right: PLOT_MARGIN.right, top: 8, bottom: 26 }

/** A span of frames: where the view starts and how many it shows (both fractional). */
export interface FrameView {
  start: number
  span: number
}

/** The cell under the pointer, and its x in the plot. */
export interface Hover {
  frame: number
  bin: number
  x: number
}

export interface Plot {
  width: number
  height: number
  left: number
  top: number
  plotW: number
  plotH: number
}

export function plotOf(width: number): Plot {
  return {
    width,
    height: CHROMA_HEIGHT,
    left: MARGIN.left,
    top: MARGIN.top,
    plotW: Math.max(10, width - MARGIN.left - MARGIN.right),
    plotH: CHROMA_HEIGHT - MARGIN.top - MARGIN.bottom,
  }
}

/** Frames [i0, i1) the view shows, reduced to `cols` columns (at most one a device pixel). */
export interface Columns {
  i0: number
  i1: number
  cols: number
}

export function columnsOf(chroma: Chroma, view: FrameView, plotW: number, dpr: number): Columns {
  // A view past the end of a shorter recording (kept in step with a longer one) keeps its last frame, off the plot.
  const i0 = Math.max(0, Math.min(chroma.frames - 1, Math.floor(view.start)))
  const i1 = Math.min(chroma.frames, Math.ceil(view.start + view.span))
  const cols = Math.max(1, Math.min(Math.max(1, i1 - i0), Math.round(plotW * dpr)))
  return { i0, i1, cols }
}

/** The cell at (x, y) in canvas pixels, or null off the plot or past the recording's end. */
export function cellAt(plot: Plot, chroma: Chroma, view: FrameView, x: number, y: number): Hover | null {
  const px = x - plot.left
  const py = y - plot.top
  if (px < 0 || px >= plot.plotW || py < 0 || py >= plot.plotH) return null
  const frame = Math.floor(view.start + (px / plot.plotW) * view.span)
  if (frame >= chroma.frames) return null
  const bin = chroma.bins - 1 - Math.min(chroma.bins - 1, Math.floor((py / plot.plotH) * chroma.bins))
  return { frame, bin, x: px }
}

/** The time at x in canvas pixels, in seconds; null off the plot. */
export function secondsAt(plot: Plot, chroma: Chroma, view: FrameView, x: number): number | null {
  const px = x - plot.left
  if (px < 0 || px > plot.plotW) return null
  return (view.start + (px / plot.plotW) * view.span) / chroma.frameRate
}

/** The colour scale, one pixel a step, into a 256 x 1 image's pixels. */
export function fillLegend(pixels: Uint8ClampedArray): void {
  for (let i = 0; i < 256; i++) {
    pixels[i * 4] = LUT[i * 3]!
    pixels[i * 4 + 1] = LUT[i * 3 + 1]!
    pixels[i * 4 + 2] = LUT[i * 3 + 2]!
    pixels[i * 4 + 3] = 255
  }
}

export type Context2D = Pick<
  CanvasRenderingContext2D,
  | 'fillStyle'
  | 'strokeStyle'
  | 'lineWidth'
  | 'font'
  | 'textAlign'
  | 'textBaseline'
  | 'imageSmoothingEnabled'
  | 'fillRect'
  | 'strokeRect'
  | 'beginPath'
  | 'rect'
  | 'clip'
  | 'moveTo'
  | 'lineTo'
  | 'stroke'
  | 'fillText'
  | 'save'
  | 'restore'
  | 'drawImage'
>

export interface Scene {
  chroma: Chroma
  view: FrameView
  hover: Hover | null
  columns: Columns
  /** The columns as an image of `columns.cols` x chroma.bins pixels (renderColumns'). */
  image: CanvasImageSource
}

/** Paints the plot onto `ctx` (already cleared, in CSS pixels): its grey ground alone while there is no scene. */
export function drawChromagram(ctx: Context2D, plot: Plot, scene: Scene | null): void {
  const { left, top, plotW, plotH } = plot
  ctx.fillStyle = '#eef0f3'
  ctx.fillRect(left, top, plotW, plotH)
  if (!scene) return
  const { chroma, view, hover, columns, image } = scene
  const { bins, frameRate } = chroma
  const pxPerFrame = plotW / view.span
  const rowH = plotH / bins

  ctx.save()
  ctx.beginPath()
  ctx.rect(left, top, plotW, plotH)
  ctx.clip()
  ctx.imageSmoothingEnabled = false
  const x0 = left + (columns.i0 - view.start) * pxPerFrame
  ctx.drawImage(image, 0, 0, columns.cols, bins, x0, top, (columns.i1 - columns.i0) * pxPerFrame, plotH)
  if (hover) {
    const hx = left + (hover.frame - view.start) * pxPerFrame
    const hy = top + (bins - 1 - hover.bin) * rowH
    ctx.strokeStyle = 'rgba(255,255,255,0.9)'
    ctx.lineWidth = 1
    ctx.beginPath()
    ctx.moveTo(Math.round(hx) + 0.5, top)
    ctx.lineTo(Math.round(hx) + 0.5, top + plotH)
    ctx.stroke()
    ctx.strokeStyle = 'rgba(0,0,0,0.8)'
    ctx.strokeRect(Math.round(hx - Math.max(2, pxPerFrame / 2)) + 0.5, Math.round(hy) + 0.5, Math.max(4, pxPerFrame), Math.round(rowH) - 1)
  }
  ctx.restore()
  ctx.strokeStyle = '#8a8f98'
  ctx.lineWidth = 1
  ctx.strokeRect(left - 0.5, top - 0.5, plotW + 1, plotH + 1)

  // Pitch classes, as many as fit 12 px apart.
  const labels = pitchLabels(bins)
  ctx.fillStyle = '#30343b'
  ctx.font = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'
  ctx.textAlign = 'right'
  ctx.textBaseline = 'middle'
  const labelEvery = Math.max(1, Math.ceil(12 / rowH))
  for (let b = 0; b < bins; b += labelEvery) ctx.fillText(labels[b]!, left - 6, top + (bins - 1 - b + 0.5) * rowH)

  // Time ticks at a round step.
  const step = timeStep(view.span / frameRate / plotW)
  const t0 = view.start / frameRate
  const t1 = (view.start + view.span) / frameRate
  const decimals = step < 1 ? (step < 0.1 ? 2 : 1) : 0
  ctx.textAlign = 'center'
  ctx.textBaseline = 'top'
  ctx.strokeStyle = '#8a8f98'
  for (let t = Math.ceil(t0 / step - 1e-9) * step; t <= t1 + 1e-9; t += step) {
    const x = left + (t * frameRate - view.start) * pxPerFrame
    ctx.beginPath()
    ctx.moveTo(Math.round(x) + 0.5, top + plotH)
    ctx.lineTo(Math.round(x) + 0.5, top + plotH + 4)
    ctx.stroke()
    ctx.fillText(fmtTime(t, decimals), Math.min(Math.max(x, left + 14), left + plotW - 14), top + plotH + 7)
  }
}
