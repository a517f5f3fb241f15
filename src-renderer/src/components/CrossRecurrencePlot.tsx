// The comparison matrix with the DTW warping path and the Qmax/Dmax best local alignments drawn
// on it: the binary cross-recurrence, the stack distances it was thresholded from, or DTW's
// accumulated cost. Rows are the first performance's time (downwards), columns the second's;
// cells are square (the longer side fits the box) or fill it. Every path is drawn on the shown
// matrix's own grid (pathOnGrid), so none runs past it. It zooms and pans on its own; hovering
// reports both times to the chromagrams, and their hover is marked here. The backend sends at most
// ~1024 x 1024 cells a kind, drawn once to an off-screen image and scaled. Saves as PNG or SVG.
import { useEffect, useMemo, useRef, useState } from 'react'
import { base64ToBytes, prepareCanvas } from '../chroma'
import { pathOnGrid, timeAtCell, type Grid } from '../compare'
import { fmtInt, fmtTime, fmtValue } from '../format'
import type { CompareResult, MatrixImage, MatrixKind } from '../types'
import { useElementWidth } from '../useElementWidth'
import { saveCanvasPng, saveText } from './chromagram/download'
import { SvgContext } from './chromagram/svg'
import { cellAtPoint, cellStretch, drawMatrix, fitView, panMatrix, plotFor, zoomMatrix, type FitMode, type MatrixScene, type MatrixView } from './recurrence/draw'

const ZOOM_STEP = 1.5
const MAX_HEIGHT = 620

export const PATH_STYLES = [
  { key: 'dtwPath', label: 'DTW warping path', colour: '#d0312d' },
  { key: 'qmaxPath', label: 'Qmax best local alignment', colour: '#2457c5' },
  { key: 'dmaxPath', label: 'Dmax best local alignment', colour: '#e08a00' },
] as const

const KINDS: Array<{ kind: MatrixKind; label: string; title: string }> = [
  { kind: 'recurrence', label: 'Cross-recurrence', title: 'Binary cross-recurrence: frame stacks that are mutual near neighbours (what Qmax and Dmax align)' },
  { kind: 'similarity', label: 'Cross-similarity', title: 'Distances between frame stacks before they were thresholded into the cross-recurrence' },
  { kind: 'cost', label: 'DTW cost', title: "DTW's accumulated cost over frames (what the warping path minimises)" },
]

export interface LinkedTimes {
  a: number | null
  b: number | null
}

interface Props {
  result: CompareResult
  /** The two performances as the axis titles name them. */
  names: { a: string; b: string }
  /** The start of the exported files' names. */
  fileStem: string
  /** Times marked on the plot (the other views' hover or playback). */
  cursor: LinkedTimes
  onHover: (times: LinkedTimes | null) => void
}

/** Grey level per byte: nothing alike white, most alike near black. */
function matrixImage(m: MatrixImage): HTMLCanvasElement {
  const bytes = base64ToBytes(m.data)
  const canvas = document.createElement('canvas')
  canvas.width = m.displayCols
  canvas.height = m.displayRows
  const ctx = canvas.getContext('2d')
  if (!ctx) return canvas
  const img = ctx.createImageData(m.displayCols, m.displayRows)
  for (let k = 0; k < m.displayRows * m.displayCols; k++) {
    const v = 255 - Math.round((bytes[k] ?? 0) * 0.85)
    img.data[k * 4] = v
    img.data[k * 4 + 1] = v
    img.data[k * 4 + 2] = v
    img.data[k * 4 + 3] = 255
  }
  ctx.putImageData(img, 0, 0)
  return canvas
}

/** What the shading of each kind means, with the range it covers. */
function legend(kind: MatrixKind, result: CompareResult): string {
  const m = result.matrices[kind]
  const size = `${fmtInt(m.rows)} × ${fmtInt(m.cols)}`
  const shown = m.displayRows < m.rows || m.displayCols < m.cols ? `, shown as ${m.displayRows} × ${m.displayCols}` : ''
  if (kind === 'recurrence') return `${size} frame stacks of ${result.stackFrames} frames${shown}; darker: more recurrent cells`
  if (kind === 'similarity') return `${size} frame stacks${shown}; stack distance ${fmtValue(m.low)} (black) to ${fmtValue(m.high)} (white)`
  return `${size} frames${shown}; accumulated cost ${fmtValue(m.low)} (black) to ${fmtValue(m.high)} (white)${result.params.band === null ? '' : ', white outside the band'}`
}

