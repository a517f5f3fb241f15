// The cross-recurrence matrix of a comparison with the DTW warping path and the Qmax/Dmax best
// local alignments drawn on it. Rows are the first performance's time (downwards), columns the
// second's, with the chromagrams' left and right margins so a column sits under the same time as
// in the second chromagram. The view (one time window for both axes) is shared with the
// chromagrams; hovering reports both times. The backend sends at most ~1024 x 1024 cells, drawn
// once to an off-screen image and scaled, so a 5,000 x 5,000-frame pair pans as fast as a small one.
import { useEffect, useMemo, useRef, useState } from 'react'
import { base64ToBytes, prepareCanvas, timeStep } from '../chroma'
import { fmtTime } from '../format'
import type { CompareResult } from '../types'
import { useElementWidth } from '../useElementWidth'
import { PLOT_MARGIN, type TimeView } from '../timeView'

const MARGIN = { left: PLOT_MARGIN.left, right: PLOT_MARGIN.right, top: 8, bottom: 26 }
const MAX_HEIGHT = 520
const ZOOM_STEP = 1.5

export const PATH_STYLES = [
  { key: 'dtwPath', label: 'DTW warping path', colour: '#d0312d' },
  { key: 'qmaxPath', label: 'Qmax best local alignment', colour: '#2457c5' },
  { key: 'dmaxPath', label: 'Dmax best local alignment', colour: '#e08a00' },
] as const

export interface LinkedTimes {
  a: number | null
  b: number | null
}

interface Props {
  result: CompareResult
  /** Seconds both axes range over (the longer performance). */
  extentSec: number
  view: TimeView | null
  onViewChange: (view: TimeView) => void
  /** Times marked on the plot (the other views' hover or playback). */
  cursor: LinkedTimes
  onHover: (times: LinkedTimes | null) => void
}

/** Grey level per byte: no recurrence white, all recurrent near black. */
function matrixImage(result: CompareResult): HTMLCanvasElement {
  const { displayRows: rows, displayCols: cols, data } = result.matrix
  const bytes = base64ToBytes(data)
  const canvas = document.createElement('canvas')
  canvas.width = cols
  canvas.height = rows
  const ctx = canvas.getContext('2d')
  if (!ctx) return canvas
  const img = ctx.createImageData(cols, rows)
  for (let k = 0; k < rows * cols; k++) {
    const v = 255 - Math.round((bytes[k] ?? 0) * 0.85)
    img.data[k * 4] = v
    img.data[k * 4 + 1] = v
    img.data[k * 4 + 2] = v
    img.data[k * 4 + 3] = 255
  }
  ctx.putImageData(img, 0, 0)
  return canvas
}

