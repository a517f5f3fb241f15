// `refrain models [--json]`: the shipped and the user's models with their cards, the active one
// and the execution provider that runs it here; `--use <id|path>` makes one active (`--use
// shipped` goes back to the shipped model); `--load <file.onnx>` checks one with its card and
// copies both into the user's models folder.
import type { App } from '../app/app'
import type { ModelInfo } from '../models/types'
import { EXIT, printJson, printLine } from './output'

export interface ModelsFlags {
  use?: string
  load?: string
  json: boolean
}

const pct = (value: number | null) => (value === null ? '-' : value.toFixed(3))

function describe(model: ModelInfo): string[] {
  const c = model.card
  return [
    `${model.active ? '* ' : '  '}${model.name}  ${model.id.slice(0, 12)}  (${model.source})  ${model.path}`,
    `    ${c.feature}, ${c.dim}-d, ${c.loss} loss; trained on ${c.trainingData ?? '-'}; epochs ${c.epochs ?? '-'} (best ${c.bestEpoch ?? '-'})${c.interrupted ? ', stopped early' : ''}`,
    `    validation MAP ${pct(c.valMap)} (chance ${pct(c.valChance)}), test MAP ${pct(c.testMap)}; calibration ${c.calibration ?? 'none'}`,
    `    licence: ${c.licence}`,
  ]
}

export async function modelsCommand(app: App, flags: ModelsFlags): Promise<number> {
  if (flags.load) {
    const model = app.models.load(flags.load)
    if (flags.json) printJson(model)
    else printLine(`loaded ${model.name} (${model.id.slice(0, 12)}) into ${model.path}; make it active: refrain models --use ${model.id.slice(0, 12)}`)
    if (!flags.use) return EXIT.ok
  }
  if (flags.use) {
    const ref = flags.use === 'shipped' ? {} : /[/\\]|\.onnx$/i.test(flags.use) ? { path: flags.use } : { id: flags.use }
    const model = app.models.setActive(ref)
    if (flags.json) printJson({ active: model })
    else printLine(model ? `active model: ${model.name} (${model.id.slice(0, 12)}) ${model.path}` : 'active model: none (no model is shipped; train one or load one)')
    return EXIT.ok
  }
  const list = app.models.list()
  const provider = await app.models.provider()
  if (flags.json) {
    printJson({ ...list, provider })
    return EXIT.ok
  }
  if (list.models.length === 0) printLine(`no models yet: train one (refrain train --dataset <name>) or load one (refrain models --load <file.onnx>); yours live in ${list.folder}`)
  for (const model of list.models) for (const line of describe(model)) printLine(line)
  for (const problem of list.problems) printLine(`left out: ${problem}`)
  printLine(`your models folder: ${list.folder}`)
  if (provider.model) printLine(`execution provider for ${provider.model.name}: ${provider.provider ?? `none (${provider.problem})`}`)
  else if (provider.problem) printLine(`execution provider: none (${provider.problem})`)
  return EXIT.ok
}
