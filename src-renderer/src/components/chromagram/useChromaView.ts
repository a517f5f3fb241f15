// What part of a chromagram shows and what the pointer is on: zoom (wheel, + and -), pan (drag,
// arrow keys, Home/End), 0 to fit, a click that seeks, the hovered cell, following the playback
// cursor while playing, and the view kept in step with another plot's (reported as it changes).
import { useCallback, useEffect, useRef, useState, type PointerEvent, type RefObject } from 'react'
import type { Chroma } from '../../chroma'
import type { TimeView } from '../../timeView'
import { cellAt, secondsAt, type FrameView, type Hover, type Plot } from './draw'

/** A press that moves less than this is a click (seek), not a drag (pan). */
const CLICK_SLOP_PX = 4
export const ZOOM_STEP = 1.5
const MIN_SPAN_FRAMES = 24
/** Views closer than this (in frames) are the same view: stops two synced plots echoing each other. */
const SAME_VIEW = 1e-6

export function clampView(v: FrameView, frames: number): FrameView {
  const span = Math.max(Math.min(MIN_SPAN_FRAMES, frames), Math.min(frames, v.span))
  const start = Math.max(0, Math.min(frames - span, v.start))
  return { start, span }
}

/** `v` zoomed by `factor` (> 1 in) keeping frame `anchor` (default: the middle) where it is. */
export function zoomView(v: FrameView, factor: number, frames: number, anchor = v.start + v.span / 2): FrameView {
  const span = Math.max(Math.min(MIN_SPAN_FRAMES, frames), Math.min(frames, v.span / factor))
  return { span, start: anchor - ((anchor - v.start) * span) / v.span }
}

function isFormField(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false
  return t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName)
}

export interface ViewOptions {
  /** The time the view may range over when longer than this recording (two plots kept in step). */
  extentSec?: number
  /** A view set from outside (another plot's); this one follows it. */
  syncView?: TimeView | null
  onViewChange?: (view: TimeView | null) => void
  /** The playback time, where there is audio, and whether to keep it in view (while playing). */
  cursorSec: number | null
  follow: boolean
  onSeek?: (sec: number) => void
  onHoverSec?: (sec: number | null) => void
}