export function CrossRecurrencePlot({ result, extentSec, view, onViewChange, cursor, onHover }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null)
  const wrapRef = useRef<HTMLDivElement>(null)
  const width = useElementWidth(wrapRef, 800)
  const [hover, setHover] = useState<{ a: number; b: number } | null>(null)
  const drag = useRef<{ x: number; y: number; start: number; id: number } | null>(null)
  const image = useMemo(() => matrixImage(result), [result])
  const shown = view ?? { startSec: 0, spanSec: extentSec }

  const plotW = Math.max(10, width - MARGIN.left - MARGIN.right)
  const plotH = Math.min(MAX_HEIGHT, plotW)
  const height = plotH + MARGIN.top + MARGIN.bottom
  const spf = result.secondsPerFrame
  const xOf = (sec: number) => MARGIN.left + ((sec - shown.startSec) / shown.spanSec) * plotW
  const yOf = (sec: number) => MARGIN.top + ((sec - shown.startSec) / shown.spanSec) * plotH

  const setView = (v: TimeView) => {
    const spanSec = Math.min(extentSec, Math.max(v.spanSec, spf * 24))
    onViewChange({ spanSec, startSec: Math.max(0, Math.min(extentSec - spanSec, v.startSec)) })
  }

  useEffect(() => {
    const canvas = canvasRef.current
    if (!canvas) return
    const raf = requestAnimationFrame(() => {
      const ctx = prepareCanvas(canvas, width, height)?.ctx
      if (!ctx) return
      ctx.save()
      ctx.beginPath()
      ctx.rect(MARGIN.left, MARGIN.top, plotW, plotH)
      ctx.clip()
      ctx.fillStyle = '#eef0f3'
      ctx.fillRect(MARGIN.left, MARGIN.top, plotW, plotH)
      // A stack's cell sits at its middle frame; the display cells share the stacks out evenly.
      const m = result.matrix
      const offset = ((m.stackFrames - 1) / 2) * spf
      ctx.imageSmoothingEnabled = false
      ctx.drawImage(image, xOf(offset), yOf(offset), (m.cols * spf * plotW) / shown.spanSec, (m.rows * spf * plotH) / shown.spanSec)

      for (const style of PATH_STYLES) {
        const path = result[style.key]
        if (path.length === 0) continue
        ctx.strokeStyle = style.colour
        ctx.lineWidth = 2
        ctx.beginPath()
        path.forEach(([i, j], k) => {
          const x = xOf((j + 0.5) * spf)
          const y = yOf((i + 0.5) * spf)
          if (k === 0) ctx.moveTo(x, y)
          else ctx.lineTo(x, y)
        })
        ctx.stroke()
      }

      const mark = (sec: number | null, horizontal: boolean, colour: string) => {
        if (sec === null) return
        ctx.strokeStyle = colour
        ctx.lineWidth = 1
        ctx.beginPath()
        if (horizontal) {
          const y = Math.round(yOf(sec)) + 0.5
          ctx.moveTo(MARGIN.left, y)
          ctx.lineTo(MARGIN.left + plotW, y)
        } else {
          const x = Math.round(xOf(sec)) + 0.5
          ctx.moveTo(x, MARGIN.top)
          ctx.lineTo(x, MARGIN.top + plotH)
        }
        ctx.stroke()
      }
      const linked = hover ?? cursor
      mark(linked.a, true, 'rgba(20, 20, 20, 0.7)')
      mark(linked.b, false, 'rgba(20, 20, 20, 0.7)')
      ctx.restore()
      ctx.strokeStyle = '#8a8f98'
      ctx.lineWidth = 1
      ctx.strokeRect(MARGIN.left - 0.5, MARGIN.top - 0.5, plotW + 1, plotH + 1)

      // Time axes: the second performance along the bottom, the first down the left.
      ctx.fillStyle = '#30343b'
      ctx.font = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'
      const t0 = shown.startSec
      const t1 = shown.startSec + shown.spanSec
      const stepX = timeStep(shown.spanSec / plotW)
      const stepY = timeStep(shown.spanSec / plotH, 40)
      const decimals = (step: number) => (step < 1 ? (step < 0.1 ? 2 : 1) : 0)
      ctx.textAlign = 'center'
      ctx.textBaseline = 'top'
      for (let t = Math.ceil(t0 / stepX - 1e-9) * stepX; t <= t1 + 1e-9; t += stepX) {
        const x = xOf(t)
        ctx.fillRect(Math.round(x), MARGIN.top + plotH, 1, 4)
        ctx.fillText(fmtTime(t, decimals(stepX)), Math.min(Math.max(x, MARGIN.left + 14), MARGIN.left + plotW - 14), MARGIN.top + plotH + 7)
      }
      ctx.textAlign = 'right'
      ctx.textBaseline = 'middle'
      for (let t = Math.ceil(t0 / stepY - 1e-9) * stepY; t <= t1 + 1e-9; t += stepY) {
        const y = yOf(t)
        ctx.fillRect(MARGIN.left - 4, Math.round(y), 4, 1)
        ctx.fillText(fmtTime(t, decimals(stepY)), MARGIN.left - 6, Math.min(Math.max(y, MARGIN.top + 6), MARGIN.top + plotH - 6))
      }
      canvas.dataset.drawn = 'true'
    })
    return () => cancelAnimationFrame(raf)
  })

  // Wheel zooms about the pointer's time along the second performance (non-passive: the page must not scroll).
  useEffect(() => {
    const canvas = canvasRef.current
    if (!canvas) return
    const onWheel = (e: WheelEvent) => {
      e.preventDefault()
      const x = e.clientX - canvas.getBoundingClientRect().left - MARGIN.left
      const anchor = shown.startSec + (Math.max(0, Math.min(plotW, x)) / plotW) * shown.spanSec
      const unit = e.deltaMode === 1 ? 33 : e.deltaMode === 2 ? 400 : 1
      const spanSec = shown.spanSec / Math.exp((-e.deltaY * unit) / 300)
      setView({ spanSec, startSec: anchor - ((anchor - shown.startSec) * spanSec) / shown.spanSec })
    }
    canvas.addEventListener('wheel', onWheel, { passive: false })
    return () => canvas.removeEventListener('wheel', onWheel)
  })

  const locate = (clientX: number, clientY: number): { a: number; b: number } | null => {
    const rect = canvasRef.current?.getBoundingClientRect()
    if (!rect) return null
    const x = clientX - rect.left - MARGIN.left
    const y = clientY - rect.top - MARGIN.top
    if (x < 0 || x >= plotW || y < 0 || y >= plotH) return null
    const b = shown.startSec + (x / plotW) * shown.spanSec
    const a = shown.startSec + (y / plotH) * shown.spanSec
    const [n, m] = result.frames
    if (a >= n * spf || b >= m * spf) return null
    return { a, b }
  }

  const onPointerMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const d = drag.current
    if (d && d.id === e.pointerId) {
      // Both axes show one window: a drag either way moves it.
      const dx = -(e.clientX - d.x) / plotW
      const dy = -(e.clientY - d.y) / plotH
      setView({ spanSec: shown.spanSec, startSec: d.start + (Math.abs(dx) >= Math.abs(dy) ? dx : dy) * shown.spanSec })
    }
    const at = locate(e.clientX, e.clientY)
    setHover(at)
    onHover(at)
  }

  const onKeyDown = (e: React.KeyboardEvent<HTMLCanvasElement>) => {
    const pan = (fraction: number) => setView({ ...shown, startSec: shown.startSec + shown.spanSec * fraction })
    if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') pan(e.shiftKey ? -0.5 : -0.1)
    else if (e.key === 'ArrowRight' || e.key === 'ArrowDown') pan(e.shiftKey ? 0.5 : 0.1)
    else if (e.key === 'Home') pan(-Infinity)
    else if (e.key === 'End') pan(Infinity)
    else if (e.key === '0') setView({ startSec: 0, spanSec: extentSec })
    else return
    e.preventDefault()
  }

  const readout = hover ?? (cursor.a !== null && cursor.b !== null ? { a: cursor.a, b: cursor.b } : null)
  return (
    <section className="card recurrence" data-testid="recurrence">
      <div className="chroma-toolbar">
        <h2>Cross-recurrence</h2>
        <div className="zoom-controls" role="group" aria-label="Zoom the comparison">
          <button type="button" aria-label="Zoom out" title="Zoom out (-)" onClick={() => setView({ startSec: shown.startSec - shown.spanSec * 0.25, spanSec: shown.spanSec * ZOOM_STEP })}>
            −
          </button>
          <button
            type="button"
            aria-label="Zoom in"
            title="Zoom in (+)"
            onClick={() => setView({ startSec: shown.startSec + (shown.spanSec - shown.spanSec / ZOOM_STEP) / 2, spanSec: shown.spanSec / ZOOM_STEP })}
          >
            +
          </button>
          <button type="button" aria-label="Show all" title="Show both whole recordings (0)" onClick={() => setView({ startSec: 0, spanSec: extentSec })}>
            Fit
          </button>
        </div>
        <ul className="path-legend" aria-label="Paths" data-testid="path-legend">
          {PATH_STYLES.map((s) => (
            <li key={s.key} data-points={result[s.key].length}>
              <span className="swatch" style={{ background: s.colour }} aria-hidden="true" /> {s.label}
              {result[s.key].length === 0 && <span className="muted"> (none)</span>}
            </li>
          ))}
        </ul>
      </div>
      <div className="recurrence-canvas-wrap" ref={wrapRef} style={{ height }}>
        <canvas
          ref={canvasRef}
          className="chroma-canvas"
          role="img"
          tabIndex={0}
          aria-label="Cross-recurrence matrix: the first performance's time downwards, the second's across"
          data-testid="recurrence-canvas"
          style={{ width, height }}
          onPointerDown={(e) => {
            if (e.button !== 0) return
            drag.current = { x: e.clientX, y: e.clientY, start: shown.startSec, id: e.pointerId }
            e.currentTarget.setPointerCapture(e.pointerId)
            e.currentTarget.focus({ preventScroll: true })
          }}
          onPointerMove={onPointerMove}
          onPointerUp={() => (drag.current = null)}
          onPointerCancel={() => (drag.current = null)}
          onPointerLeave={() => {
            setHover(null)
            onHover(null)
          }}
          onKeyDown={onKeyDown}
        />
      </div>
      <div className="readout mono small" data-testid="recurrence-readout" aria-live="off">
        {readout ? (
          <>
            first {fmtTime(readout.a, 1)} · second {fmtTime(readout.b, 1)}
          </>
        ) : (
          <span className="muted">
            {result.matrix.rows.toLocaleString('en-US')} × {result.matrix.cols.toLocaleString('en-US')} frame stacks
            {result.matrix.displayRows < result.matrix.rows || result.matrix.displayCols < result.matrix.cols
              ? ` shown as ${result.matrix.displayRows} × ${result.matrix.displayCols} (darker: more recurrent)`
              : ''}{' '}
            · wheel or +/− to zoom, drag or arrows to pan, 0 to fit
          </span>
        )}
      </div>
    </section>
  )
}
