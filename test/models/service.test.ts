// The models capability through the one dispatch, as the Models page calls it: the user's models
// listed with their cards' figures; a model loaded from disk lands in the per-user models folder;
// a file that is no model and a card that describes another file are refused by name; the active
// model is what embed and scoring then use (resolveModel(null)); the execution provider is named.
import { copyFileSync, cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Output } from '../../src-main/api/contract'
import { createApp, type App } from '../../src-main/app/app'
import { resolveModel } from '../../src-main/embedding/models'
import { removeTempDirs, tempDir } from '../helpers/fixtures'
import type { ApiEvent } from '../../src-main/api/contract'
import { datasetOf, demoWorks, runPython } from '../embedding/helpers'

let app: App
let home: string
let dir: string
let modelA: string
let modelB: string
const savedHome = process.env.REFRAIN_HOME

beforeAll(() => {
  home = tempDir('refrain-models-home-')
  dir = tempDir('refrain-models-')
  process.env.REFRAIN_HOME = home
  modelA = join(dir, 'alpha.onnx')
  modelB = join(dir, 'beta.onnx')
  runPython(['export.py', '--init-seed', '3', '--out', modelA])
  runPython(['export.py', '--init-seed', '4', '--out', modelB])
  app = createApp({ dbPath: join(home, 'refrain.db'), door: { name: 'web', version: '0.0.0' } })
}, 120_000)

afterAll(async () => {
  await app?.close()
  if (savedHome === undefined) delete process.env.REFRAIN_HOME
  else process.env.REFRAIN_HOME = savedHome
  removeTempDirs()
})

async function call<M extends 'models.list' | 'models.load' | 'models.setActive' | 'models.provider'>(method: M, input: object): Promise<Output<M>> {
  const result = await app.dispatch(method, input)
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value as Output<M>
}

async function refusal(method: string, input: object): Promise<{ code: string; message: string }> {
  const result = await app.dispatch(method, input)
  expect(result.ok).toBe(false)
  return result.ok ? { code: '', message: '' } : result.error
}