export function CrossRecurrencePlot({ result, names, fileStem, cursor, onHover }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null)
  const wrapRef = useRef<HTMLDivElement>(null)
  const boxWidth = useElementWidth(wrapRef, 600)
  const [kind, setKind] = useState<MatrixKind>('recurrence')
  const [mode, setMode] = useState<FitMode>('square')
  const [zoomed, setView] = useState<{ kind: MatrixKind; view: MatrixView } | null>(null)
  const [hover, setHover] = useState<LinkedTimes | null>(null)
  const drag = useRef<{ x: number; y: number; view: MatrixView; id: number } | null>(null)

  const matrix = result.matrices[kind]
  const grid: Grid = useMemo(() => ({ rows: matrix.rows, cols: matrix.cols, firstFrame: matrix.firstFrame, framesPerCell: matrix.framesPerCell }), [matrix])
  const image = useMemo(() => matrixImage(matrix), [matrix])
  const paths = useMemo(() => PATH_STYLES.map((s) => ({ colour: s.colour, points: pathOnGrid(result[s.key], grid) })), [result, grid])
  const plot = plotFor(boxWidth, Math.max(240, Math.min(MAX_HEIGHT, boxWidth)), grid, mode)
  // A view belongs to the kind it was made on: grids differ between kinds.
  const view = zoomed !== null && zoomed.kind === kind ? zoomed.view : fitView(grid)
  const spf = result.secondsPerFrame
  const update = (next: MatrixView) => setView({ kind, view: next })
  const stretch = mode === 'square' ? cellStretch(plot, grid) : 1
  const stretchNote =
    Math.abs(stretch - 1) < 0.01 ? '' : ` · cells stretched ${(stretch > 1 ? stretch : 1 / stretch).toFixed(1)}× ${stretch > 1 ? 'across' : 'down'}, so the shorter performance stays readable`

  const scene = (): MatrixScene => ({
    plot,
    view,
    grid,
    secondsPerFrame: spf,
    image,
    paths,
    marks: hover ?? cursor,
    // The unit first: a long name is cut at its end.
    titles: { x: `Second (m:ss): ${names.b}`, y: `First (m:ss) ↓: ${names.a}` },
  })

  useEffect(() => {
    const canvas = canvasRef.current
    if (!canvas) return
    const raf = requestAnimationFrame(() => {
      const ctx = prepareCanvas(canvas, plot.width, plot.height)?.ctx
      if (!ctx) return
      drawMatrix(ctx, scene())
      canvas.dataset.drawn = 'true'
      canvas.dataset.kind = kind
    })
    return () => cancelAnimationFrame(raf)
  })

  // Wheel zooms about the pointer's cell (not passive: the page must not scroll).
  useEffect(() => {
    const canvas = canvasRef.current
    if (!canvas) return
    const onWheel = (e: WheelEvent) => {
      const rect = canvas.getBoundingClientRect()
      const at = cellAtPoint(plot, view, e.clientX - rect.left, e.clientY - rect.top)
      if (!at) return
      e.preventDefault()
      const unit = e.deltaMode === 1 ? 33 : e.deltaMode === 2 ? 400 : 1
      update(zoomMatrix(view, Math.exp((-e.deltaY * unit) / 300), grid, at.col, at.row))
    }
    canvas.addEventListener('wheel', onWheel, { passive: false })
    return () => canvas.removeEventListener('wheel', onWheel)
  })

  const locate = (clientX: number, clientY: number): LinkedTimes | null => {
    const rect = canvasRef.current?.getBoundingClientRect()
    if (!rect) return null
    const at = cellAtPoint(plot, view, clientX - rect.left, clientY - rect.top)
    return at ? { a: timeAtCell(Math.floor(at.row) + 0.5, spf, grid), b: timeAtCell(Math.floor(at.col) + 0.5, spf, grid) } : null
  }

  const onPointerMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const d = drag.current
    if (d && d.id === e.pointerId) {
      const cellsPerPx = (d.view.x1 - d.view.x0) / plot.plotW
      update(panMatrix(d.view, -(e.clientX - d.x) * cellsPerPx, -(e.clientY - d.y) * ((d.view.y1 - d.view.y0) / plot.plotH), grid))
    }
    const at = locate(e.clientX, e.clientY)
    setHover(at)
    onHover(at)
  }

  const onKeyDown = (e: React.KeyboardEvent<HTMLCanvasElement>) => {
    const w = view.x1 - view.x0
    const h = view.y1 - view.y0
    const step = e.shiftKey ? 0.5 : 0.1
    if (e.key === 'ArrowLeft') update(panMatrix(view, -w * step, 0, grid))
    else if (e.key === 'ArrowRight') update(panMatrix(view, w * step, 0, grid))
    else if (e.key === 'ArrowUp') update(panMatrix(view, 0, -h * step, grid))
    else if (e.key === 'ArrowDown') update(panMatrix(view, 0, h * step, grid))
    else if (e.key === '+' || e.key === '=') update(zoomMatrix(view, ZOOM_STEP, grid))
    else if (e.key === '-' || e.key === '_') update(zoomMatrix(view, 1 / ZOOM_STEP, grid))
    else if (e.key === '0') setView(null)
    else return
    e.preventDefault()
  }

  const exportSvg = () => {
    const svg = new SvgContext(plot.width, plot.height)
    drawMatrix(svg, scene())
    saveText(svg.toString(), 'image/svg+xml', `${fileStem}-${kind}-${mode}.svg`)
  }

  const readout = hover ?? (cursor.a !== null && cursor.b !== null ? { a: cursor.a, b: cursor.b } : null)
  return (
    <section className="card recurrence" data-testid="recurrence" aria-labelledby="recurrence-heading">
      <div className="chroma-toolbar">
        <h2 id="recurrence-heading">Alignment</h2>
        <div className="segmented" role="group" aria-label="Matrix">
          {KINDS.map((k) => (
            <button key={k.kind} type="button" aria-pressed={kind === k.kind} title={k.title} data-testid={`matrix-kind-${k.kind}`} onClick={() => setKind(k.kind)}>
              {k.label}
            </button>
          ))}
        </div>
      </div>
      <div className="chroma-toolbar">
        <div className="segmented" role="group" aria-label="Fit">
          <button type="button" aria-pressed={mode === 'square'} data-testid="matrix-fit-square" title="Square cells: both performances on one time scale, the longer fitting the box (a much shorter one is stretched to a third of the box, and the caption says so)" onClick={() => setMode('square')}>
            Square cells
          </button>
          <button type="button" aria-pressed={mode === 'fill'} data-testid="matrix-fit-fill" title="Fill the box: each performance stretched to its side" onClick={() => setMode('fill')}>
            Fill
          </button>
        </div>
        <div className="zoom-controls" role="group" aria-label="Zoom the matrix">
          <button type="button" aria-label="Zoom out" title="Zoom out (-)" onClick={() => update(zoomMatrix(view, 1 / ZOOM_STEP, grid))}>
            −
          </button>
          <button type="button" aria-label="Zoom in" title="Zoom in (+)" onClick={() => update(zoomMatrix(view, ZOOM_STEP, grid))}>
            +
          </button>
          <button type="button" aria-label="Show all" title="Show the whole matrix (0)" onClick={() => setView(null)} data-testid="matrix-fit">
            Fit
          </button>
        </div>
        <div className="plot-actions" role="group" aria-label="Save the matrix">
          <button type="button" onClick={() => canvasRef.current && saveCanvasPng(canvasRef.current, `${fileStem}-${kind}-${mode}.png`)} data-testid="recurrence-png">
            Save PNG
          </button>
          <button type="button" onClick={exportSvg} data-testid="recurrence-svg">
            Save SVG
          </button>
        </div>
      </div>
      <div className="recurrence-canvas-wrap" ref={wrapRef} style={{ height: plot.height }}>
        <canvas
          ref={canvasRef}
          className="chroma-canvas"
          role="img"
          tabIndex={0}
          aria-label={`${KINDS.find((k) => k.kind === kind)!.label} matrix: the first performance's time downwards, the second's across`}
          data-testid="recurrence-canvas"
          style={{ width: plot.width, height: plot.height }}
          onPointerDown={(e) => {
            if (e.button !== 0) return
            drag.current = { x: e.clientX, y: e.clientY, view, id: e.pointerId }
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
      <ul className="path-legend" aria-label="Paths" data-testid="path-legend">
        {PATH_STYLES.map((s) => (
          <li key={s.key} data-points={result[s.key].length}>
            <span className="swatch" style={{ background: s.colour }} aria-hidden="true" /> {s.label}
            {result[s.key].length === 0 && <span className="muted"> (none)</span>}
          </li>
        ))}
      </ul>
      <div className="readout mono small" data-testid="recurrence-readout" aria-live="off">
        {readout ? (
          <>
            first {fmtTime(readout.a ?? 0, 1)} · second {fmtTime(readout.b ?? 0, 1)}
          </>
        ) : (
          <span className="muted">
            {legend(kind, result)}
            {stretchNote} · wheel or +/− to zoom, drag or arrows to pan, 0 to fit
          </span>
        )}
      </div>
    </section>
  )
}
