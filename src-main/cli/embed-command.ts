// `refrain embed <dataset> [--model file.onnx] [--ep auto|cuda|dml|coreml|cpu]`: every performance
// of a dataset embedded by a model and stored for later jobs, with a progress bar; Ctrl-C keeps
// what is stored and the same command embeds the rest.
import type { App } from '../app/app'
import { parseProvider } from '../embedding'
import type { EmbedSummary } from '../embedding/job'
import type { IndexProgress } from '../index/types'
import { cliJob } from './job'
import { CliError, EXIT, printJson, printLine } from './output'

export interface EmbedFlags {
  model?: string
  ep?: string
  workers?: number
  json: boolean
}

export async function embedCommand(app: App, args: string[], flags: EmbedFlags): Promise<number> {
  if (args.length !== 1) throw new CliError('refrain embed needs one dataset name (see refrain datasets)', EXIT.usage)
  const ep = flags.ep === undefined ? undefined : parseProvider(flags.ep)
  const job = cliJob(flags.json, 'stopping: stored embeddings are kept and the same command embeds the rest')
  let summary: EmbedSummary
  try {
    summary = await app.embedding.embed(
      { dataset: args[0], model: flags.model ?? null, ...(ep ? { ep } : {}), ...(flags.workers ? { workers: flags.workers } : {}) },
      {
        isCancelled: job.isCancelled,
        onMessage: job.onMessage,
        onProgress: (p) => job.bar.update({ jobId: 'embed', phase: 'embed' as IndexProgress['phase'], done: p.done, total: p.total, file: null, fileFraction: 0 }),
      },
    )
  } finally {
    job.end()
  }
  if (flags.json) printJson(summary)
  else {
    printLine(`${summary.model.name} (${summary.model.id.slice(0, 12)}) on ${summary.dataset}: ${summary.embedded} embedded, ${summary.reused} reused, ${summary.failed} failed, in ${summary.seconds.toFixed(1)} s`)
    if (summary.provider) printLine(`execution provider: ${summary.provider}`)
  }
  if (summary.cancelled) return EXIT.interrupted
  return summary.failed > 0 ? EXIT.partial : EXIT.ok
}
