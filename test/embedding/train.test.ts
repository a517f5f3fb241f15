// Training, as `refrain train` launches it: a smoke test on a tiny dataset of real demo HPCP
// (seconds) whose loss falls and whose validation MAP beats chance for both losses, with an
// exported model and card the Node side accepts; the same seed gives the same run; and the
// one-line messages for a missing Python, a Python without torch, and data without versions.
import { chmodSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadModelCard } from '../../src-main/embedding/card'
import { runTraining, type TrainEvent } from '../../src-main/embedding/train'
import { removeTempDirs, tempDir } from '../helpers/fixtures'
import { datasetOf, demoWorks, PYTHON, runPython } from './helpers'

afterAll(removeTempDirs)

type Epoch = Extract<TrainEvent, { type: 'epoch' }>

let parent: string
let train: string
let val: string

beforeAll(() => {
  parent = tempDir('refrain-train-')
  const { multi, single } = demoWorks()
  // 10 works x 5 versions to learn from; 6 other works x 5 versions and 6 single tracks to validate on.
  train = datasetOf(parent, 'tiny', multi.slice(0, 10))
  val = datasetOf(parent, 'tinyval', [...multi.slice(10, 16), ...single.slice(0, 6)])
})

// Queries: the 30 versions, each with 4 relevant among 35 others. The expected AP of a random
// ranking is (1/n) sum_k [1/k + (R-1)/(n-1) (k-1)/k] with n = 35, R = 4: 0.1962 (checked by
// simulation in training/tests/test_evaluate.py).
const CHANCE = 0.1962

function run(out: string, extra: { loss: 'both' | 'triplet'; epochs: number }) {
  const events: TrainEvent[] = []
  const done = runTraining({
    dataset: train,
    val,
    out,
    loss: extra.loss,
    epochs: extra.epochs,
    seed: 11,
    maxMinutes: 5,
    python: PYTHON,
    // One thread: on a busy 2-core machine, two spinning OpenMP threads per process cost far more than they give.
    extra: ['--works-per-batch', '5', '--crop', '48', '--threads', '1'],
    onEvent: (e) => events.push(e),
  })
  return { done, events }
}

describe('training smoke test (tiny dataset, seconds)', () => {
  it('loss falls and validation MAP beats chance, for the contrastive and the triplet loss; the better is exported', async () => {
    const out = join(parent, 'out')
    const { done, events } = run(out, { loss: 'both', epochs: 6 })
    const result = await done
    const epochs = events.filter((e): e is Epoch => e.type === 'epoch')
    for (const loss of ['contrastive', 'triplet']) {
      const rows = epochs.filter((e) => e.lossName === loss)
      expect(rows).toHaveLength(6)
      expect(rows[0].chance).toBeCloseTo(CHANCE, 3)
      const early = rows[0].loss!
      const late = (rows[4].loss! + rows[5].loss!) / 2
      expect(late).toBeLessThan(early * 0.9)
      expect(Math.max(...rows.map((r) => r.valMap))).toBeGreaterThan(2 * CHANCE)
    }
    const best = Math.max(...epochs.map((e) => e.valMap))
    expect(result.valMap).toBe(best)
    expect(result.loss).toBe(epochs.find((e) => e.valMap === best)!.lossName)
    // The exported model passes the same checks the app makes before using one.
    const { card } = loadModelCard(result.model)
    expect(card.metrics.validation?.map).toBe(best)
    expect(card.training.loss).toBe(result.loss)
    expect(Object.keys(card.training.losses as object).sort()).toEqual(['contrastive', 'triplet'])
    expect(card.training.datasetHash).toMatch(/^[0-9a-f]{64}$/)
    expect(card.calibration?.threshold).toBeGreaterThan(0)
    // The loss not chosen keeps its best epoch, to be measured on held-out works with evaluate.py.
    const other = result.loss === 'contrastive' ? 'triplet' : 'contrastive'
    const evaluated = runPython(['evaluate.py', '--checkpoint', join(out, `refrain-hpcp-cnn.${other}.pt`), '--dataset', val])
    expect(JSON.parse(evaluated.trim().split('\n').at(-1)!).map).toBeCloseTo(Math.max(...epochs.filter((e) => e.lossName === other).map((e) => e.valMap)), 6)
  }, 180_000)

  it('is deterministic given the seed', async () => {
    const a = run(join(parent, 'a'), { loss: 'triplet', epochs: 2 })
    await a.done
    const b = run(join(parent, 'b'), { loss: 'triplet', epochs: 2 })
    await b.done
    const strip = (events: TrainEvent[]) => events.filter((e): e is Epoch => e.type === 'epoch').map(({ loss, valMap }) => ({ loss, valMap }))
    expect(strip(b.events)).toEqual(strip(a.events))
    expect(strip(a.events)).toHaveLength(2)
  }, 180_000)
})

describe('training stopped by the user', () => {
  it('cancel (SIGINT) keeps the best epoch so far and exports it', async () => {
    const controller = new AbortController()
    const events: TrainEvent[] = []
    const result = await runTraining({
      dataset: train,
      val,
      out: join(parent, 'stopped'),
      loss: 'triplet',
      epochs: 200,
      seed: 11,
      python: PYTHON,
      extra: ['--works-per-batch', '5', '--crop', '48', '--threads', '1'],
      signal: controller.signal,
      onEvent: (e) => {
        events.push(e)
        if (e.type === 'epoch' && e.epoch === 2) controller.abort()
      },
    })
    const epochs = events.filter((e): e is Epoch => e.type === 'epoch')
    expect(result.interrupted).toBe(true)
    expect(epochs.length).toBeGreaterThanOrEqual(2)
    expect(epochs.length).toBeLessThan(200)
    expect(result.valMap).toBe(Math.max(...epochs.map((e) => e.valMap)))
    expect(loadModelCard(result.model).card.training.interrupted).toBe(true)
  }, 180_000)
})

describe('training that cannot start', () => {
  it('a Python without torch: one line saying what to install', async () => {
    // Debian's Python with its site packages (torch, numpy, h5py, onnx) switched off.
    const fake = join(parent, 'python-without-torch')
    writeFileSync(fake, `#!/bin/sh\nexec ${PYTHON} -S "$@"\n`)
    chmodSync(fake, 0o755)
    const error = (await runTraining({ dataset: train, out: join(parent, 'x'), python: fake }).catch((e: Error) => e)) as Error & { code: string }
    expect(error.message).toMatch(/lacks the Python modules torch, numpy, h5py, onnx: install them with `apt-get install python3-torch python3-onnx python3-h5py python3-numpy`/)
    expect(error.message).not.toContain('\n')
    expect(error.code).toBe('unsupported')
  })

  it('no Python at all', async () => {
    const missing = join(parent, 'no-such-python')
    const error = (await runTraining({ dataset: train, out: join(parent, 'x'), python: missing }).catch((e: Error) => e)) as Error
    expect(error.message).toMatch(new RegExp(`^Python was not found at "${missing}": install Python 3 with PyTorch`))
  })

  it('a training dataset without versions', async () => {
    const singles = datasetOf(parent, 'singles', demoWorks().single.slice(0, 5))
    const error = (await runTraining({ dataset: singles, out: join(parent, 'y'), python: PYTHON }).catch((e: Error) => e)) as Error
    expect(error.message).toBe(`${singles}: the training data has no work with two or more performances (no versions to learn from)`)
  })
})
