// Chromagram heatmap on a canvas: hpcp / crema / cens, zoom (wheel, buttons, + and -),
// pan (drag, arrow keys), pitch-class and time axes, a colour legend and a hover readout.
// With audio: the playback cursor (the page's shared time), click-to-seek, following the cursor
// while playing, and the visible range reported so the waveform shows the same stretch.
// Side by side with another (Compare): a shared time extent and view, a transposition, the hovered
// time reported and another view's linked time marked.
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react'
import { api } from '../api'
import { LUT, NON_FINITE_RGB, pitchLabels, prepareCanvas, renderColumns, timeStep, toChroma, transposeChroma, type Chroma } from '../chroma'
import { fmtInt, fmtTime, fmtValue } from '../format'
import { useElementWidth } from '../useElementWidth'
import type { ChromaKind } from '../types'
import { PLOT_MARGIN, type TimeView } from './AudioPlayer'
import { ErrorBox, Loading } from './common'

const KINDS: { kind: ChromaKind; label: string; title: string }[] = [
  { kind: 'hpcp', label: 'HPCP', title: 'Harmonic pitch-class profile (Da-TACOS extraction); bin 0 = A' },
  { kind: 'crema', label: 'crema', title: 'crema-PCP (deep chroma); bin 0 = C' },
  { kind: 'cens', label: 'CENS', title: 'Chroma energy normalised statistics; bin 0 = C' },
]

const HEIGHT = 300
const MARGIN = { left: PLOT_MARGIN.left, right: PLOT_MARGIN.right, top: 8, bottom: 26 }
/** A press that moves less than this is a click (seek), not a drag (pan). */
const CLICK_SLOP_PX = 4
const ZOOM_STEP = 1.5
const MIN_SPAN_FRAMES = 24

interface View {
  start: number
  span: number
}

type Slot = { state: 'loading' } | { state: 'ready'; chroma: Chroma } | { state: 'error'; error: Error }

interface Hover {
  frame: number
  bin: number
  x: number
}

function clampView(v: View, frames: number): View {
  const span = Math.max(Math.min(MIN_SPAN_FRAMES, frames), Math.min(frames, v.span))
  const start = Math.max(0, Math.min(frames - span, v.start))
  return { start, span }
}

function isFormField(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false
  return t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName)
}

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

