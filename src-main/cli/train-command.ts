// `refrain train --dataset <name> [--val <name>] [--loss …] [--epochs N] [--seed N] [--out file.onnx]`:
// trains an embedding model on an indexed dataset with versions, one line per epoch (loss and
// validation MAP; with --json one JSON object per line and a final summary). Ctrl-C stops after
// the epoch in flight and still writes the best epoch's model, then exits 130.
import type { App } from '../app/app'
import { TRAIN_LOSSES } from '../models/types'
import { cliJob } from './job'
import { CliError, EXIT, printLine } from './output'

export interface TrainFlags {
  dataset?: string
  val?: string
  loss?: string
  epochs?: number
  seed?: number
  out?: string
  json: boolean
}

const fixed = (value: number | null, digits: number) => (value === null ? '-' : value.toFixed(digits))

export async function trainCommand(app: App, args: string[], flags: TrainFlags): Promise<number> {
  if (args.length > 0) throw new CliError(`refrain train takes no positional arguments ("${args[0]}"): give --dataset <name>`, EXIT.usage)
  if (!flags.dataset) throw new CliError('refrain train needs --dataset <name>: an indexed dataset whose works have versions (see refrain datasets)', EXIT.usage)
  if (flags.loss !== undefined && !(TRAIN_LOSSES as readonly string[]).includes(flags.loss)) {
    throw new CliError(`--loss must be contrastive, triplet or both, not "${flags.loss}"`, EXIT.usage)
  }
  const job = cliJob(flags.json, 'stopping: keeping the best epoch')
  let done
  try {
    done = await app.models.train(
      {
        dataset: flags.dataset,
        ...(flags.val ? { val: flags.val } : {}),
        ...(flags.loss ? { loss: flags.loss as (typeof TRAIN_LOSSES)[number] } : {}),
        ...(flags.epochs !== undefined ? { epochs: flags.epochs } : {}),
        ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
        ...(flags.out ? { out: flags.out } : {}),
      },
      {
        isCancelled: job.isCancelled,
        onProgress: (p) => {
          const { jobId: _job, ...epoch } = p
          if (flags.json) process.stdout.write(JSON.stringify({ type: 'epoch', ...epoch }) + '\n')
          else printLine(`epoch ${p.epoch}/${p.epochs} ${p.lossName}: loss ${fixed(p.loss, 4)}, validation MAP ${p.valMap.toFixed(3)} (chance ${p.chance.toFixed(3)}), ${p.seconds.toFixed(1)} s`)
        },
      },
    )
  } finally {
    job.end()
  }
  const model = done.model
  const written = flags.out ?? model?.path ?? ''
  if (flags.json) {
    process.stdout.write(JSON.stringify({ type: 'done', model: model, out: flags.out ?? null, interrupted: done.interrupted, seconds: done.seconds }) + '\n')
  } else if (model) {
    const card = model.card
    printLine(`${done.interrupted ? 'stopped; the best epoch was kept: ' : ''}${model.name} (${model.id.slice(0, 12)}) written to ${written}`)
    printLine(`${card.loss} loss, best epoch ${card.bestEpoch ?? '-'}, validation MAP ${fixed(card.valMap, 3)}${card.testMap !== null ? `, test MAP ${card.testMap.toFixed(3)}` : ''}, in ${done.seconds.toFixed(1)} s`)
    if (flags.out) printLine(`also listed with your models: ${model.path} (make it active: refrain models --use ${model.id.slice(0, 12)})`)
    else printLine(`make it active: refrain models --use ${model.id.slice(0, 12)}`)
  }
  return done.interrupted ? EXIT.interrupted : EXIT.ok
}
