// Opening a model: execution providers tried in the platform's order with each failure kept
// (CUDA forced to fail falls back to CPU, the reason kept; a forced provider that fails is the
// error), and the files that must be refused with one line naming them: not an ONNX model, no
// card, a card that describes another file, a card whose input or output is not the model's.
import { createHash } from 'node:crypto'
import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { embedSequences } from '../../src-main/embedding'
import { loadEmbeddingModel } from '../../src-main/embedding/model'
import { describeProviders, openSession, parseProvider, providerOrder } from '../../src-main/embedding/providers'
import { removeTempDirs, samplePath, tempDir } from '../helpers/fixtures'
import { runPython } from './helpers'

afterAll(removeTempDirs)

let dir: string
let model: string

beforeAll(() => {
  dir = tempDir('refrain-embed-models-')
  model = join(dir, 'm.onnx')
  runPython(['export.py', '--init-seed', '3', '--out', model])
}, 120_000)

/** A copy of the model and its card under a new name, the card edited by `edit`. */
function variant(name: string, edit: (card: Record<string, any>) => void): string {
  const path = join(dir, `${name}.onnx`)
  copyFileSync(model, path)
  const card = JSON.parse(readFileSync(join(dir, 'm.card.json'), 'utf8'))
  card.model = `${name}.onnx`
  edit(card)
  writeFileSync(join(dir, `${name}.card.json`), JSON.stringify(card))
  return path
}

const oneLine = (message: string) => expect(message).not.toMatch(/\n/)