export function useChromaView(chroma: Chroma | null, plot: Plot, canvasRef: RefObject<HTMLCanvasElement | null>, options: ViewOptions) {
  const { extentSec, syncView, onViewChange, cursorSec, follow, onSeek, onHoverSec } = options
  const [view, setView] = useState<FrameView | null>(null)
  const [hover, setHover] = useState<Hover | null>(null)
  /**
   * The views taken from `syncView`, never reported back: a sync and a report run in one commit,
   * the report still holding the view from before, so two plots a render apart would otherwise
   * echo each other's views for ever.
   */
  const fromSync = useRef(new WeakSet<FrameView>())
  const drag = useRef<{ x: number; start: number; id: number; moved: boolean } | null>(null)
  const { plotW } = plot
  const frameRate = chroma?.frameRate ?? 0

  // Frames the view ranges over: the recording, or the longer extent it is kept in step with.
  const frames = chroma ? Math.max(chroma.frames, Math.round((extentSec ?? 0) * chroma.frameRate)) : 0

  // Kept (or set up) as data arrives: one view across kinds.
  useEffect(() => {
    if (!frames) return
    setView((v) => clampView(v ?? { start: 0, span: frames }, frames))
  }, [frames])

  useEffect(() => {
    if (!syncView || !frameRate || !frames) return
    const target = clampView({ start: syncView.startSec * frameRate, span: syncView.spanSec * frameRate }, frames)
    fromSync.current.add(target)
    setView((v) => (v && Math.abs(v.start - target.start) < SAME_VIEW && Math.abs(v.span - target.span) < SAME_VIEW ? v : target))
  }, [syncView, frameRate, frames])

  const update = useCallback(
    (f: (v: FrameView) => FrameView) => {
      if (!frames) return
      setView((v) => clampView(f(v ?? { start: 0, span: frames }), frames))
    },
    [frames],
  )
  const zoomAt = useCallback((factor: number, anchor?: number) => update((v) => zoomView(v, factor, frames, anchor)), [update, frames])
  const panBy = useCallback((fraction: number) => update((v) => ({ ...v, start: v.start + v.span * fraction })), [update])
  const reset = useCallback(() => update(() => ({ start: 0, span: frames })), [update, frames])

  // Wheel: zoom about the pointer, or pan sideways; not passive, so the page does not scroll.
  useEffect(() => {
    const canvas = canvasRef.current
    if (!canvas) return
    const onWheel = (e: WheelEvent) => {
      if (!view || !frames) return
      e.preventDefault()
      const x = e.clientX - canvas.getBoundingClientRect().left - plot.left
      if (Math.abs(e.deltaX) > Math.abs(e.deltaY) || e.shiftKey) {
        panBy((Math.abs(e.deltaX) > Math.abs(e.deltaY) ? e.deltaX : e.deltaY) / plotW)
        return
      }
      const anchor = view.start + (Math.max(0, Math.min(plotW, x)) / plotW) * view.span
      const unit = e.deltaMode === 1 ? 33 : e.deltaMode === 2 ? 400 : 1
      zoomAt(Math.exp((-e.deltaY * unit) / 300), anchor)
    }
    canvas.addEventListener('wheel', onWheel, { passive: false })
    return () => canvas.removeEventListener('wheel', onWheel)
  }, [canvasRef, view, frames, plot.left, plotW, zoomAt, panBy])

  // Keyboard: + and - anywhere on the page (outside form fields); arrows, Home, End and 0 on the canvas.
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
  }, [canvasRef, zoomAt, panBy, update, reset])

  const pointer = {
    onPointerDown(e: PointerEvent<HTMLCanvasElement>) {
      if (e.button !== 0 || !view) return
      drag.current = { x: e.clientX, start: view.start, id: e.pointerId, moved: false }
      e.currentTarget.setPointerCapture(e.pointerId)
      e.currentTarget.focus({ preventScroll: true })
    },
    onPointerMove(e: PointerEvent<HTMLCanvasElement>) {
      const d = drag.current
      if (d && d.id === e.pointerId) {
        const dx = e.clientX - d.x
        if (Math.abs(dx) >= CLICK_SLOP_PX) d.moved = true
        if (d.moved) update((v) => ({ ...v, start: d.start - (dx / plotW) * v.span }))
      }
      const rect = e.currentTarget.getBoundingClientRect()
      const at = chroma && view ? cellAt(plot, chroma, view, e.clientX - rect.left, e.clientY - rect.top) : null
      setHover(at)
      onHoverSec?.(at && chroma ? at.frame / chroma.frameRate : null)
    },
    onPointerUp(e: PointerEvent<HTMLCanvasElement>) {
      const d = drag.current
      if (d?.id !== e.pointerId) return
      drag.current = null
      if (d.moved || !onSeek || !chroma || !view) return
      const sec = secondsAt(plot, chroma, view, e.clientX - e.currentTarget.getBoundingClientRect().left)
      if (sec !== null) onSeek(sec)
    },
    onPointerCancel(e: PointerEvent<HTMLCanvasElement>) {
      if (drag.current?.id === e.pointerId) drag.current = null
    },
    onPointerLeave() {
      setHover(null)
      onHoverSec?.(null)
    },
  }

  // Report the visible range in seconds (the waveform and the other plots follow it).
  const report = useRef(onViewChange)
  useEffect(() => {
    report.current = onViewChange
  })
  useEffect(() => {
    if (view !== null && fromSync.current.has(view)) return
    report.current?.(view && frameRate ? { startSec: view.start / frameRate, spanSec: view.span / frameRate } : null)
  }, [view, frameRate])

  // While playing, turn the page when the cursor leaves the visible range.
  const cursorFrame = cursorSec != null && frameRate ? cursorSec * frameRate : null
  useEffect(() => {
    if (!follow || cursorFrame === null || !view) return
    if (cursorFrame >= view.start && cursorFrame <= view.start + view.span) return
    update((v) => ({ ...v, start: cursorFrame - v.span * 0.05 }))
  }, [follow, cursorFrame, view, update])

  return { view, frames, hover, zoomAt, reset, pointer, cursorFrame }
}
