// Chromagram heatmap on a canvas: hpcp / crema / cens, zoom (wheel, buttons, + and -),
// pan (drag, arrow keys), pitch-class and time axes, a colour legend and a hover readout.
// With audio: the playback cursor (the page's shared time), click-to-seek, following the cursor
// while playing, and the visible range reported so the waveform shows the same stretch.
// Side by side with another (Compare): a shared time extent and view, a transposition, the hovered
// time reported and another view's linked time marked. The chroma comes from useChromaData, the
// view from useChromaView, and the pixels from drawChromagram.
import { useEffect, useId, useMemo, useRef } from 'react'
import { NON_FINITE_RGB, pitchLabels, pitchOrderNote, prepareCanvas, renderColumns, type Chroma } from '../chroma'
import { fmtInt, fmtTime, fmtValue } from '../format'
import type { TimeView } from '../timeView'
import type { ChromaKind } from '../types'
import { useElementWidth } from '../useElementWidth'
import { saveCanvasPng, saveText } from './chromagram/download'
import { CHROMA_HEIGHT, columnsOf, drawChromagram, fillLegend, plotOf, type Columns } from './chromagram/draw'
import { SvgContext } from './chromagram/svg'
import { useChromaData } from './chromagram/useChromaData'
import { useChromaView, ZOOM_STEP } from './chromagram/useChromaView'
import { ErrorBox, Loading } from './common'

const KINDS: { kind: ChromaKind; label: string; title: string }[] = [
  { kind: 'hpcp', label: 'HPCP', title: `Harmonic pitch-class profile (Da-TACOS extraction); ${pitchOrderNote('hpcp')}` },
  { kind: 'crema', label: 'crema', title: `crema-PCP (deep chroma); ${pitchOrderNote('crema')}` },
  { kind: 'cens', label: 'CENS', title: `Chroma energy normalised statistics; ${pitchOrderNote('cens')}` },
]

interface ChromagramProps {
  perfId: string
  dataset: string
  available: ChromaKind[]
  /** The playback time to mark, where the performance has audio. */
  cursorSec?: number | null
  /** Keep the cursor in view (while playing). */
  follow?: boolean
  /** A click (not a drag) on the plot moves the playback cursor there. */
  onSeek?: (sec: number) => void
  onViewChange?: (view: TimeView | null) => void
  /** Heading; default "Chromagram". */
  title?: string
  /** Draw bin b + shift at bin b (the Compare view's OTI), labelled by the page. */
  shift?: number
  /** The time the view may range over when longer than this recording (two plots kept in step). */
  extentSec?: number
  /** A view set from outside (another plot's); this one follows it. */
  syncView?: TimeView | null
  /** The hovered time, null when the pointer leaves. */
  onHoverSec?: (sec: number | null) => void
  /** A linked time to mark (e.g. where another view's hover aligns to). */
  markSec?: number | null
}

type ColumnImage = { chroma: Chroma; columns: Columns; canvas: HTMLCanvasElement }

/** The view's columns as an off-screen image, made again only when they change (not on a hover or a cursor move). */
function columnImage(cache: { current: ColumnImage | null }, chroma: Chroma, columns: Columns): HTMLCanvasElement | null {
  const had = cache.current
  if (had && had.chroma === chroma && had.columns.i0 === columns.i0 && had.columns.i1 === columns.i1 && had.columns.cols === columns.cols) return had.canvas
  const canvas = had?.canvas ?? document.createElement('canvas')
  canvas.width = columns.cols
  canvas.height = chroma.bins
  const ctx = canvas.getContext('2d')
  if (!ctx) return null
  const data = ctx.createImageData(columns.cols, chroma.bins)
  renderColumns(chroma, columns.i0, columns.i1, columns.cols, data)
  ctx.putImageData(data, 0, 0)
  cache.current = { chroma, columns, canvas }
  return canvas
}