describe('execution providers', () => {
  it('tries CUDA, DirectML, CoreML, CPU as each platform has them', () => {
    expect(providerOrder('linux')).toEqual(['cuda', 'cpu'])
    expect(providerOrder('win32')).toEqual(['cuda', 'dml', 'cpu'])
    expect(providerOrder('darwin')).toEqual(['coreml', 'cpu'])
    expect(parseProvider('DirectML')).toBe('dml')
    expect(() => parseProvider('tpu')).toThrow(/unknown execution provider "tpu"/)
  })

  it('falls back from a failing CUDA to the CPU and keeps the reason', async () => {
    const opened = await openSession(model, { failProviders: ['cuda'] })
    try {
      expect(opened.provider).toBe('cpu')
      const order = providerOrder()
      expect(opened.attempts.map((a) => a.provider)).toEqual(order)
      expect(opened.attempts[0]).toEqual({ provider: order[0], error: expect.stringMatching(/made to fail/) })
      expect(opened.attempts.at(-1)).toEqual({ provider: 'cpu', error: null })
      expect(describeProviders(opened.provider, opened.attempts)).toMatch(/^CPU \(.*failed: made to fail/)
    } finally {
      await opened.session.release()
    }
  })

  it('says which provider ran through the worker pool, with the fallback reason', async () => {
    const chroma = { data: new Float32Array(400 * 12).map((_, i) => ((i * 7919) % 13) / 13), frames: 400 }
    const out = await embedSequences({ model, items: [{ id: 'x', chroma }], workers: 1, failProviders: ['cuda'] })
    expect(out.provider).toBe('cpu')
    expect(out.providerText).toMatch(/^CPU \(CUDA failed: made to fail/)
    expect(out.embeddings.get('x')).toHaveLength(128)
  })

  it('without CUDA libraries here, CUDA fails on its own and says what is missing', async () => {
    const opened = await openSession(model)
    try {
      expect(opened.provider).toBe('cpu')
      if (process.platform === 'linux' && opened.attempts[0].error !== null) {
        expect(opened.attempts[0].error).toMatch(/libonnxruntime_providers_cuda\.so is not installed|CUDA 12/)
      }
    } finally {
      await opened.session.release()
    }
  })

  it('a forced provider that fails is the error, in one line naming the model', async () => {
    const error = await openSession(model, { ep: 'cuda', failProviders: ['cuda'] }).catch((e: Error) => e)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toMatch(/^the CUDA execution provider failed to load .*m\.onnx: made to fail/)
    oneLine((error as Error).message)
    const forced = await embedSequences({ model, items: [], ep: 'cuda', failProviders: ['cuda'], workers: 1 }).catch((e: Error) => e)
    expect((forced as Error).message).toMatch(/^the CUDA execution provider failed to load/)
  })
})

describe('models that are refused', () => {
  it('a file that is not an ONNX model (text, HDF5)', async () => {
    const text = join(dir, 'notes.onnx')
    writeFileSync(text, 'this is not a model\n')
    const h5 = join(dir, 'features.onnx')
    copyFileSync(samplePath('hpcp'), h5)
    for (const path of [text, h5]) {
      const error = (await loadEmbeddingModel(path).catch((e: Error) => e)) as Error
      expect(error.message).toBe(`${path}: not an ONNX model (its bytes do not parse as an ONNX ModelProto with a graph)`)
    }
  })

  it('a model without its card', async () => {
    const path = join(dir, 'lonely.onnx')
    copyFileSync(model, path)
    const error = (await loadEmbeddingModel(path).catch((e: Error) => e)) as Error
    expect(error.message).toBe(`${path}: the model has no card (expected lonely.card.json beside it)`)
  })

  it('a card for other weights (sha256), or not a card at all', async () => {
    const other = variant('other', (card) => {
      card.sha256 = 'ab'.repeat(32)
    })
    const error = (await loadEmbeddingModel(other).catch((e: Error) => e)) as Error
    expect(error.message).toMatch(/other\.card\.json: the card disagrees with other\.onnx \(sha256 [0-9a-f]{12}…/)
    const broken = variant('broken', (card) => {
      delete card.output
    })
    const error2 = (await loadEmbeddingModel(broken).catch((e: Error) => e)) as Error
    expect(error2.message).toMatch(/broken\.card\.json: not a valid model card \(output: /)
    oneLine(error2.message)
  })

  it('a card whose input or output does not fit the model', async () => {
    const wrongDim = variant('wrongdim', (card) => {
      card.output.dim = 256
      card.output.shape = ['batch', 256]
    })
    const e1 = (await loadEmbeddingModel(wrongDim).catch((e: Error) => e)) as Error
    expect(e1.message).toMatch(/wrongdim\.card\.json: the card says 256-dimensional embeddings, wrongdim\.onnx outputs \(batch, 128\)/)
    const wrongName = variant('wrongname', (card) => {
      card.input.name = 'hpcp'
    })
    const e2 = (await loadEmbeddingModel(wrongName).catch((e: Error) => e)) as Error
    expect(e2.message).toBe(`${join(dir, 'wrongname.card.json')}: the card's input "hpcp" is not wrongname.onnx's ("chroma")`)
    const wrongOpset = variant('wrongopset', (card) => {
      card.opset = 13
    })
    const e3 = (await loadEmbeddingModel(wrongOpset).catch((e: Error) => e)) as Error
    expect(e3.message).toMatch(/wrongopset\.card\.json: the card says opset 13, wrongopset\.onnx uses opset 17/)
    // A real ONNX model, with a card that matches its file, whose input is not (batch, time, 12).
    const alien = join(dir, 'alien.onnx')
    runPython([
      '-c',
      [
        'import torch, sys',
        'm = torch.nn.Sequential(torch.nn.Flatten(1), torch.nn.LazyLinear(128))',
        'x = torch.zeros(1, 50, 13); m(x)',
        "torch.onnx.export(m, (x,), sys.argv[1], opset_version=17, input_names=['chroma'], output_names=['embedding'], dynamic_axes={'chroma': {0: 'batch'}})",
      ].join('\n'),
      alien,
    ])
    writeFileSync(
      join(dir, 'alien.card.json'),
      JSON.stringify({
        ...JSON.parse(readFileSync(join(dir, 'm.card.json'), 'utf8')),
        model: 'alien.onnx',
        sha256: createHash('sha256').update(readFileSync(alien)).digest('hex'),
        bytes: statSync(alien).size,
      }),
    )
    const e5 = (await loadEmbeddingModel(alien).catch((e: Error) => e)) as Error
    expect(e5.message).toBe(`${alien}: the model's input is float32 (batch, 50, 13), not float32 (batch, time, 12) as an embedding model's must be`)
    // Through the pool too: the task fails with the same one line, nothing else.
    const e4 = (await embedSequences({ model: wrongDim, items: [], workers: 1 }).catch((e: Error) => e)) as Error
    expect(e4.message).toBe(e1.message)
  })
})
