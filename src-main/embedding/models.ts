// Which embedding model a job uses: a path the user gives, else the active model the user chose
// (the Models page, `refrain models --use`), else the shipped model in resources/models/ (the
// one .onnx there with its card). Its id is the sha256 its card states
// (checked against the file when the card is loaded), so stored embeddings follow the weights.
import { existsSync, readdirSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { notFound } from '../errors'
import { resourcesDir } from '../library/paths'
import { loadModelCard, type ModelCard } from './card'

export interface ModelRef {
  path: string
  id: string
  name: string
  card: ModelCard
}

/** The models shipped with Refrain, by file. */
export function shippedModels(): string[] {
  const dir = join(resourcesDir(), 'models')
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((file) => file.endsWith('.onnx'))
    .sort()
    .map((file) => join(dir, file))
}

/** Where the active model's path comes from (the models capability registers the database's setting). */
export type ActiveModelSource = () => string | null

let activeSource: ActiveModelSource | null = null

/**
 * Registers where resolveModel(null) finds the active model; returns a function that removes it
 * again. Every caller of resolveModel (embed, scoring) then follows the user's choice without
 * passing it along. `active` given to resolveModel wins over the registered source.
 */
export function setActiveModelSource(source: ActiveModelSource | null): () => void {
  activeSource = source
  return () => {
    if (activeSource === source) activeSource = null
  }
}

export function resolveModel(path?: string | null, active?: string | null): ModelRef {
  const chosen = active !== undefined ? active : (activeSource?.() ?? null)
  if (!path && chosen && !existsSync(chosen)) throw notFound(`the active model ${chosen} is missing: choose another (refrain models --use <id|path>)`)
  const file = path ? resolve(path) : (chosen ?? shippedModels()[0])
  if (!file) throw notFound('no embedding model is shipped in resources/models/: train one (refrain train) or give --model <file.onnx>')
  if (!existsSync(file)) throw notFound(`${file}: no such model file`)
  const { card } = loadModelCard(file)
  return { path: file, id: card.sha256, name: card.name || basename(file, '.onnx'), card }
}
