// The chromagram's drawing and view arithmetic (src-renderer/src/components/chromagram/), in Node
// with a recording 2D context: where the heatmap lands for a view, the axes' labels, the hovered
// cell, which cell a point is on, and how zoom and clamping keep the view inside the recording.
import { describe, expect, test } from 'vitest'
import type { Chroma } from '../../src-renderer/src/chroma'
import { LUT } from '../../src-renderer/src/chroma'
import { cellAt, columnsOf, drawChromagram, fillLegend, plotOf, secondsAt, type Context2D } from '../../src-renderer/src/components/chromagram/draw'
import { clampView, zoomView } from '../../src-renderer/src/components/chromagram/useChromaView'

/** 12 bins at 10 frames a second, `frames` long. */
function chroma(frames: number): Chroma {
  return { kind: 'hpcp', frames, bins: 12, frameRate: 10, values: new Float32Array(frames * 12), min: 0, max: 1, nonFinite: 0 }
}

interface Call {
  name: string
  args: unknown[]
}

/** A 2D context that records each call (and what each text was drawn with). */
function recorder() {
  const calls: Call[] = []
  const state: Record<string, unknown> = {}
  const ctx = new Proxy(state, {
    get: (target, prop: string) => (prop in target ? target[prop] : (...args: unknown[]) => calls.push({ name: prop, args })),
    set: (target, prop: string, value) => {
      target[prop] = value
      return true
    },
  }) as unknown as Context2D
  const texts = () => calls.filter((c) => c.name === 'fillText').map((c) => c.args[0] as string)
  return { ctx, calls, texts }
}

const image = { width: 1, height: 1 } as unknown as CanvasImageSource

describe('drawChromagram', () => {
  const plot = plotOf(850) // plot 800 px wide, 266 px high, at (40, 8)

  test('with nothing loaded: only the plot’s ground', () => {
    const { ctx, calls } = recorder()
    drawChromagram(ctx, plot, null)
    expect(calls).toEqual([{ name: 'fillRect', args: [40, 8, 800, 266] }])
  })

  test('the heatmap covers the view’s frames: frames 100–300 of 1000 fill the plot', () => {
    const c = chroma(1000)
    const view = { start: 100, span: 200 }
    const columns = columnsOf(c, view, plot.plotW, 2)
    expect(columns).toEqual({ i0: 100, i1: 300, cols: 200 })
    const { ctx, calls } = recorder()
    drawChromagram(ctx, plot, { chroma: c, view, hover: null, columns, image })
    const draw = calls.find((x) => x.name === 'drawImage')!
    expect(draw.args).toEqual([image, 0, 0, 200, 12, 40, 8, 800, 266])
  })

  test('a fractional start shifts the image left by the part of a frame out of view', () => {
    const c = chroma(1000)
    const view = { start: 100.5, span: 200 }
    const columns = columnsOf(c, view, plot.plotW, 1)
    const { ctx, calls } = recorder()
    drawChromagram(ctx, plot, { chroma: c, view, hover: null, columns, image })
    const [, , , , , x0, , w] = calls.find((x) => x.name === 'drawImage')!.args as number[]
    expect(x0).toBeCloseTo(40 - 0.5 * 4)
    expect(w).toBeCloseTo(201 * 4)
  })

  test('many frames reduce to one column a device pixel', () => {
    expect(columnsOf(chroma(100_000), { start: 0, span: 100_000 }, 800, 2).cols).toBe(1600)
  })

  test('axes: the twelve pitch classes from C (the display order of every kind), and time ticks across the view', () => {
    const c = chroma(600) // one minute
    const view = { start: 0, span: 600 }
    const { ctx, texts } = recorder()
    drawChromagram(ctx, plot, { chroma: c, view, hover: null, columns: columnsOf(c, view, plot.plotW, 1), image })
    const labels = texts()
    expect(labels.slice(0, 12)).toEqual(['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'])
    expect(labels.slice(12)).toEqual(['00:00', '00:10', '00:20', '00:30', '00:40', '00:50', '01:00'])
  })

  test('the hovered cell is outlined where it is', () => {
    const c = chroma(1000)
    const view = { start: 0, span: 200 } // 4 px a frame, 266/12 px a bin
    const { ctx, calls } = recorder()
    drawChromagram(ctx, plot, { chroma: c, view, hover: { frame: 50, bin: 11, x: 200 }, columns: columnsOf(c, view, plot.plotW, 1), image })
    const box = calls.filter((x) => x.name === 'strokeRect')[0]!.args as number[]
    expect(box[0]).toBeCloseTo(40 + 50 * 4 - 2 + 0.5)
    expect(box[1]).toBeCloseTo(8 + 0.5) // the top bin is the top row
  })
})

describe('pointer and view arithmetic', () => {
  const plot = plotOf(850)
  const c = chroma(1000)
  const view = { start: 100, span: 200 }

  test('the cell under a point, and none off the plot or past the recording', () => {
    expect(cellAt(plot, c, view, 40 + 400, 8)).toEqual({ frame: 200, bin: 11, x: 400 })
    expect(cellAt(plot, c, view, 40 + 400, 8 + 265)).toMatchObject({ bin: 0 })
    expect(cellAt(plot, c, view, 39, 100)).toBeNull()
    expect(cellAt(plot, c, { start: 900, span: 200 }, 40 + 799, 100)).toBeNull()
    expect(secondsAt(plot, c, view, 40 + 600)).toBeCloseTo(25)
  })

  test('zoom keeps the anchor frame in place; a view is kept inside the recording', () => {
    const zoomed = zoomView(view, 2, 1000, 150)
    expect(zoomed.span).toBe(100)
    expect((150 - zoomed.start) / zoomed.span).toBeCloseTo((150 - view.start) / view.span)
    expect(clampView({ start: 950, span: 200 }, 1000)).toEqual({ start: 800, span: 200 })
    expect(clampView({ start: 0, span: 2 }, 1000).span).toBe(24)
    expect(zoomView({ start: 0, span: 1000 }, 1 / 1.5, 1000).span).toBe(1000)
  })

  test('the legend is the colour map, opaque', () => {
    const px = new Uint8ClampedArray(256 * 4)
    fillLegend(px)
    expect([...px.slice(0, 4)]).toEqual([LUT[0], LUT[1], LUT[2], 255])
    expect([...px.slice(255 * 4, 256 * 4)]).toEqual([LUT[765], LUT[766], LUT[767], 255])
  })
})