/** Views closer than this (in frames) are the same view: stops two synced plots echoing each other. */
const SAME_VIEW = 1e-6

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
  const [kind, setKind] = useState<ChromaKind>(() => available[0] ?? 'hpcp')
  const [slots, setSlots] = useState<Partial<Record<ChromaKind, Slot>>>({})
  const [view, setView] = useState<View | null>(null)
  const [hover, setHover] = useState<Hover | null>(null)
  const wrapRef = useRef<HTMLDivElement>(null)
  const width = useElementWidth(wrapRef, 800)
  const canvasRef = useRef<HTMLCanvasElement>(null)
  const legendRef = useRef<HTMLCanvasElement>(null)
  const cache = useRef<{ key: string; canvas: HTMLCanvasElement } | null>(null)
  const drag = useRef<{ x: number; start: number; id: number; moved: boolean } | null>(null)
  const mounted = useRef(true)

  // (The parent keys this component by performance, so state starts fresh for each.)
  const slot = slots[kind]
  const loaded = slot?.state === 'ready' ? slot.chroma : null
  const chroma = useMemo(() => (loaded && shift ? transposeChroma(loaded, shift) : loaded), [loaded, shift])
  const needFetch = available.includes(kind) && !slot

  useEffect(() => {
    if (!needFetch) return
    setSlots((s) => ({ ...s, [kind]: { state: 'loading' } }))
    api('features.chroma', { perfId, dataset, kind }).then(
      (raw) => {
        let next: Slot
        try {
          next = { state: 'ready', chroma: toChroma(raw) }
        } catch (err) {
          next = { state: 'error', error: err instanceof Error ? err : new Error(String(err)) }
        }
        if (mounted.current) setSlots((s) => ({ ...s, [kind]: next }))
      },
      (error: unknown) => {
        if (mounted.current)
          setSlots((s) => ({ ...s, [kind]: { state: 'error', error: error instanceof Error ? error : new Error(String(error)) } }))
      },
    )
  }, [needFetch, kind, perfId, dataset])

  useEffect(() => {
    mounted.current = true
    return () => {
      mounted.current = false
    }
  }, [])

  const retry = () =>
    setSlots((s) => {
      const next = { ...s }
      delete next[kind]
      return next
    })

  // Frames the view ranges over: the recording, or the longer extent it is kept in step with.
  const frames = chroma ? Math.max(chroma.frames, Math.round((extentSec ?? 0) * chroma.frameRate)) : 0

  // Keep (or initialise) the view when data arrives; it is shared across kinds.
  useEffect(() => {
    if (!frames) return
    setView((v) => clampView(v ?? { start: 0, span: frames }, frames))
  }, [frames])

  const syncRate = chroma?.frameRate ?? 0
  useEffect(() => {
    if (!syncView || !syncRate || !frames) return
    const target = clampView({ start: syncView.startSec * syncRate, span: syncView.spanSec * syncRate }, frames)
    setView((v) => (v && Math.abs(v.start - target.start) < SAME_VIEW && Math.abs(v.span - target.span) < SAME_VIEW ? v : target))
  }, [syncView, syncRate, frames])

  const plotW = Math.max(10, width - MARGIN.left - MARGIN.right)
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom

  const update = useCallback(
    (f: (v: View) => View) => {
      if (!frames) return
      setView((v) => clampView(f(v ?? { start: 0, span: frames }), frames))
    },
    [frames],
  )
  const zoomAt = useCallback(
    (factor: number, anchor?: number) =>
      update((v) => {
        const a = anchor ?? v.start + v.span / 2
        const span = Math.max(Math.min(MIN_SPAN_FRAMES, frames), Math.min(frames, v.span / factor))
        return { span, start: a - ((a - v.start) * span) / v.span }
      }),
    [update, frames],
  )
  const panBy = useCallback((fraction: number) => update((v) => ({ ...v, start: v.start + v.span * fraction })), [update])
  const reset = useCallback(() => update(() => ({ start: 0, span: frames })), [update, frames])

  // Draw.
  useEffect(() => {
    const canvas = canvasRef.current
    if (!canvas) return
    const raf = requestAnimationFrame(() => {
      const prepared = prepareCanvas(canvas, width, HEIGHT)
      if (!prepared) return
      const { ctx, dpr } = prepared
      const left = MARGIN.left
      const top = MARGIN.top
      ctx.fillStyle = '#eef0f3'
      ctx.fillRect(left, top, plotW, plotH)
      if (!chroma || !view) {
        canvas.dataset.drawn = ''
        return
      }
      const { bins, frameRate } = chroma
      const pxPerFrame = plotW / view.span
      // A view past the end of a shorter recording (kept in step with a longer one) keeps its last frame, off the plot.
      const i0 = Math.max(0, Math.min(chroma.frames - 1, Math.floor(view.start)))
      const i1 = Math.min(chroma.frames, Math.ceil(view.start + view.span))
      const n = Math.max(1, i1 - i0)
      const cols = Math.max(1, Math.min(n, Math.round(plotW * dpr)))
      const key = `${chroma.kind}|${shift}|${chroma.frames}|${i0}|${i1}|${cols}`
      let img = cache.current?.key === key ? cache.current.canvas : null
      if (!img) {
        img = cache.current?.canvas ?? document.createElement('canvas')
        img.width = cols
        img.height = bins
        const ictx = img.getContext('2d')
        if (!ictx) return
        const data = ictx.createImageData(cols, bins)
        renderColumns(chroma, i0, i1, cols, data)
        ictx.putImageData(data, 0, 0)
        cache.current = { key, canvas: img }
      }
      ctx.save()
      ctx.beginPath()
      ctx.rect(left, top, plotW, plotH)
      ctx.clip()
      ctx.imageSmoothingEnabled = false
      const x0 = left + (i0 - view.start) * pxPerFrame
      ctx.drawImage(img, 0, 0, cols, bins, x0, top, (i1 - i0) * pxPerFrame, plotH)
      // hover cell
      if (hover) {
        const hx = left + (hover.frame - view.start) * pxPerFrame
        const rowH = plotH / bins
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

      // pitch-class axis
      const labels = pitchLabels(chroma.kind, bins)
      ctx.fillStyle = '#30343b'
      ctx.font = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'
      ctx.textAlign = 'right'
      ctx.textBaseline = 'middle'
      const rowH = plotH / bins
      const labelEvery = Math.max(1, Math.ceil(12 / rowH))
      for (let b = 0; b < bins; b += labelEvery) {
        const y = top + (bins - 1 - b + 0.5) * rowH
        ctx.fillText(labels[b]!, left - 6, y)
      }

      // time axis
      const secPerPx = view.span / frameRate / plotW
      const step = timeStep(secPerPx)
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
      canvas.dataset.drawn = chroma.kind
    })
    return () => cancelAnimationFrame(raf)
  }, [chroma, view, width, hover, plotW, plotH])

  // Legend.
  useEffect(() => {
    const c = legendRef.current
    if (!c) return
    const ctx = c.getContext('2d')
    if (!ctx) return
    const img = ctx.createImageData(256, 1)
    for (let i = 0; i < 256; i++) {
      img.data[i * 4] = LUT[i * 3]!
      img.data[i * 4 + 1] = LUT[i * 3 + 1]!
      img.data[i * 4 + 2] = LUT[i * 3 + 2]!
      img.data[i * 4 + 3] = 255
    }
    ctx.putImageData(img, 0, 0)
  }, [chroma])

  // Wheel zoom (non-passive so the page doesn't scroll).
  useEffect(() => {
    const canvas = canvasRef.current
    if (!canvas) return
    const onWheel = (e: WheelEvent) => {
      if (!view || !frames) return
      e.preventDefault()
      const rect = canvas.getBoundingClientRect()
      const x = e.clientX - rect.left - MARGIN.left
      if (Math.abs(e.deltaX) > Math.abs(e.deltaY) || e.shiftKey) {
        const d = Math.abs(e.deltaX) > Math.abs(e.deltaY) ? e.deltaX : e.deltaY
        panBy(d / plotW)
        return
      }
      const anchor = view.start + (Math.max(0, Math.min(plotW, x)) / plotW) * view.span
      const unit = e.deltaMode === 1 ? 33 : e.deltaMode === 2 ? 400 : 1
      zoomAt(Math.exp((-e.deltaY * unit) / 300), anchor)
    }
    canvas.addEventListener('wheel', onWheel, { passive: false })
    return () => canvas.removeEventListener('wheel', onWheel)
  }, [view, frames, plotW, zoomAt, panBy])

  // Keyboard: + and - anywhere on the page (outside form fields); arrows etc. on the canvas.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isFormField(e.target)) return
      const onCanvas = document.activeElement === canvasRef.current
      if (e.key === '+' || e.key === '=') zoomAt(ZOOM_STEP)
      else if (e.key === '-' || e.key === '_') zoomAt(1 / ZOOM_STEP)
      else if (!onCanvas) return
      else if (e.key === 'ArrowLeft') panBy(e.shiftKey ? -0.5 : -0.1)
      else if (e.key === 'ArrowRight') panBy(e.shiftKey ? 0.5 : 0.1)
      else if (e.key === 'Home') update((v) => ({ ...v, start: 0 }))
      else if (e.key === 'End') update((v) => ({ ...v, start: Infinity }))
      else if (e.key === '0') reset()
      else return
      e.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [zoomAt, panBy, update, reset])

  const locate = (clientX: number, clientY: number): Hover | null => {
    const canvas = canvasRef.current
    if (!canvas || !chroma || !view) return null
    const rect = canvas.getBoundingClientRect()
    const x = clientX - rect.left - MARGIN.left
    const y = clientY - rect.top - MARGIN.top
    if (x < 0 || x >= plotW || y < 0 || y >= plotH) return null
    const frame = Math.floor(view.start + (x / plotW) * view.span)
    if (frame >= chroma.frames) return null
    const bin = chroma.bins - 1 - Math.min(chroma.bins - 1, Math.floor((y / plotH) * chroma.bins))
    return { frame, bin, x }
  }

  const onPointerDown = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (e.button !== 0 || !view) return
    drag.current = { x: e.clientX, start: view.start, id: e.pointerId, moved: false }
    e.currentTarget.setPointerCapture(e.pointerId)
    e.currentTarget.focus({ preventScroll: true })
  }
  const onPointerMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const d = drag.current
    if (d && d.id === e.pointerId) {
      const dx = e.clientX - d.x
      if (Math.abs(dx) >= CLICK_SLOP_PX) d.moved = true
      if (d.moved) update((v) => ({ ...v, start: d.start - (dx / plotW) * v.span }))
    }
    const at = locate(e.clientX, e.clientY)
    setHover(at)
    onHoverSec?.(at && chroma ? at.frame / chroma.frameRate : null)
  }
  const endDrag = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const d = drag.current
    if (d?.id !== e.pointerId) return
    drag.current = null
    if (e.type !== 'pointerup' || d.moved || !onSeek || !chroma || !view) return
    const x = e.clientX - e.currentTarget.getBoundingClientRect().left - MARGIN.left
    if (x < 0 || x > plotW) return
    onSeek((view.start + (x / plotW) * view.span) / chroma.frameRate)
  }

  // Report the visible range in seconds (the waveform follows it).
  const viewReport = useRef(onViewChange)
  viewReport.current = onViewChange
  const frameRate = chroma?.frameRate ?? 0
  useEffect(() => {
    viewReport.current?.(view && frameRate ? { startSec: view.start / frameRate, spanSec: view.span / frameRate } : null)
  }, [view, frameRate])

  // While playing, turn the page when the cursor leaves the visible range.
  const cursorFrame = cursorSec != null && frameRate ? cursorSec * frameRate : null
  useEffect(() => {
    if (!follow || cursorFrame === null || !view) return
    if (cursorFrame >= view.start && cursorFrame <= view.start + view.span) return
    update((v) => ({ ...v, start: cursorFrame - v.span * 0.05 }))
  }, [follow, cursorFrame, view, update])
  const xOfFrame = (frame: number | null) => (frame !== null && view ? MARGIN.left + ((frame - view.start) / view.span) * plotW : null)
  const line = (className: string, x: number | null) =>
    x !== null && (
      <div
        className={className}
        data-testid={className}
        data-x={x.toFixed(1)}
        aria-hidden="true"
        style={{ left: x, top: MARGIN.top, height: plotH, display: x >= MARGIN.left - 1 && x <= MARGIN.left + plotW + 1 ? undefined : 'none' }}
      />
    )

  const labels = chroma ? pitchLabels(chroma.kind, chroma.bins) : []
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
        <span className="muted small" data-testid="chroma-view">
          {chroma && view
            ? `${fmtTime(view.start / chroma.frameRate, 1)} – ${fmtTime((view.start + view.span) / chroma.frameRate, 1)} · ×${(frames / view.span).toFixed(1)}`
            : ''}
        </span>
      </div>

      <div className="chroma-canvas-wrap" ref={wrapRef} style={{ height: HEIGHT }}>
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
          style={{ width, height: HEIGHT }}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={endDrag}
          onPointerCancel={endDrag}
          onPointerLeave={() => {
            setHover(null)
            onHoverSec?.(null)
          }}
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
          <span
            className="swatch"
            style={{ background: `rgb(${NON_FINITE_RGB.join(',')})` }}
            aria-hidden="true"
          />
          <span className="small muted">
            non-finite{chroma ? ` (${fmtInt(chroma.nonFinite)})` : ''}
          </span>
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
