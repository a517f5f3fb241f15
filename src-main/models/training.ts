// A training job as the models capability runs it: the indexed dataset names resolved to their
// folders, train.py run in a folder of its own under the per-user data folder (its checkpoint
// and history stay there), and the exported model copied into the user's models folder so it
// is listed at once. Cancel sends SIGINT through runTraining, which keeps the best epoch.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { cardPathFor } from '../embedding/card'
import { runTraining, type TrainEvent } from '../embedding/train'
import { invalidInput, notFound } from '../errors'
import type { Db } from '../index/db'
import { indexedDatasetFolder } from '../index/store'
import { appHome } from '../library/paths'
import { addUserModel, userModelsDir } from './store'
import type { TrainRequest } from './types'

export interface TrainRun extends TrainRequest {
  /** Also write the model (and its card beside it) to this .onnx file (the CLI's --out). */
  out?: string
  /** Further train.py flags (tests: a smaller batch, one thread). */
  extra?: string[]
  python?: string
}

export type TrainEpoch = Extract<TrainEvent, { type: 'epoch' }>
export type TrainResult = Extract<TrainEvent, { type: 'done' }> & { installed: string }

export function datasetFolder(db: Db, name: string): string {
  const folder = indexedDatasetFolder(db, name)
  if (!folder) throw notFound(`no dataset named "${name}" is indexed (see refrain datasets)`)
  if (!existsSync(folder)) throw notFound(`${folder}: the folder of dataset "${name}" is gone; index it again`)
  return folder
}

/** A name no model in the folder has yet: the asked one, else it with -2, -3, … */
function freeName(wanted: string, dir: string): string {
  for (let k = 1; ; k++) {
    const name = k === 1 ? wanted : `${wanted}-${k}`
    if (!existsSync(join(dir, `${name}.onnx`))) return name
  }
}

export function defaultModelName(request: TrainRequest, now: Date = new Date()): string {
  const stamp = now.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-')
  return `${request.dataset}-${request.loss ?? 'both'}-${stamp}`.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[^A-Za-z0-9]+/, 'm')
}

export async function trainModel(db: Db, run: TrainRun, hooks: { signal: AbortSignal; onEpoch: (epoch: TrainEpoch) => void }): Promise<TrainResult> {
  const dataset = datasetFolder(db, run.dataset)
  const val = run.val ? datasetFolder(db, run.val) : undefined
  const out = run.out ? resolve(run.out) : null
  if (out && !out.toLowerCase().endsWith('.onnx')) throw invalidInput(`--out ${run.out}: the model file must end in .onnx`)
  const models = userModelsDir()
  // --out names the model: its card must name the very file it describes.
  const name = out ? basename(out).replace(/\.onnx$/i, '') : freeName(run.name ?? defaultModelName(run), models)
  if (out && existsSync(join(models, `${name}.onnx`))) throw invalidInput(`a model named ${name} is already among your models (${models}); choose another --out name`)
  const work = join(appHome(), 'training', `${name}-${Date.now().toString(36)}`)
  mkdirSync(work, { recursive: true })
  const done = await runTraining({
    dataset,
    out: work,
    ...(val ? { val } : {}),
    ...(run.loss ? { loss: run.loss } : {}),
    ...(run.epochs !== undefined ? { epochs: run.epochs } : {}),
    ...(run.seed !== undefined ? { seed: run.seed } : {}),
    ...(run.python ? { python: run.python } : {}),
    extra: ['--name', name, ...(run.extra ?? [])],
    signal: hooks.signal,
    onEvent: (event) => {
      if (event.type === 'epoch') hooks.onEpoch(event)
    },
  })
  if (out) {
    mkdirSync(dirname(out), { recursive: true })
    copyFileSync(done.card, cardPathFor(out))
    copyFileSync(done.model, out)
  }
  const installed = addUserModel(done.model, models).path
  return { ...done, installed }
}
