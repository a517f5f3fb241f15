// Where the user's models live and which one is active: `<name>.onnx` + `<name>.card.json` in
// models/ under the per-user data folder (beside the database, so every door sees the same
// ones), and the active model's path as a database setting. A model enters the folder only
// after loadModelCard accepted it, so the list never shows a file the embedder would refuse.
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { cardPathFor, loadModelCard, type ModelCard } from '../embedding/card'
import { invalidInput } from '../errors'
import { getSetting, setSetting, type Db } from '../index/db'
import { appHome } from '../library/paths'

const ACTIVE_KEY = 'models.active'

export function userModelsDir(): string {
  return join(appHome(), 'models')
}

/** The .onnx files in the user's models folder, by name. */
export function userModelFiles(dir: string = userModelsDir()): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((file) => file.endsWith('.onnx'))
    .sort()
    .map((file) => join(dir, file))
}

/** The active model's path, or null for the shipped default. */
export function activeModelPath(db: Db): string | null {
  return getSetting(db, ACTIVE_KEY) || null
}

/** An empty value means "the shipped model" (the settings table has no delete). */
export function setActiveModelPath(db: Db, path: string | null): void {
  setSetting(db, ACTIVE_KEY, path ?? '')
}

/**
 * Copies a checked model and its card into the models folder. The same file already there is
 * kept as it is; another model under the same name is refused rather than overwritten, since
 * stored embeddings and the active setting may refer to it.
 */
export function addUserModel(source: string, dir: string = userModelsDir()): { path: string; card: ModelCard } {
  const from = resolve(source)
  const { card, cardPath } = loadModelCard(from)
  const target = join(dir, basename(from))
  if (resolve(target) === from) return { path: target, card }
  if (existsSync(target)) {
    const existing = safeCard(target)
    if (existing?.sha256 === card.sha256) return { path: target, card }
    throw invalidInput(`${basename(from)}: a different model of that name is already in ${dir}; rename the file and its card (and the card's "model" field) first`)
  }
  mkdirSync(dir, { recursive: true })
  // Card first, model last under a temporary name: a half-copied pair is never listed.
  const partial = `${target}.partial`
  copyFileSync(cardPath, cardPathFor(target))
  copyFileSync(from, partial)
  renameSync(partial, target)
  return { path: target, card }
}

function safeCard(path: string): ModelCard | null {
  try {
    return loadModelCard(path).card
  } catch {
    return null
  }
}
