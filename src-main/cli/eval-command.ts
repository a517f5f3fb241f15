// `refrain eval <job> [--out file.json]`: the Da-TACOS / acoss metrics of a finished scoring job,
// printed and written as JSON, with the calibrated threshold saved with the job for Compare.
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { App } from '../app/app'
import { describeParams } from '../scoring/parameters'
import { CliError, EXIT, printJson, printLine, table } from './output'

export async function evalCommand(app: App, args: string[], flags: { out?: string; json: boolean }): Promise<number> {
  if (args.length !== 1) throw new CliError('refrain eval needs one job id (see refrain jobs)', EXIT.usage)
  const { evaluation: e, threshold } = await app.scoring.evaluate(args[0])
  const { roc, histogram, ...metrics } = e
  const job = app.scoring.job(args[0])
  const jobId = job.jobId
  const out = resolve(flags.out ?? `refrain-eval-${jobId.slice(0, 8)}.json`)
  const report = {
    job: { jobId, source: job.source, against: job.against, params: job.params, queries: job.queries, candidates: job.candidates, pairsFailed: job.pairsFailed, itemsSkipped: job.itemsSkipped, seconds: job.seconds },
    protocol: 'Da-TACOS / acoss (Yesiler et al., ISMIR 2019): each performance queries all others; relevant = other performances of its work',
    ...metrics,
    histogram,
    threshold,
    roc: roc && { columns: ['falsePositiveRate', 'truePositiveRate', 'threshold'], points: roc },
  }
  writeFileSync(out, JSON.stringify(report, null, 2) + '\n')
  if (flags.json) return printJson(report), EXIT.ok
  const num = (x: number | null, digits = 4) => (x === null ? 'undefined' : x.toFixed(digits))
  printLine(`job ${jobId.slice(0, 8)}: ${describeParams(job.params)} on ${job.source}${job.against ? ` against ${job.against}` : ''}`)
  printLine(`${e.queries} queries with at least one version${e.excluded > 0 ? `; ${e.excluded} excluded (no other performance of their work)` : ''}`)
  printLine(
    table([
      ['MAP', num(e.map)],
      ['MRR', num(e.mrr)],
      ['MR1', num(e.mr1, 2)],
      ['P@10', num(e.pAt10)],
      ['Top-1', `${e.top1} of ${e.queries}`],
      ['Top-10', `${e.top10} of ${e.queries}`],
      ['ROC AUC', num(e.auc)],
      // A two-stage job: the share of versions its shortlists kept, the ceiling of its re-rank.
      ...(e.stage1Recall !== undefined && e.stage1Recall !== null ? [[`recall@${job.params.k}`, `${num(e.stage1Recall)} (stage 1: versions aligned, shortlisted by the query or the query by them)`]] : []),
      ['EER', e.eer ? `${(100 * e.eer.rate).toFixed(1)} % at distance ${e.eer.threshold.toPrecision(5)}` : 'undefined'],
      ['max F1', `${num(e.maxF1.f1, 3)} at distance ${e.maxF1.threshold.toPrecision(5)} (precision ${num(e.maxF1.precision, 3)}, recall ${num(e.maxF1.recall, 3)})`],
      ['threshold', threshold ? `${threshold.value.toPrecision(5)} (${threshold.rule}), used by Compare for these parameters` : 'none'],
    ]),
  )
  const d = e.distributions
  const dist = (label: string, s: typeof d.versions, pairs: number) =>
    s ? `${label} ${pairs} pairs: median ${s.median.toPrecision(4)}, quartiles ${s.q1.toPrecision(4)}–${s.q3.toPrecision(4)}, range ${s.min.toPrecision(4)}–${s.max.toPrecision(4)}${s.infinite ? `, ${s.infinite} infinite` : ''}` : `${label} ${pairs} pairs: none finite`
  printLine(dist('distances of version pairs:    ', d.versions, e.versionPairs))
  printLine(dist('distances of non-version pairs:', d.nonVersions, e.nonVersionPairs))
  if (e.undefinedReason) printLine(`note: ${e.undefinedReason}`)
  printLine(`wrote ${out}`)
  return EXIT.ok
}