export function Chromagram({
  perfId,
  dataset,
  available,
  cursorSec = null,
  follow = false,
  onSeek,
  onViewChange,
  title = 'Chromagram',
  shift = 0,
  extentSec,
  syncView,
  onHoverSec,
  markSec = null,
}: ChromagramProps) {
  const ids = useId()
  const wrapRef = useRef<HTMLDivElement>(null)
  const canvasRef = useRef<HTMLCanvasElement>(null)
  const legendRef = useRef<HTMLCanvasElement>(null)
  const imageCache = useRef<ColumnImage | null>(null)
  const width = useElementWidth(wrapRef, 800)
  const plot = useMemo(() => plotOf(width), [width])
  const { kind, setKind, slot, chroma, retry } = useChromaData(perfId, dataset, available, shift)
  const { view, frames, hover, zoomAt, reset, pointer, cursorFrame } = useChromaView(chroma, plot, canvasRef, {
    extentSec,
    syncView,
    onViewChange,
    cursorSec,
    follow,
    onSeek,
    onHoverSec,
  })

  useEffect(() => {
    const canvas = canvasRef.current
    if (!canvas) return
    const raf = requestAnimationFrame(() => {
      const prepared = prepareCanvas(canvas, plot.width, plot.height)
      if (!prepared) return
      if (!chroma || !view) {
        drawChromagram(prepared.ctx, plot, null)
        canvas.dataset.drawn = ''
        return
      }
      const columns = columnsOf(chroma, view, plot.plotW, prepared.dpr)
      const image = columnImage(imageCache, chroma, columns)
      if (!image) return
      drawChromagram(prepared.ctx, plot, { chroma, view, hover, columns, image })
      canvas.dataset.drawn = chroma.kind
    })
    return () => cancelAnimationFrame(raf)
  }, [chroma, view, hover, plot])

  useEffect(() => {
    const ctx = legendRef.current?.getContext('2d')
    if (!ctx) return
    const img = ctx.createImageData(256, 1)
    fillLegend(img.data)
    ctx.putImageData(img, 0, 0)
  }, [])

  // Saved as shown: the canvas as PNG, or the same drawing as SVG (the heatmap an image, the rest vector).
  const stem = `refrain-${dataset}-${perfId}-${kind}`
  const exportSvg = () => {
    if (!chroma || !view) return
    const columns = columnsOf(chroma, view, plot.plotW, window.devicePixelRatio || 1)
    const image = columnImage(imageCache, chroma, columns)
    if (!image) return
    const svg = new SvgContext(plot.width, plot.height)
    drawChromagram(svg, plot, { chroma, view, hover: null, columns, image })
    saveText(svg.toString(), 'image/svg+xml', `${stem}.svg`)
  }

  const xOfFrame = (frame: number | null) => (frame !== null && view ? plot.left + ((frame - view.start) / view.span) * plot.plotW : null)
  const line = (className: string, x: number | null) =>
    x !== null && (
      <div
        className={className}
        data-testid={className}
        data-x={x.toFixed(1)}
        aria-hidden="true"
        style={{ left: x, top: plot.top, height: plot.plotH, display: x >= plot.left - 1 && x <= plot.left + plot.plotW + 1 ? undefined : 'none' }}
      />
    )

  const frameRate = chroma?.frameRate ?? 0
  const labels = chroma ? pitchLabels(chroma.bins) : []
  const hoverValue = hover && chroma ? chroma.values[hover.frame * chroma.bins + hover.bin]! : null

  return (
    <section className="chromagram" data-testid="chromagram">
      <div className="chroma-toolbar">
        <h2 id={`${ids}-heading`}>{title}</h2>
        <div className="segmented" role="group" aria-label="Chroma feature">
          {KINDS.map((k) => {
            const has = available.includes(k.kind)
            return (
              <button
                key={k.kind}
                type="button"
                aria-pressed={kind === k.kind}
                disabled={!has}
                title={has ? k.title : `${k.label}: not indexed for this performance`}
                data-testid={`chroma-kind-${k.kind}`}
                onClick={() => setKind(k.kind)}
              >
                {k.label}
              </button>
            )
          })}
        </div>
        <div className="zoom-controls" role="group" aria-label="Zoom">
          <button type="button" aria-label="Zoom out" title="Zoom out (-)" onClick={() => zoomAt(1 / ZOOM_STEP)} disabled={!chroma}>
            −
          </button>
          <button type="button" aria-label="Zoom in" title="Zoom in (+)" onClick={() => zoomAt(ZOOM_STEP)} disabled={!chroma}>
            +
          </button>
          <button type="button" aria-label="Show all" title="Show the whole recording (0)" onClick={reset} disabled={!chroma}>
            Fit
          </button>
        </div>
        <span className="muted small" data-testid="pitch-order">
          {pitchOrderNote(kind)}
        </span>
        <div className="plot-actions" role="group" aria-label="Save the chromagram">
          <button type="button" disabled={!chroma} onClick={() => canvasRef.current && saveCanvasPng(canvasRef.current, `${stem}.png`)} data-testid="chroma-png">
            Save PNG
          </button>
          <button type="button" disabled={!chroma} onClick={exportSvg} data-testid="chroma-svg">
            Save SVG
          </button>
        </div>
        <span className="muted small" data-testid="chroma-view">
          {chroma && view
            ? `${fmtTime(view.start / chroma.frameRate, 1)} – ${fmtTime((view.start + view.span) / chroma.frameRate, 1)} · ×${(frames / view.span).toFixed(1)}`
            : ''}
        </span>
      </div>

      <div className="chroma-canvas-wrap" ref={wrapRef} style={{ height: CHROMA_HEIGHT }}>
        <canvas
          ref={canvasRef}
          className="chroma-canvas"
          aria-label="Chromagram"
          aria-describedby={`${ids}-description`}
          role="img"
          tabIndex={0}
          data-testid="chromagram-canvas"
          data-kind={kind}
          data-state={slot?.state ?? 'loading'}
          style={{ width, height: CHROMA_HEIGHT }}
          {...pointer}
        />
        {line('chroma-cursor', xOfFrame(cursorFrame))}
        {line('chroma-mark', xOfFrame(markSec != null && frameRate ? markSec * frameRate : null))}
        {slot?.state !== 'ready' && (
          <div className="chroma-overlay">
            {slot?.state === 'error' ? (
              <ErrorBox title={`Could not load ${kind}`} error={slot.error} onRetry={retry} />
            ) : (
              <Loading label={`Loading ${kind}…`} />
            )}
          </div>
        )}
      </div>

      <p id={`${ids}-description`} className="sr-only" data-testid="pitch-labels">
        {chroma
          ? `${kind} chromagram, ${chroma.frames} frames at ${chroma.frameRate.toFixed(2)} frames per second; pitch classes from bottom to top: ${labels.join(', ')}`
          : ''}
      </p>
      <div className="chroma-footer">
        <div className="legend" aria-label="Colour scale" data-testid="chroma-legend">
          <span className="mono small" data-testid="legend-min">
            {chroma ? fmtValue(chroma.min) : '—'}
          </span>
          <canvas ref={legendRef} width={256} height={1} className="legend-bar" aria-hidden="true" />
          <span className="mono small" data-testid="legend-max">
            {chroma ? fmtValue(chroma.max) : '—'}
          </span>
          <span className="swatch" style={{ background: `rgb(${NON_FINITE_RGB.join(',')})` }} aria-hidden="true" />
          <span className="small muted">non-finite{chroma ? ` (${fmtInt(chroma.nonFinite)})` : ''}</span>
        </div>
        <div className="readout mono small" data-testid="chroma-readout" aria-live="off">
          {hover && chroma ? (
            <>
              t {fmtTime(hover.frame / chroma.frameRate, 2)} · frame {fmtInt(hover.frame)} · {labels[hover.bin]} (bin {hover.bin}) ·
              value {fmtValue(hoverValue!)}
            </>
          ) : chroma ? (
            <span className="muted">
              {fmtInt(chroma.frames)} frames × {chroma.bins} bins · {chroma.frameRate.toFixed(2)} frames/s · wheel or +/− to zoom, drag or ←/→ to pan{onSeek ? ' · click to seek' : ''}
            </span>
          ) : null}
        </div>
      </div>
    </section>
  )
}
