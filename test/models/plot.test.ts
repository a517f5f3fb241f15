// The training curve drawn by the same code the Models page uses: a point per epoch in each
// panel (loss, validation MAP), a colour per loss, the chance level labelled.
import { describe, expect, it } from 'vitest'
import { plotSvg } from '../../src-shared/plots/render'
import { trainingCurveSpec } from '../../src-shared/plots/training'

const symbols = (svg: string) => [...svg.matchAll(/<g class="mark-symbol role-mark[^"]*"[^>]*>([\s\S]*?)<\/g>/g)].map((m) => (m[1].match(/<path /g) ?? []).length)

describe('training curve', () => {
  it('draws each epoch as a point in the loss panel and in the MAP panel, with the chance level', async () => {
    const svg = await plotSvg(
      trainingCurveSpec([
        { epoch: 1, lossName: 'triplet', loss: 0.4, valMap: 0.5, chance: 0.196 },
        { epoch: 2, lossName: 'triplet', loss: 0.3, valMap: 0.6, chance: 0.196 },
        { epoch: 3, lossName: 'triplet', loss: null, valMap: 0.62, chance: 0.196 },
      ]),
    )
    expect(svg.startsWith('<svg')).toBe(true)
    // Two panels: the loss (epochs with a loss) and the MAP (every epoch).
    expect(symbols(svg)).toEqual([2, 3])
    expect(svg).toContain('chance 0.196')
    expect(svg).toContain('validation MAP')
  })

  it('draws an empty plot before the first epoch', async () => {
    const svg = await plotSvg(trainingCurveSpec([]))
    expect(symbols(svg).reduce((a, b) => a + b, 0)).toBe(0)
  })
})
