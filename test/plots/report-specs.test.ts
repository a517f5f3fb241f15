// The report's plots drawn in Node: the precision-recall curve with its max-F1 point, MAP per
// group of queries with as many versions to find, and a dataset's works by size, each showing
// the numbers a reader takes from it.
import { describe, expect, it } from 'vitest'
import { plotSvg } from '../../src-shared/plots/render'
import { mapByVersionsSpec, precisionRecallSpec, workSizesSpec } from '../../src-shared/plots/specs'

const count = (svg: string, pattern: RegExp) => svg.match(pattern)?.length ?? 0
const bars = (svg: string) => count(svg.match(/<g class="mark-rect role-mark[^"]*"[^>]*>([\s\S]*?)<\/g>/)?.[1] ?? '', /<path /g)

describe('report plots', () => {
  it('precision-recall: one curve, the max-F1 point and its label; an infinite last threshold is drawn', async () => {
    const svg = await plotSvg(precisionRecallSpec([[0.1, 1, 0.1], [0.5, 0.8, 0.3], [0.9, 0.4, 0.6], [1, 0.1, Infinity]], { recall: 0.5, precision: 0.8, f1: 0.615, threshold: 0.3 }))
    expect(svg).toContain('Precision-recall')
    expect(count(svg, /class="mark-line role-mark/g)).toBe(1)
    expect(count(svg, /class="mark-symbol role-mark/g)).toBe(1)
    expect(svg).toContain('max F1 0.615 at 0.3000')
    const path = svg.match(/<g class="mark-line role-mark[^"]*"[^>]*><path [^>]*d="([^"]+)"/)?.[1] ?? ''
    expect(path.split(/[ML]/).filter(Boolean)).toHaveLength(4)
  })

  it('MAP by versions to find: a bar per group, labelled with its queries', async () => {
    const svg = await plotSvg(mapByVersionsSpec([{ versions: 1, queries: 20, map: 0.5 }, { versions: 4, queries: 210, map: 0.9 }, { versions: 12, queries: 13000, map: 0.31 }]))
    expect(bars(svg)).toBe(3)
    for (const label of ['20 q', '210 q', '13000 q']) expect(svg).toContain(label)
  })

  it('works by size: a bar per size with its count', async () => {
    const svg = await plotSvg(workSizesSpec([{ performances: 1, works: 2000 }, { performances: 13, works: 1000 }]))
    expect(bars(svg)).toBe(2)
    expect(svg).toContain('>2000<')
    expect(svg).toContain('>1000<')
  })
})
