// Which embedding model a job uses: a path the user gives, else the shipped model in
// resources/models/ (the one .onnx there with its card). Its id is the sha256 its card states
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

export function resolveModel(path?: string | null): ModelRef {
  const file = path ? resolve(path) : shippedModels()[0]
  if (!file) throw notFound('no embedding model is shipped in resources/models/: train one (refrain train) or give --model <file.onnx>')
  if (!existsSync(file)) throw notFound(`${file}: no such model file`)
  const { card } = loadModelCard(file)
  return { path: file, id: card.sha256, name: card.name || basename(file, '.onnx'), card }
}
