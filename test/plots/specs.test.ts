// The shared plots drawn in Node by the same code the workstation uses: the SVG holds what a
// researcher reads off it (a bar per non-empty bin of each distribution, the threshold's rule and
// label, the ROC curve with its EER point), and it parses as XML.
import { describe, expect, it } from 'vitest'
import { distanceDistributionSpec, rocSpec } from '../../src-shared/plots/specs'
import { plotSvg } from '../../src-shared/plots/render'

const histogram = {
  edges: [0, 0.25, 0.5, 0.75, 1],
  versions: [6, 3, 1, 0],
  nonVersions: [0, 2, 30, 40],
  infinite: { versions: 0, nonVersions: 5 },
}

function count(svg: string, pattern: RegExp): number {
  return svg.match(pattern)?.length ?? 0
}

describe('plots drawn in Node', () => {
  it('distance distributions: one bar per bin and kind, the threshold rule and its label, the infinite pairs said', async () => {
    const svg = await plotSvg(distanceDistributionSpec(histogram, { value: 0.42, rule: 'EER' }))
    expect(svg.startsWith('<svg')).toBe(true)
    // Vega draws a rect mark as a path inside a group whose class names the mark.
    const bars = svg.match(/<g class="mark-rect role-mark[^"]*"[^>]*>([\s\S]*?)<\/g>/)?.[1] ?? ''
    expect(count(bars, /<path /g)).toBe(8)
    expect(svg).toContain('threshold 0.4200 (EER)')
    expect(svg).toContain('0 version and 5 non-version pairs at infinite distance')
    expect(svg).toContain('class="mark-rule role-mark')
    expect(() => new DOMParserLike(svg)).not.toThrow()
  })

  it('ROC: the curve, the chance diagonal and the EER point with its rate', async () => {
    const svg = await plotSvg(rocSpec([[0, 0, 2], [0.1, 0.6, 0.5], [0.2, 0.8, 0.4], [1, 1, 0]], 0.87, { rate: 0.2, threshold: 0.4 }))
    expect(svg).toContain('ROC curve (AUC 0.870)')
    expect(svg).toContain('EER 20.0 %')
    expect(count(svg, /class="mark-line role-mark/g)).toBe(2)
    expect(count(svg, /class="mark-symbol role-mark/g)).toBe(1)
  })

  it('without a threshold there is no rule', async () => {
    const svg = await plotSvg(distanceDistributionSpec({ ...histogram, infinite: { versions: 0, nonVersions: 0 } }, null))
    expect(svg).not.toContain('class="mark-rule role-mark')
    expect(svg).not.toContain('infinite distance')
  })
})

/** A strict-enough well-formedness check without a DOM: every opened tag is closed in order. */
class DOMParserLike {
  constructor(xml: string) {
    const stack: string[] = []
    for (const m of xml.matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g)) {
      const [, closing, name, selfClosing] = m
      if (selfClosing) continue
      if (closing) {
        if (stack.pop() !== name) throw new Error(`</${name}> closes the wrong element`)
      } else stack.push(name!)
    }
    if (stack.length) throw new Error(`unclosed <${stack.at(-1)}>`)
  }
}
