// Writes one report: resolves its source (a dataset's ground truth or a finished job), checks the
// format fits it, picks the file name, and writes through output-file.ts (whole or not at all).
// The matrix-wide work (a job's curves and clusters) runs on one scoring worker thread.
import { existsSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { clusterJob } from '../clusters/cluster-job'
import type { JobClusters } from '../clusters/types'
import { errorCode, errorMessage, invalidInput } from '../errors'
import type { Db } from '../index/db'
import { RERANK_OFFSET } from '../scoring/rerank'
import type { ScoreTask, ScoreTaskResult } from '../scoring/tasks'
import { resolveWorkerScript, WorkerPool } from '../workers/pool'
import { datasetCard, machineCard } from './card'
import { clusterWorks } from './cluster-works'
import type { JobCurves } from './curves-task'
import { datasetReportHtml } from './dataset-html'
import { datasetWorks } from './dataset-works'
import { jobReportHtml } from './job-html'
import { MAX_CSV_PAIRS, pairRows, writeItemsCsv, writePairsCsv } from './job-tables'
import { writeNpy } from './npy'
import { writeOutputs, type OutputFile } from './output-file'
import { requireChromium, writePdf } from './pdf'
import { coverMapping, pythonJson, relationshipsText } from './seed-formats'
import { reportSource, type JobSource, type ReportSource } from './source'
import type { CoverWork, ReportRequest, ReportWritten } from './types'

export interface ReportPlace {
  /** Where a report without `out` goes, and what a relative `out` is taken from. */
  folder: string
  /** Put each source's reports in a sub-folder named after it (the workstation's reports folder). */
  bySource?: boolean
  /** Rows a pairs CSV may have (default MAX_CSV_PAIRS). */
  maxPairs?: number
}

const JOB_ONLY = new Set<ReportRequest['format']>(['csv', 'items', 'npy'])

export async function writeReport(db: Db, request: ReportRequest, place: ReportPlace): Promise<ReportWritten> {
  const source = reportSource(db, request.source)
  checkOptions(source, request)
  const name = source.kind === 'dataset' ? source.name : source.job.jobId.slice(0, 8)
  const path = outputPath(request, place, name, defaultFileName(source, request))
  const paths = request.format === 'npy' ? [path, path.replace(/(\.npy)?$/i, '-items.csv')] : [path]
  const pool = new WorkerPool<ScoreTask, ScoreTaskResult>({ script: resolveWorkerScript('score-worker'), size: 1 })
  try {
    const { result: rows, bytes } = await writeOutputs(paths, (files) => fill(db, source, request, files, pool, place.maxPairs ?? MAX_CSV_PAIRS))
    return { path, paths, bytes, ...(rows === null ? {} : { rows }) }
  } finally {
    await pool.close()
  }
}

function checkOptions(source: ReportSource, request: ReportRequest): void {
  const what = source.kind === 'dataset' ? `"${source.name}" is a dataset` : `"${request.source}" is a scoring job`
  if (source.kind === 'dataset' && JOB_ONLY.has(request.format)) throw invalidInput(`--format ${request.format} needs a scoring job, and ${what} (see refrain jobs)`)
  if (source.kind === 'dataset' && (request.clusters !== undefined || request.threshold !== undefined)) throw invalidInput(`--clusters and --threshold group a job's performances, and ${what}`)
  if (source.kind === 'job' && request.seedMapping) throw invalidInput(`--seed-mapping writes a dataset's ground truth the seed's way, and ${what}`)
  if (request.seedMapping && request.format !== 'json') throw invalidInput('--seed-mapping applies to --format json')
  if (request.top !== undefined && request.format !== 'csv') throw invalidInput('--top applies to --format csv')
}

/** The report's file name: the seed's names for a dataset's two files, else after the source. */
export function defaultFileName(source: ReportSource, request: Pick<ReportRequest, 'format' | 'top'>): string {
  if (source.kind === 'dataset') {
    if (request.format === 'txt') return 'cover_relationships.txt'
    if (request.format === 'json') return 'cover_mapping.json'
    return `${safeName(source.name)}-report.${request.format}`
  }
  const job = source.job.jobId.slice(0, 8)
  const names: Record<ReportRequest['format'], string> = {
    txt: `${job}-cover_relationships.txt`,
    json: `${job}-cover_mapping.json`,
    csv: request.top === undefined ? `${job}-pairs.csv` : `${job}-top${request.top}.csv`,
    items: `${job}-items.csv`,
    npy: `${job}.npy`,
    html: `${job}-report.html`,
    pdf: `${job}-report.pdf`,
  }
  return names[request.format]
}

const safeName = (name: string) => name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_')

/** `out` as given (a folder takes the default name), else the default name in the place's folder. */
function outputPath(request: ReportRequest, place: ReportPlace, sourceName: string, fileName: string): string {
  const folder = place.bySource ? join(place.folder, safeName(sourceName)) : place.folder
  if (request.out === undefined) return join(folder, fileName)
  const out = resolve(place.folder, request.out)
  return existsSync(out) && statSync(out).isDirectory() ? join(out, fileName) : out
}

/** Writes the report into its open files; returns its rows (CSV records, or works), where it has any. */
async function fill(db: Db, source: ReportSource, request: ReportRequest, files: OutputFile[], pool: WorkerPool<ScoreTask, ScoreTaskResult>, maxPairs: number): Promise<number | null> {
  const [file] = files
  switch (request.format) {
    case 'txt':
    case 'json': {
      const works = source.kind === 'dataset' ? datasetWorks(db, source.name) : clusterWorks(await clusterJob(db, source.job.jobId, clusterOptions(request), pool), source.queries)
      return writeWorks(file, works, request)
    }
    case 'csv': {
      const job = source as JobSource
      const rows = pairRows(job, request.top, maxPairs)
      await writePairsCsv(file, job, request.top)
      return rows
    }
    case 'items':
      return writeItemsCsv(file, source as JobSource)
    case 'npy': {
      const job = source as JobSource
      await writeNpy(file, job.matrixPath, job.queries.length, job.candidates.length)
      return writeItemsCsv(files[1], job)
    }
    case 'html':
      await file.write(await reportHtml(db, source, request, pool))
      return null
    case 'pdf': {
      const chromium = requireChromium()
      await writePdf(file, await reportHtml(db, source, request, pool), chromium)
      return null
    }
  }
}

async function writeWorks(file: OutputFile, works: CoverWork[], request: ReportRequest): Promise<number> {
  if (request.format === 'txt') {
    await file.write(relationshipsText(works))
    return works.length
  }
  const mapping = coverMapping(works, request.seedMapping)
  const count = Object.keys(mapping).length
  if (count === 0) throw invalidInput(`no work of "${request.source}" has more than one performance, so there are no cover relationships to map`)
  await file.write(pythonJson(mapping))
  return count
}

const clusterOptions = (request: ReportRequest) => ({ method: request.clusters, threshold: request.threshold })

async function reportHtml(db: Db, source: ReportSource, request: ReportRequest, pool: WorkerPool<ScoreTask, ScoreTaskResult>): Promise<string> {
  const machine = machineCard()
  if (source.kind === 'dataset') return datasetReportHtml(datasetCard(db, source.name), datasetWorks(db, source.name), machine)
  const { job } = source
  const datasets = [job.source, ...(job.against === null ? [] : [job.against])].map((name) => datasetCard(db, name))
  return jobReportHtml({ job, datasets, machine, curves: job.evaluation ? await jobCurves(source, pool) : null, clusters: await clustersOrWhy(db, source, request, pool) })
}

function jobCurves(source: JobSource, pool: WorkerPool<ScoreTask, ScoreTaskResult>): Promise<JobCurves> {
  const task: ScoreTask = {
    type: 'report-curves',
    matrixPath: source.matrixPath,
    queryLabels: source.queries.map((item) => item.workLabel),
    candidateLabels: source.square ? null : source.candidates.map((item) => item.workLabel),
    ...(source.job.params.method === 'two-stage' ? { rerankOffset: RERANK_OFFSET } : {}),
  }
  return pool.run(task) as Promise<JobCurves>
}

/** A job the clusters cannot be made for (against another dataset, no threshold) still gets its card, saying why. */
async function clustersOrWhy(db: Db, source: JobSource, request: ReportRequest, pool: WorkerPool<ScoreTask, ScoreTaskResult>): Promise<JobClusters | { problem: string }> {
  try {
    return await clusterJob(db, source.job.jobId, clusterOptions(request), pool)
  } catch (error) {
    if (errorCode(error) !== 'invalid-input') throw error
    return { problem: errorMessage(error) }
  }
}
