// `refrain score <folder or dataset> [--against <dataset>] --method dtw|qmax|dmax`: every
// performance against every other (or against another dataset) on the worker pool, persisted as
// it goes; `refrain score --resume <job>` finishes a stopped one. `refrain jobs` lists them.
import type { App } from '../app/app'
import type { IndexProgress } from '../index/types'
import { describeParams, ScoreParamsSchema, type ScoreParams } from '../scoring/parameters'
import type { ScoreJobInfo, ScoreProgress } from '../scoring/types'
import { cliJob } from './job'
import { CliError, EXIT, formatDuration, printJson, printLine, table } from './output'

export interface ScoreFlags {
  against?: string
  method?: string
  feature?: string
  downsample?: string
  downsampleMethod?: string
  keyShift?: string
  band?: string
  resume?: string
  model?: string
  k?: string
  rerank?: string
  /** Qmax and Dmax's cross-recurrence and gap settings (see scoring/parameters.ts). */
  frameStackSize?: string
  binarizePercentile?: string
  disOnset?: string
  disExtension?: string
  workers?: number
  json: boolean
}

export async function scoreCommand(app: App, args: string[], flags: ScoreFlags): Promise<number> {
  if (flags.resume !== undefined && args.length > 0) throw new CliError('refrain score --resume <job> takes no folder: the job knows what it scores', EXIT.usage)
  if (flags.resume === undefined && args.length !== 1) throw new CliError('refrain score needs one folder or dataset name (see refrain --help)', EXIT.usage)
  const job = cliJob(flags.json, 'stopping: finished pairs are kept; `refrain score --resume <job>` continues')
  const hooks = {
    isCancelled: job.isCancelled,
    onMessage: job.onMessage,
    onProgress: (p: ScoreProgress) => job.bar.update(asBar(p), `${Math.round(p.pairsPerSec)} pairs/s, ETA ${formatDuration(p.etaSec)}`),
    onJob: (id: string) => {
      if (!flags.json) process.stderr.write(`job ${id} (resume with: refrain score --resume ${id.slice(0, 8)})\n`)
    },
  }
  let result: ScoreJobInfo
  try {
    result =
      flags.resume !== undefined
        ? await app.scoring.resume(flags.resume, flags.workers, hooks)
        : await app.scoring.score({ source: args[0], against: flags.against, params: parseParams(flags), workers: flags.workers }, hooks)
  } finally {
    job.end()
  }
  if (flags.json) printJson(result)
  else printJob(result)
  if (result.status === 'stopped') return EXIT.interrupted
  if (result.status === 'failed') return EXIT.failed
  return result.pairsFailed > 0 || result.itemsSkipped > 0 ? EXIT.partial : EXIT.ok
}

function parseParams(flags: ScoreFlags): ScoreParams {
  if (!flags.method) throw new CliError('refrain score needs --method dtw, qmax, dmax, embedding or two-stage', EXIT.usage)
  const parsed = ScoreParamsSchema.safeParse({
    method: flags.method,
    feature: flags.feature,
    downsample: flags.downsample === undefined ? undefined : Number(flags.downsample),
    downsampleMethod: flags.downsampleMethod,
    keyShift: flags.keyShift,
    band: flags.band === undefined ? undefined : flags.band === 'none' ? null : Number(flags.band),
    model: flags.model,
    k: flags.k === undefined ? undefined : Number(flags.k),
    rerank: flags.rerank,
    frameStackSize: number(flags.frameStackSize),
    binarizePercentile: number(flags.binarizePercentile),
    disOnset: number(flags.disOnset),
    disExtension: number(flags.disExtension),
  })
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new CliError(`--${String(issue.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${issue.message}`, EXIT.usage)
  }
  if (parsed.data.method !== 'embedding' && parsed.data.method !== 'two-stage' && flags.model !== undefined) throw new CliError('--model applies to --method embedding and two-stage only', EXIT.usage)
  if (parsed.data.method !== 'two-stage' && (flags.k !== undefined || flags.rerank !== undefined)) throw new CliError('--k and --rerank apply to --method two-stage only', EXIT.usage)
  const aligner = parsed.data.method === 'two-stage' ? parsed.data.rerank : parsed.data.method
  if (aligner !== 'dtw' && (flags.keyShift !== undefined || flags.band !== undefined)) {
    throw new CliError('--key-shift and --band apply to --method dtw only (Qmax and Dmax use OTI and no band)', EXIT.usage)
  }
  const recurrence = [flags.frameStackSize, flags.binarizePercentile, flags.disOnset, flags.disExtension].some((f) => f !== undefined)
  if (recurrence && aligner !== 'qmax' && aligner !== 'dmax') {
    throw new CliError('--frame-stack-size, --binarize-percentile, --dis-onset and --dis-extension apply to Qmax and Dmax only (or a two-stage job re-ranking with them)', EXIT.usage)
  }
  return parsed.data
}

const number = (text: string | undefined): number | undefined => (text === undefined ? undefined : Number(text))

function asBar(p: ScoreProgress): IndexProgress {
  return { jobId: p.jobId, phase: 'score' as IndexProgress['phase'], done: p.pairsDone, total: p.pairsTotal, file: null, fileFraction: 0 }
}

function printJob(job: ScoreJobInfo): void {
  const state = { done: 'done', stopped: 'stopped (resume with refrain score --resume ' + job.jobId.slice(0, 8) + ')', failed: 'failed', running: 'running' }[job.status]
  const rate = job.seconds > 0 ? ` (${Math.round(job.pairsDone / job.seconds)} pairs/s)` : ''
  printLine(`job ${job.jobId} ${state}: ${describeParams(job.params)} on ${job.source}${job.against ? ` against ${job.against}` : ''}`)
  printLine(`${job.queries} queries x ${job.candidates} candidates: ${job.pairsDone} of ${job.pairsTotal} pairs in ${job.seconds.toFixed(1)} s${rate}; ${job.pairsFailed} pairs failed, ${job.itemsSkipped} performances left out`)
  const e = job.evaluation
  if (e) printLine(`MAP ${e.map.toFixed(4)}  MR1 ${e.mr1.toFixed(2)}  MRR ${e.mrr.toFixed(4)}  (refrain eval ${job.jobId.slice(0, 8)} for all metrics)`)
}

export function jobsCommand(app: App, json: boolean, remove?: string): number {
  if (remove !== undefined) {
    const jobId = app.scoring.delete(remove)
    return json ? printJson({ deleted: jobId }) : printLine(`deleted job ${jobId} and its distance matrix`), EXIT.ok
  }
  const jobs = app.scoring.jobs()
  if (json) return printJson(jobs), EXIT.ok
  if (jobs.length === 0) return printLine('no scoring jobs yet (refrain score <dataset> --method qmax)'), EXIT.ok
  printLine(
    table([
      ['job', 'created', 'status', 'method', 'source', 'pairs', 'MAP'],
      ...jobs.map((j) => [
        j.jobId.slice(0, 8),
        j.createdAt.slice(0, 16).replace('T', ' '),
        j.status,
        describeParams(j.params),
        j.against ? `${j.source} vs ${j.against}` : j.source,
        `${j.pairsDone}/${j.pairsTotal}`,
        j.evaluation ? j.evaluation.map.toFixed(4) : '-',
      ]),
    ]),
  )
  return EXIT.ok
}