describe('models', () => {
  it('lists nothing before a model is loaded, and says where models go', async () => {
    const list = await call('models.list', {})
    expect(list.models.filter((m) => m.source === 'user')).toEqual([])
    expect(list.folder).toBe(join(home, 'models'))
  })

  it('loads a model from disk into the models folder and lists it with its card', async () => {
    const { model } = await call('models.load', { path: modelA })
    expect(model.path).toBe(join(home, 'models', 'alpha.onnx'))
    expect(existsSync(join(home, 'models', 'alpha.card.json'))).toBe(true)
    const card = JSON.parse(readFileSync(join(dir, 'alpha.card.json'), 'utf8'))
    expect(model.id).toBe(card.sha256)
    expect(model.card).toMatchObject({ feature: 'hpcp', dim: 128, loss: 'none (untrained)', calibration: null, licence: 'code MIT; weights: MIT' })
    const list = await call('models.list', {})
    expect(list.models.map((m) => [m.name, m.source])).toContainEqual(['alpha', 'user'])
    // Loading the same file again is harmless.
    expect((await call('models.load', { path: modelA })).model.id).toBe(model.id)
  })

  it('refuses a file that is not a model, naming it', async () => {
    const bad = join(dir, 'notes.onnx')
    writeFileSync(bad, 'these are my notes, not a model')
    const error = await refusal('models.load', { path: bad })
    expect(error.code).toBe('invalid-input')
    expect(error.message).toBe(`${bad}: not an ONNX model (its bytes do not parse as an ONNX ModelProto with a graph)`)
    expect(existsSync(join(home, 'models', 'notes.onnx'))).toBe(false)
  })

  it('refuses a model whose card describes another file, naming the card', async () => {
    const other = join(dir, 'gamma.onnx')
    copyFileSync(modelB, other)
    const card = JSON.parse(readFileSync(join(dir, 'alpha.card.json'), 'utf8'))
    card.model = 'gamma.onnx'
    writeFileSync(join(dir, 'gamma.card.json'), JSON.stringify(card))
    const error = await refusal('models.load', { path: other })
    expect(error.message).toMatch(new RegExp(`^${join(dir, 'gamma.card.json')}: the card disagrees with gamma.onnx`))
    expect(error.message).not.toContain('\n')
    expect(existsSync(join(home, 'models', 'gamma.onnx'))).toBe(false)
  })

  it('sets the active model by id prefix or path, and resolveModel(null) follows it', async () => {
    const { model: beta } = await call('models.load', { path: modelB })
    const alphaId = (await call('models.list', {})).models.find((m) => m.name === 'alpha')!.id
    const chosen = await call('models.setActive', { id: alphaId.slice(0, 10) })
    expect(chosen.model?.name).toBe('alpha')
    expect(resolveModel(null).id).toBe(alphaId)
    let list = await call('models.list', {})
    expect(list.active).toBe(alphaId)
    expect(list.models.filter((m) => m.active).map((m) => m.name)).toEqual(['alpha'])

    await call('models.setActive', { path: beta.path })
    expect(resolveModel(null).id).toBe(beta.id)
    list = await call('models.list', {})
    expect(list.models.filter((m) => m.active).map((m) => m.name)).toEqual(['beta'])
    // A path the user gives still wins over the active model.
    expect(resolveModel(modelA).name).toBe('alpha')

    const unknown = await refusal('models.setActive', { id: 'ffffffffff' })
    expect(unknown).toEqual({ code: 'not-found', message: 'no model has the id ffffffffff (see refrain models)' })
  })

  it('names the execution provider that runs the active model', async () => {
    const info = await call('models.provider', {})
    expect(info.model?.name).toBe('beta')
    expect(info.provider).toMatch(/^(CPU|CUDA)/)
    expect(info.attempts.at(-1)?.error).toBeNull()
  }, 60_000)

  it('refuses training on a dataset that is not indexed, in one line', async () => {
    const error = await refusal('train.start', { dataset: 'no-such-dataset' })
    expect(error.message).toBe('no dataset named "no-such-dataset" is indexed (see refrain datasets)')
  })

  it('train.cancel stops a training after the epoch in flight; the best epoch becomes a listed model', async () => {
    const { multi, single } = demoWorks()
    await app.library.index([datasetOf(dir, 'svctrain', multi.slice(0, 8)), datasetOf(dir, 'svcval', [...multi.slice(10, 13), ...single.slice(0, 3)])])
    const events: ApiEvent[] = []
    let jobId = ''
    const finished = new Promise<Extract<ApiEvent, { type: 'train.done' }>>((resolve) => {
      app.onEvent((event) => {
        events.push(event)
        if (event.type === 'train.progress' && event.progress.epoch === 1) void app.dispatch('train.cancel', { jobId })
        if (event.type === 'train.done') resolve(event)
      })
    })
    const started = await app.dispatch('train.start', { dataset: 'svctrain', val: 'svcval', loss: 'triplet', epochs: 100, name: 'stopped-early' })
    expect(started.ok).toBe(true)
    if (started.ok) jobId = (started.value as { jobId: string }).jobId
    // A second training while one runs is refused.
    expect((await refusal('train.start', { dataset: 'svctrain' })).code).toBe('conflict')
    const { done } = await finished
    expect(done).toMatchObject({ jobId, error: null, interrupted: true })
    expect(done.model?.name).toBe('stopped-early')
    expect(done.model?.card.interrupted).toBe(true)
    const epochs = events.filter((e) => e.type === 'train.progress')
    expect(epochs.length).toBeGreaterThanOrEqual(1)
    expect(epochs.length).toBeLessThan(100)
    const list = await call('models.list', {})
    expect(list.models.map((m) => m.name)).toContain('stopped-early')
  }, 180_000)

  it('datasets that share a folder (as a Da-TACOS download\'s subsets do): it learns from the one chosen and validates on the other', async () => {
    // Two datasets indexed from one folder: train.py alone would read both.
    const shared = join(dir, 'shared')
    const { multi, single } = demoWorks()
    const a = multi.slice(0, 6)
    const b = [...multi.slice(10, 13), ...single.slice(0, 3)]
    for (const [name, works] of [['sharedtrain', a], ['sharedval', b]] as const) {
      const made = datasetOf(join(dir, 'parts'), name, works)
      cpSync(made, shared, { recursive: true })
    }
    await app.library.index([shared])
    expect((await refusal('train.start', { dataset: 'sharedtrain', val: 'sharedtrain' })).message).toMatch(/^--val sharedtrain is the training dataset/)
    const done = await app.models.train({ dataset: 'sharedtrain', val: 'sharedval', loss: 'triplet', epochs: 1, name: 'shared-run' })
    expect(done.model?.name).toBe('shared-run')
    const runs = readdirSync(join(home, 'training')).filter((f) => f.startsWith('shared-run-'))
    const splits = JSON.parse(readFileSync(join(home, 'training', runs[0], 'splits.json'), 'utf8'))
    expect([...splits.train].sort()).toEqual([...a].sort())
    expect([...splits.val].sort()).toEqual([...b].sort())
  }, 180_000)
})
