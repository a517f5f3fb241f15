// `refrain report <job|dataset> --format txt|json|csv|items|npy|html|pdf [--out F] [--top K]
// [--clusters m] [--threshold d] [--seed-mapping]`: a report written into the current folder
// (or --out), whole or not at all, and the files it wrote said.
import { CLUSTER_METHODS, type ClusterMethod } from '../clusters/types'
import type { App } from '../app/app'
import { REPORT_FORMATS, type ReportFormat } from '../report/types'
import { CliError, EXIT, printJson, printLine } from './output'

export interface ReportFlags {
  format?: string
  out?: string
  top?: string
  clusters?: string
  threshold?: string
  seedMapping: boolean
  json: boolean
}

export async function reportCommand(app: App, args: string[], flags: ReportFlags): Promise<number> {
  if (args.length !== 1) throw new CliError('refrain report needs one job id (see refrain jobs) or dataset name (see refrain datasets)', EXIT.usage)
  const written = await app.report.write(
    {
      source: args[0],
      format: formatOf(flags.format),
      out: flags.out,
      top: flags.top === undefined ? undefined : topOf(flags.top),
      clusters: methodOf(flags.clusters),
      threshold: flags.threshold === undefined ? undefined : distanceOf(flags.threshold),
      seedMapping: flags.seedMapping || undefined,
    },
    { folder: process.cwd() },
  )
  if (flags.json) return printJson(written), EXIT.ok
  const unit = flags.format === 'txt' || flags.format === 'json' ? 'works' : 'rows'
  const rows = written.rows === undefined ? '' : `, ${written.rows.toLocaleString('en')} ${unit}`
  printLine(`wrote ${written.paths.join(' and ')} (${written.bytes.toLocaleString('en')} bytes${rows})`)
  return EXIT.ok
}

function formatOf(text: string | undefined): ReportFormat {
  const format = REPORT_FORMATS.find((f) => f === text)
  if (!format) throw new CliError(`--format must be one of ${REPORT_FORMATS.join(', ')}${text === undefined ? '' : `, not "${text}"`}`, EXIT.usage)
  return format
}

function methodOf(text: string | undefined): ClusterMethod | undefined {
  if (text === undefined) return undefined
  const method = CLUSTER_METHODS.find((m) => m === text)
  if (!method) throw new CliError(`--clusters must be ${CLUSTER_METHODS.join(', ')}, not "${text}"`, EXIT.usage)
  return method
}

function topOf(text: string): number {
  const value = Number(text)
  if (!Number.isInteger(value) || value < 1) throw new CliError(`--top must be a positive whole number, not "${text}"`, EXIT.usage)
  return value
}

function distanceOf(text: string): number {
  const value = Number(text)
  if (text.trim() === '' || Number.isNaN(value)) throw new CliError(`--threshold must be a distance (a number), not "${text}"`, EXIT.usage)
  return value
}
