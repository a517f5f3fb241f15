// The performance page's feature plots (src-shared/plots/feature-specs.ts) drawn in Node by the
// code the workstation uses: one cell per column and coefficient with a value (blank where none),
// each novelty curve on its own axis, one tick per onset.
import { describe, expect, it } from 'vitest'
import { mfccHeatmapSpec, noveltyCurvesSpec } from '../../src-shared/plots/feature-specs'
import { plotSvg } from '../../src-shared/plots/render'

const marks = (svg: string, kind: string) => svg.match(new RegExp(`<g class="mark-${kind} role-mark[^"]*"[^>]*>([\\s\\S]*?)</g>`, 'g')) ?? []
const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0

describe('feature plots drawn in Node', () => {
  it('MFCC: a cell per column and coefficient with a value, coloured by z-score, the column width said', async () => {
    const columns = [
      [50, 1, -2],
      [52, null, -1],
      [48, 3, 0],
      [51, 2, null],
    ]
    const svg = await plotSvg(mfccHeatmapSpec({ coefficients: 3, secondsPerColumn: 0.5, columns }, 300))
    expect(svg.startsWith('<svg')).toBe(true)
    expect(count(marks(svg, 'rect').join(''), /<path /g)).toBe(10)
    expect(svg).toContain('MFCC (HTK)')
    expect(svg).toContain('z-score; 0.50 s a column')
  })

  it('madmom: one line per curve, one tick per onset, the block length said', async () => {
    const svg = await plotSvg(
      noveltyCurvesSpec({ secondsPerPoint: 0.25, curves: [{ name: 'novfn', values: [0.1, 0.5, null, 0.2] }, { name: 'snovfn', values: [1, 3, 2, 0] }], onsets: [0.2, 0.6, 0.9] }, 300),
    )
    expect(marks(svg, 'line')).toHaveLength(2)
    expect(svg).toContain('novfn')
    expect(svg).toContain('snovfn')
    expect(svg).toContain('onsets (3)')
    // Vega draws a tick as a rect mark, one path each.
    expect(count(svg, /aria-roledescription="tick"/g)).toBe(3)
    expect(svg).toContain('maximum of 0.25 s')
  })
})
