// Pan and zoom of a large graph as a moving picture of the last frame. Without a GPU, Chromium
// draws sigma's WebGL in software, and a frame of 15,000 nodes and their edges takes seconds: a
// pan that redraws on every pointer move shows one frame a second. Here a drag or a wheel moves
// and scales the drawn canvas with a CSS transform, which the compositor applies at the display's
// rate whatever the graph's size, and sigma's camera is moved once, when the gesture ends. The
// transform is removed in the same frame sigma draws the new view, so the picture never jumps.
//
// The gesture's events are taken before sigma sees them (capture on the window): sigma would
// otherwise pan on its own, and hover-pick every node the pointer crosses, each a full redraw. So
// are the pointer's moves between gestures, which go to `onHover` instead: in sigma 4 a hover is a
// full frame too.
import type Sigma from 'sigma'
import type { Point } from './graphData'

/** How the last drawn frame is shown: viewport point p appears at t + s·p. */
interface Transform {
  tx: number
  ty: number
  s: number
}

const IDENTITY: Transform = { tx: 0, ty: 0, s: 1 }
/** Pointer travel, in CSS pixels, before a press becomes a drag rather than a click. */
const DRAG_PX = 3
/** A wheel gesture ends after this long without a wheel event. */
const WHEEL_IDLE_MS = 200
/** Zoom per wheel notch (100 px of deltaY), as sigma's own wheel zoom. */
const WHEEL_ZOOM = 1.7

const isIdentity = (t: Transform) => Math.abs(t.s - 1) < 1e-9 && Math.abs(t.tx) < 0.01 && Math.abs(t.ty) < 0.01

/** The transform that shows what `outer` shows, once the view has already moved by `inner`. */
export function relativeTo(outer: Transform, inner: Transform): Transform {
  const s = outer.s / inner.s
  return { tx: outer.tx - s * inner.tx, ty: outer.ty - s * inner.ty, s }
}

/** `t` then a zoom by `factor` that keeps viewport point `at` in place. */
export function zoomedAround(t: Transform, at: Point, factor: number): Transform {
  return { tx: at.x - factor * (at.x - t.tx), ty: at.y - factor * (at.y - t.ty), s: t.s * factor }
}

export interface MotionPreview {
  /** No gesture under way and nothing left to draw: what is shown is what sigma drew. */
  readonly idle: boolean
  dispose(): void
}

/** `onHover`: where the pointer is over the stage between gestures (viewport point), null once it leaves. */
export function attachMotionPreview(renderer: Sigma, stage: HTMLElement, onHover: (at: Point | null) => void): MotionPreview {
  let shown: Transform = IDENTITY
  // The transform already handed to sigma's camera and not yet drawn by it.
  let pending: Transform | null = null
  let press: Point | null = null
  let dragging = false
  let last: Point = { x: 0, y: 0 }
  let wheelTimer = 0
  let frame = 0

  const apply = () => {
    frame = 0
    const css = shown === IDENTITY ? '' : `translate(${shown.tx}px, ${shown.ty}px) scale(${shown.s})`
    for (const child of Array.from(stage.children) as HTMLElement[]) {
      child.style.transformOrigin = '0 0'
      child.style.transform = css
    }
  }
  const show = (t: Transform) => {
    shown = t
    if (!frame) frame = requestAnimationFrame(apply)
  }
  /** `t` shown in this frame, not the next: with the frame sigma draws, or in place of nothing. */
  const showNow = (t: Transform) => {
    shown = isIdentity(t) ? IDENTITY : t
    if (frame) cancelAnimationFrame(frame)
    apply()
  }
  const local = (e: MouseEvent): Point => {
    const box = stage.getBoundingClientRect()
    return { x: e.clientX - box.left, y: e.clientY - box.top }
  }
  const inside = (e: Event) => e.target instanceof Node && stage.contains(e.target)

  // The view sigma has drawn is `shown` composed after `pending`; once drawn, only the rest remains.
  const drawn = () => {
    if (!pending) return
    const rest = relativeTo(shown, pending)
    pending = null
    showNow(rest)
  }
  renderer.on('afterRender', drawn)

  const commit = () => {
    const since = pending ? relativeTo(shown, pending) : shown
    if (isIdentity(since)) {
      // A gesture that ended where it began: nothing to draw, only the transform to drop.
      if (!pending) showNow(IDENTITY)
      return
    }
    // The old viewport point now at the viewport's centre becomes the camera's centre.
    const { width, height } = renderer.getDimensions()
    const centre = { x: (width / 2 - since.tx) / since.s, y: (height / 2 - since.ty) / since.s }
    const camera = renderer.getCamera()
    const target = renderer.viewportToFramedGraph(centre)
    pending = shown
    camera.setState({ x: target.x, y: target.y, ratio: camera.getState().ratio / since.s })
  }

  const onDown = (e: PointerEvent) => {
    if (e.button !== 0 || e.pointerType === 'touch' || !inside(e)) return
    press = last = local(e)
    dragging = false
  }
  const onMove = (e: PointerEvent) => {
    if (!press) {
      if (!inside(e)) return onHover(null)
      e.stopPropagation()
      return onHover(local(e))
    }
    // Sigma must not see the moves of a press: it would pan, and hover-pick, at a redraw each.
    e.stopPropagation()
    const at = local(e)
    if (!dragging && Math.hypot(at.x - press.x, at.y - press.y) < DRAG_PX) return
    dragging = true
    show({ ...shown, tx: shown.tx + at.x - last.x, ty: shown.ty + at.y - last.y })
    last = at
  }
  const onUp = (e: PointerEvent) => {
    if (!press) return
    press = null
    if (!dragging) return
    dragging = false
    // The release of a drag is no click (nor half of a double click): sigma never sees it, and
    // forgets the press it saw.
    e.stopPropagation()
    renderer.getMouseCaptor().isMouseDown = false
    commit()
  }
  const onWheel = (e: WheelEvent) => {
    if (!inside(e)) return
    e.preventDefault()
    e.stopPropagation()
    const notches = (e.deltaMode === WheelEvent.DOM_DELTA_LINE ? e.deltaY * 33 : e.deltaY) / 100
    show(zoomedAround(shown, local(e), WHEEL_ZOOM ** -notches))
    window.clearTimeout(wheelTimer)
    wheelTimer = window.setTimeout(commit, WHEEL_IDLE_MS)
  }
  // Sigma's own double-click zoom animates the camera, a redraw per step: it is prevented where
  // the renderer is made (ClusterGraph) and done here as one step.
  const onDoubleClick = (e: MouseEvent) => {
    if (!inside(e)) return
    show(zoomedAround(shown, local(e), 2))
    commit()
  }

  const capture = { capture: true }
  window.addEventListener('pointerdown', onDown, capture)
  window.addEventListener('pointermove', onMove, capture)
  window.addEventListener('pointerup', onUp, capture)
  window.addEventListener('wheel', onWheel, { capture: true, passive: false })
  window.addEventListener('dblclick', onDoubleClick, capture)
  return {
    get idle() {
      return !dragging && pending === null && isIdentity(shown)
    },
    dispose() {
      window.removeEventListener('pointerdown', onDown, capture)
      window.removeEventListener('pointermove', onMove, capture)
      window.removeEventListener('pointerup', onUp, capture)
      window.removeEventListener('wheel', onWheel, capture)
      window.removeEventListener('dblclick', onDoubleClick, capture)
      window.clearTimeout(wheelTimer)
      if (frame) cancelAnimationFrame(frame)
      renderer.off('afterRender', drawn)
    },
  }
}
