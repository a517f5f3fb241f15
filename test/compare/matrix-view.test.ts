// The comparison matrix's geometry (src-renderer/src/components/recurrence/draw.ts): square cells
// that fit the longer side, or the whole box; zooming both axes alike, so square cells stay
// square; panning and zooming kept inside the matrix.
import { describe, expect, test } from 'vitest'
import { cellAtPoint, cellStretch, fitTitle, fitView, MARGIN, panMatrix, plotFor, zoomMatrix } from '../../src-renderer/src/components/recurrence/draw'

const wide = { rows: 300, cols: 900 }

describe('plotFor', () => {
  test('square cells: the longer side fills the box, the shorter keeps the same pixels per cell', () => {
    const p = plotFor(600 + MARGIN.left + MARGIN.right, 600 + MARGIN.top + MARGIN.bottom, wide, 'square')
    expect(p.plotW).toBe(600)
    expect(p.plotH).toBeCloseTo(200, 9)
    expect(p.plotW / wide.cols).toBeCloseTo(p.plotH / wide.rows, 12)
    const tall = plotFor(600 + MARGIN.left + MARGIN.right, 400 + MARGIN.top + MARGIN.bottom, { rows: 800, cols: 400 }, 'square')
    expect([tall.plotW, tall.plotH]).toEqual([200, 400])
  })

  test('square cells for very unequal lengths: the shorter side keeps a third of its box, its cells stretched, so it stays readable', () => {
    // A 24 s clip (about 200 stacks) against a 3-minute recording (about 1,500), the recording first.
    const grid = { rows: 1500, cols: 200 }
    const p = plotFor(600 + MARGIN.left + MARGIN.right, 560 + MARGIN.top + MARGIN.bottom, grid, 'square')
    expect(p.plotH).toBe(560)
    expect(p.plotW).toBe(200)
    expect(cellStretch(p, grid)).toBeCloseTo(200 / 200 / (560 / 1500), 9)
    expect(cellStretch(plotFor(600 + MARGIN.left + MARGIN.right, 600 + MARGIN.top + MARGIN.bottom, wide, 'square'), wide)).toBeCloseTo(1, 12)
  })

  test('an axis title too long for its room is cut with an ellipsis', () => {
    expect(fitTitle('Second (m:ss): Islamey, Op. 18 — Chen', 1000)).toBe('Second (m:ss): Islamey, Op. 18 — Chen')
    const cut = fitTitle('Second (m:ss): Piano Sonata D. 664, movement 1 (tempo ×1.16, 3.36 s repeated at 6.35 s)', 200)
    expect(cut.endsWith('…')).toBe(true)
    expect(cut.length).toBeLessThanOrEqual(Math.floor(200 / 6.6))
  })

  test('fill: the whole box, whatever the lengths', () => {
    const p = plotFor(600 + MARGIN.left + MARGIN.right, 500 + MARGIN.top + MARGIN.bottom, wide, 'fill')
    expect([p.plotW, p.plotH]).toEqual([600, 500])
  })
})

describe('zoom and pan', () => {
  test("zooming in and out keeps the window's shape (square cells stay square) and never leaves the matrix", () => {
    const fit = fitView(wide)
    const zoomed = zoomMatrix(fit, 3, wide, 800, 50)
    expect((zoomed.x1 - zoomed.x0) / (zoomed.y1 - zoomed.y0)).toBeCloseTo(3, 9)
    expect(zoomed.x1).toBeLessThanOrEqual(900)
    expect(zoomed.y0).toBeGreaterThanOrEqual(0)
    expect(zoomMatrix(zoomed, 1 / 10, wide)).toEqual(fit)
    // As far in as a few cells allow, on both axes alike.
    const deep = zoomMatrix(fit, 1e6, wide)
    expect((deep.x1 - deep.x0) / (deep.y1 - deep.y0)).toBeCloseTo(3, 9)
  })

  test('panning stops at the edges', () => {
    const zoomed = zoomMatrix(fitView(wide), 2, wide)
    const moved = panMatrix(zoomed, 10_000, -10_000, wide)
    expect(moved.x1).toBe(900)
    expect(moved.y0).toBe(0)
    expect(moved.x1 - moved.x0).toBeCloseTo(zoomed.x1 - zoomed.x0, 9)
  })

  test('a point on the plot is a cell of the window; off the plot, none', () => {
    const p = plotFor(600 + MARGIN.left + MARGIN.right, 600 + MARGIN.top + MARGIN.bottom, wide, 'square')
    expect(cellAtPoint(p, fitView(wide), MARGIN.left + 300, MARGIN.top + 100)).toEqual({ col: 450, row: 150 })
    expect(cellAtPoint(p, fitView(wide), 2, 2)).toBeNull()
  })
})
