// The shipped model in resources/models/: its card describes it and says everything the issue
// asks a card to say, it is at most 20 MB, it never trained (or chose its epoch) on the works it
// reports its test MAP on, and that test MAP is what Node gets from it: the held-out works' HPCP
// (resources/popset-small, shipped) embedded by onnxruntime-node in the workers, ranked by the
// project's evaluator.
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { embedSequences } from '../../src-main/embedding'
import { loadModelCard } from '../../src-main/embedding/card'
import { evaluate } from '../../src-main/eval'
import { REPO } from '../helpers/fixtures'

const MODEL = join(REPO, 'resources', 'models', 'refrain-hpcp-cnn.onnx')
const TEST_SET = join(REPO, 'resources', 'popset-small')
type Metadata = Record<string, Record<string, unknown>>

describe('the shipped embedding model', () => {
  it('has a card saying what it is, and is at most 20 MB', () => {
    const { card } = loadModelCard(MODEL)
    expect(statSync(MODEL).size).toBeLessThanOrEqual(20 * 1024 * 1024)
    expect(card.input).toMatchObject({ feature: 'hpcp', downsample: { factor: 20, method: 'mean' } })
    expect(card.input.frameRate).toBeCloseTo(44100 / 512, 6)
    expect(card.output.dim).toBeLessThanOrEqual(512)
    // Trained on the pop set's training works; tested on the shipped small pop set, none of whose works it saw.
    expect(card.training).toMatchObject({ dataset: 'popset', testDataset: 'popset-small', datasetHash: expect.stringMatching(/^[0-9a-f]{64}$/) })
    const split = card.training.splitWorks as { train: string[]; val: string[]; test: string[] }
    expect(split.train.length).toBeGreaterThan(300)
    expect(split.test.filter((w) => split.train.includes(w) || split.val.includes(w))).toEqual([])
    expect(['contrastive', 'triplet']).toContain(card.training.loss)
    expect(Object.keys(card.training.losses as object).sort()).toEqual(['contrastive', 'triplet'])
    expect(card.training.epochs).toBeGreaterThan(0)
    expect(card.training.minutes as number).toBeLessThanOrEqual(60)
    expect(card.metrics.validation?.map).toBeGreaterThan(card.metrics.validation!.chance!)
    expect(card.metrics.test?.map).toBeGreaterThan(card.metrics.test!.chance!)
    expect(card.calibration).toMatchObject({ method: 'equal error rate', on: 'validation' })
    expect(card.licence.weights).toMatch(/MIT.*POP909/)
  })

  it("reproduces its card's test MAP in Node", async () => {
    const { card } = loadModelCard(MODEL)
    const testWorks = new Set((card.training.splitWorks as { test: string[] }).test)
    const metadata = JSON.parse(readFileSync(join(TEST_SET, 'popset-small_metadata.json'), 'utf8')) as Record<string, Metadata>
    const items = Object.entries(metadata)
      .filter(([work]) => testWorks.has(work))
      .flatMap(([work, perfs]) => Object.keys(perfs).map((perf) => ({ id: perf, work, path: join(TEST_SET, 'popset-small_hpcp', `${work}_hpcp`, `${perf}_hpcp.h5`) })))
    expect(items).toHaveLength(card.metrics.test!.items!)
    const out = await embedSequences({ model: MODEL, items, workers: 2 })
    expect(out.problems).toEqual([])
    const n = items.length
    const d = new Float64Array(n * n)
    for (let i = 0; i < n; i++) {
      const a = out.embeddings.get(items[i].id)!
      for (let j = 0; j < n; j++) {
        const b = out.embeddings.get(items[j].id)!
        let s = 0
        for (let k = 0; k < a.length; k++) s += (a[k] - b[k]) ** 2
        d[i * n + j] = Math.sqrt(s)
      }
    }
    const result = evaluate(d, items.map((it) => it.work))
    expect(Math.abs(result.map - card.metrics.test!.map)).toBeLessThan(1e-3)
  }, 120_000)
})
