// A training job as the models capability runs it: the indexed dataset names resolved to their
// folders, train.py run in a folder of its own under the per-user data folder (its checkpoint
// and history stay there), and the exported model copied into the user's models folder so it
// is listed at once. Cancel sends SIGINT through runTraining, which keeps the best epoch.
//
// train.py reads every dataset under the folder it is given. Where that folder holds other
// indexed datasets too (a Da-TACOS download: benchmark and coveranalysis side by side), the
// works are named in a splits file taken from the index, so it learns from the chosen dataset
// only and validates on the chosen validation dataset only, never on works it trained on.
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs'
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

function datasetFolder(db: Db, name: string): string {
  const folder = indexedDatasetFolder(db, name)
  if (!folder) throw notFound(`no dataset named "${name}" is indexed (see refrain datasets)`)
  if (!existsSync(folder)) throw notFound(`${folder}: the folder of dataset "${name}" is gone; index it again`)
  return folder
}

/** The folders of the training and validation datasets; refuses names not indexed, and validating on the training data. */
export function checkTrainRequest(db: Db, run: TrainRequest): { dataset: string; val: string | undefined } {
  const dataset = datasetFolder(db, run.dataset)
  const val = run.val ? datasetFolder(db, run.val) : undefined
  if (run.val === run.dataset) throw invalidInput(`--val ${run.val} is the training dataset: validation on the works it learns from says nothing; choose another dataset, or none for a held-out split`)
  return { dataset, val }
}

/** A dataset's work ids, those with versions (two or more performances) apart from the rest. */
function worksOf(db: Db, name: string): { multi: string[]; single: string[] } {
  const rows = db
    .prepare('SELECT w.work_id AS work, COUNT(p.id) AS n FROM works w JOIN datasets d ON d.id = w.dataset_id JOIN performances p ON p.work_row = w.id WHERE d.name = ? GROUP BY w.id ORDER BY w.work_id')
    .all(name) as { work: string; n: number }[]
  return { multi: rows.filter((r) => r.n > 1).map((r) => r.work), single: rows.filter((r) => r.n === 1).map((r) => r.work) }
}

function sharesFolder(db: Db, name: string, root: string): boolean {
  return (db.prepare('SELECT COUNT(*) AS n FROM datasets WHERE root = ? AND name <> ?').get(root, name) as { n: number }).n > 0
}

/** A seeded shuffle (mulberry32), so the same --seed splits the same way. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let a = seed >>> 0
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

/**
 * The splits file for a dataset that shares its folder, or null when train.py can be given the
 * folder as it is. Without a validation dataset: train.py's own rule (works with versions
 * 70/15/15, single performances as distractors in validation and test), on this dataset's works.
 */
function splitsFor(db: Db, run: TrainRun, root: string, valRoot: string | undefined): { train: string[]; val: string[]; test: string[] } | null {
  if (!sharesFolder(db, run.dataset, root)) return null
  const own = worksOf(db, run.dataset)
  if (run.val && valRoot === root) {
    const val = worksOf(db, run.val)
    const held = new Set([...val.multi, ...val.single])
    return { train: [...own.multi, ...own.single].filter((w) => !held.has(w)), val: [...held], test: [] }
  }
  // A validation dataset in a folder of its own is given as that folder (train.py reads it apart).
  if (run.val) return null
  const seed = run.seed ?? 2026
  const multi = shuffled(own.multi, seed)
  const single = shuffled(own.single, seed)
  const nVal = Math.max(1, Math.round(multi.length * 0.15))
  const nTest = multi.length >= 3 ? Math.max(1, Math.round(multi.length * 0.15)) : 0
  const half = Math.floor(single.length / 2)
  return {
    train: multi.slice(nVal + nTest),
    val: [...multi.slice(0, nVal), ...single.slice(0, half)],
    test: [...multi.slice(nVal, nVal + nTest), ...single.slice(half)],
  }
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
  const { dataset, val } = checkTrainRequest(db, run)
  const out = run.out ? resolve(run.out) : null
  if (out && !out.toLowerCase().endsWith('.onnx')) throw invalidInput(`--out ${run.out}: the model file must end in .onnx`)
  const models = userModelsDir()
  // --out names the model: its card must name the very file it describes.
  const name = out ? basename(out).replace(/\.onnx$/i, '') : freeName(run.name ?? defaultModelName(run), models)
  if (out && existsSync(join(models, `${name}.onnx`))) throw invalidInput(`a model named ${name} is already among your models (${models}); choose another --out name`)
  const work = join(appHome(), 'training', `${name}-${Date.now().toString(36)}`)
  mkdirSync(work, { recursive: true })
  const splits = splitsFor(db, run, dataset, val)
  let validation = val
  if (splits) {
    validation = join(work, 'splits.json')
    writeFileSync(validation, JSON.stringify(splits))
  }
  const done = await runTraining({
    dataset,
    out: work,
    ...(validation ? { val: validation } : {}),
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
