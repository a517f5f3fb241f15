// `refrain clusters <job> [--threshold d] [--method average|components|louvain] [--json]`: a
// finished job's performances grouped at a threshold (the job's calibrated one unless given),
// how well the groups agree with the works, then every cluster with its members, mixed clusters
// and split works marked.
import type { App } from '../app/app'
import { CLUSTER_METHODS, type ClusterItem, type ClusterMethod, type JobClusters } from '../clusters/types'
import { CliError, EXIT, printJson, printLine, table } from './output'

export async function clustersCommand(app: App, args: string[], flags: { threshold?: string; method?: string; json: boolean }): Promise<number> {
  if (args.length !== 1) throw new CliError('refrain clusters needs one job id (see refrain jobs)', EXIT.usage)
  const method = methodOf(flags.method)
  const threshold = flags.threshold === undefined ? undefined : distanceOf(flags.threshold)
  const job = app.scoring.job(args[0])
  const result = await app.clusters.cluster(job.jobId, { threshold, method })
  if (flags.json) return printJson(result), EXIT.ok
  printLine(`job ${job.jobId.slice(0, 8)}: ${job.label} on ${job.source}, ${result.items.length} performances`)
  printLine(`method ${result.method}, threshold ${result.threshold.toPrecision(5)}: ${result.thresholdOrigin}`)
  printSummary(result)
  const item = (index: number) => result.items[index]
  const groups = result.clusters.filter((c) => c.size > 1)
  for (const c of groups) {
    printLine()
    printLine(`cluster ${c.id + 1}: ${c.size} performances${c.mixed ? `, MIXED: ${c.works.length} works (${c.works.join(', ')})` : ''}`)
    printLine(table(c.members.map((m) => [m === c.medoid ? '*' : ' ', ...describe(item(m))])))
  }
  const singles = result.clusters.filter((c) => c.size === 1)
  if (singles.length > 0) {
    printLine()
    printLine(`${singles.length} performances on their own:`)
    printLine(table(singles.map((c) => [' ', ...describe(item(c.members[0]))])))
  }
  if (result.splitWorks.length > 0) {
    printLine()
    printLine(`works split over several clusters (${result.splitWorks.length}): ${result.splitWorks.map((w) => `${w.workId} (${w.clusters})`).join(', ')}`)
  }
  if (groups.length > 0) printLine('(* the cluster\'s medoid: the member closest to the others on average)')
  return EXIT.ok
}

function printSummary(r: JobClusters): void {
  const singles = r.clusters.filter((c) => c.size === 1).length
  const mixed = r.clusters.filter((c) => c.mixed).length
  printLine(`${r.edges} pairs linked; ${r.clusters.length} clusters: ${r.clusters.length - singles} of 2 or more (${mixed} mixed), ${singles} single performances`)
  const a = r.agreement
  if (!a) return printLine('agreement with the works: none (no performance has a known work)')
  const f = (x: number) => x.toFixed(3)
  printLine('agreement with the works:')
  printLine(
    table([
      ['  ARI', f(a.ari)],
      ['  AMI', f(a.ami)],
      ['  V-measure', `${f(a.vMeasure)} (homogeneity ${f(a.homogeneity)}, completeness ${f(a.completeness)})`],
      ['  pairwise F1', `${f(a.pairwise.f1)} (precision ${f(a.pairwise.precision)}, recall ${f(a.pairwise.recall)})`],
      ['  B-cubed F1', `${f(a.bcubed.f1)} (precision ${f(a.bcubed.precision)}, recall ${f(a.bcubed.recall)})`],
    ]),
  )
}

/** perf id, "title — artist (year)", [work]. */
function describe(item: ClusterItem): string[] {
  const who = `${item.title ?? 'untitled'} — ${item.artist ?? 'unknown artist'}${item.year === null ? '' : ` (${item.year})`}`
  return [item.perfId, who, `[${item.workId ?? 'work unknown'}]`]
}

function methodOf(text: string | undefined): ClusterMethod | undefined {
  if (text === undefined) return undefined
  const method = CLUSTER_METHODS.find((m) => m === text)
  if (!method) throw new CliError(`--method must be ${CLUSTER_METHODS.join(', ')} for clusters, not "${text}"`, EXIT.usage)
  return method
}

/** The number as typed; whether it is a usable distance (finite, 0 or more) is the domain's to say. */
function distanceOf(text: string): number {
  const value = Number(text)
  if (text.trim() === '' || Number.isNaN(value)) throw new CliError(`--threshold must be a distance (a number), not "${text}"`, EXIT.usage)
  return value
}
