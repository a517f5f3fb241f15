// The performance page's feature plots (src-shared/plots/feature-specs.ts) drawn in Node by the
// code the workstation uses: one cell per column and coefficient with a value (blank where none),
// each novelty curve on its own axis, one tick per onset.
import { crc32, inflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { mfccHeatmapSpec, noveltyCurvesSpec } from '../../src-shared/plots/feature-specs'
import { plotSvg } from '../../src-shared/plots/render'

const marks = (svg: string, kind: string) => svg.match(new RegExp(`<g class="mark-${kind} role-mark[^"]*"[^>]*>([\\s\\S]*?)</g>`, 'g')) ?? []
/** The PNG as any decoder reads it: its header, and the pixels of its zlib stream (filter 0 rows). */
function decodePng(bytes: Buffer): { width: number; height: number; rgba: Uint8Array } {
  expect([...bytes.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10])
  const width = bytes.readUInt32BE(16)
  const height = bytes.readUInt32BE(20)
  const idat = bytes.indexOf('IDAT')
  for (const at of [12, idat]) {
    const length = bytes.readUInt32BE(at - 4)
    expect(bytes.readUInt32BE(at + 4 + length)).toBe(crc32(bytes.subarray(at, at + 4 + length)))
  }
  const raw = inflateSync(bytes.subarray(idat + 4, idat + 4 + bytes.readUInt32BE(idat - 4)))
  const rgba = new Uint8Array(width * height * 4)
  for (let y = 0; y < height; y++) {
    expect(raw[y * (1 + width * 4)]).toBe(0)
    rgba.set(raw.subarray(y * (1 + width * 4) + 1, (y + 1) * (1 + width * 4)), y * width * 4)
  }
  return { width, height, rgba }
}
const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0

describe('feature plots drawn in Node', () => {
  it('MFCC: one image with a pixel per column and coefficient with a value, coloured by z-score, the column width said', async () => {
    const columns = [
      [50, 1, -2],
      [52, null, -1],
      [48, 3, 0],
      [51, 2, null],
    ]
    const svg = await plotSvg(mfccHeatmapSpec({ coefficients: 3, secondsPerColumn: 0.5, columns }, 300))
    expect(svg.startsWith('<svg')).toBe(true)
    // One image, not a shape per cell (thousands of those took seconds to draw).
    expect(marks(svg, 'rect')).toHaveLength(0)
    const hrefs = [...svg.matchAll(/<image [^>]*href="data:image\/png;base64,([^"]+)"/g)].map((m) => m[1]!)
    expect(hrefs).toHaveLength(1)
    const png = decodePng(Buffer.from(hrefs[0]!, 'base64'))
    expect([png.width, png.height]).toEqual([4, 3])
    // Row 0 is the top: the highest coefficient. The two missing cells are transparent.
    const alpha = (col: number, coef: number) => png.rgba[((2 - coef) * 4 + col) * 4 + 3]
    const missing = [[1, 1], [3, 2]].map(([col, coef]) => alpha(col!, coef!))
    expect(missing).toEqual([0, 0])
    expect(columns.flatMap((column, col) => column.map((v, coef) => (v === null ? null : alpha(col, coef)))).filter((a) => a === 255)).toHaveLength(10)
    // The largest z-score (coefficient 2 at column 2, 0 among -2, -1, 0: z = 1.22) takes viridis' yellow end.
    const pixel = (col: number, coef: number) => [...png.rgba.subarray(((2 - coef) * 4 + col) * 4, ((2 - coef) * 4 + col) * 4 + 3)]
    expect(pixel(2, 2)).toEqual([253, 231, 37])
    expect(svg).toContain('MFCC (HTK)')
    expect(svg).toContain('z-score; 0.50 s a column')
    expect(svg).toContain('z-score</text>')
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
