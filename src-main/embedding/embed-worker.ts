// The embed worker (built as its own entry, out/main/embed-worker.js): loads an embedding model
// once per thread and embeds the sequences of each task, read from feature files or passed in.
// A model that cannot be used fails the task (one line); a sequence that cannot be embedded
// (unreadable file, NaN chroma, too short) is reported by its id and the rest go on.
import { readChroma } from '../dataset/features'
import { errorMessage } from '../errors'
import { serveTasks } from '../workers/serve'
import { loadEmbeddingModel, type EmbeddingModel } from './model'
import type { EmbedTask, EmbedTaskResult } from './types'

let loaded: { key: string; model: EmbeddingModel } | null = null

async function modelFor(task: EmbedTask): Promise<EmbeddingModel> {
  const key = JSON.stringify([task.model, task.ep ?? 'auto', task.failProviders ?? []])
  if (loaded?.key === key) return loaded.model
  if (loaded) await loaded.model.release()
  loaded = null
  const model = await loadEmbeddingModel(task.model, { ep: task.ep, failProviders: task.failProviders })
  loaded = { key, model }
  return model
}

serveTasks<EmbedTask, EmbedTaskResult, number>(async (task, report) => {
  const model = await modelFor(task)
  const results: EmbedTaskResult['results'] = []
  for (const item of task.items) {
    const label = item.label ?? item.id
    try {
      let seq
      if (item.chroma) seq = item.chroma
      else if (item.path) {
        const chroma = await readChroma(item.path, item.feature ?? model.card.input.feature)
        seq = { data: chroma.data, frames: chroma.frames }
      } else throw new Error('neither a feature file nor chroma was given')
      results.push({ id: item.id, embedding: await model.embed(item.path ? `${label} (${item.path})` : label, seq), problem: null })
    } catch (error) {
      const message = errorMessage(error)
      results.push({ id: item.id, embedding: null, problem: message.startsWith(label) ? message : `${label}: ${message}` })
    }
    report(results.length)
  }
  return { provider: model.provider, attempts: model.attempts, dim: model.card.output.dim, results }
})
