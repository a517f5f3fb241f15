// Every report of a real Qmax job on a few demo works (real HPCP of real music), written through
// 'report.write' and read back the way a researcher would: the .npy by NumPy, the CSVs by Python's
// csv module, the clusters' txt and json against clusterJob, the HTML card for its plots, numbers
// and self-containment, the PDF by its signature; and every refusal, with nothing left half-written.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, type App } from '../../src-main/app/app'
import type { CallResult } from '../../src-main/api/contract'
import { clusterJob } from '../../src-main/clusters/cluster-job'
import { rankOrder } from '../../src-main/eval/rankings'
import { SCORE_DEFAULTS } from '../../src-main/scoring/parameters'
import { jobRow, loadItems, QUERY } from '../../src-main/scoring/store'
import type { ScoreJobInfo } from '../../src-main/scoring/types'
import { findChromium } from '../../src-main/report/pdf'
import type { ReportRequest, ReportWritten } from '../../src-main/report/types'
import { writeReport } from '../../src-main/report/write-report'
import { assertCliBuilt } from '../helpers/cli'
import { demoSubset, type Subset } from '../helpers/demo-subset'
import { removeTempDirs, tempDir } from '../helpers/fixtures'
import { jobMatrix } from '../helpers/matrix'

const PYTHON = '/usr/bin/python3'
let app: App
let subset: Subset
let job: ScoreJobInfo
let out: string
let home: string | undefined
const N = 17

beforeAll(async () => {
  assertCliBuilt()
  const dir = tempDir()
  out = join(dir, 'reports')
  mkdirSync(out)
  // The workstation's default reports folder lies in the per-user data folder: a temporary one here.
  home = process.env.REFRAIN_HOME
  process.env.REFRAIN_HOME = join(dir, 'home')
  subset = demoSubset(dir, 'reportset', { works: 3, singles: 2 })
  app = createApp({ dbPath: join(dir, 'refrain.db'), door: { name: 'web', version: '0' } })
  expect((await app.library.index([subset.folder])).filesFailed).toBe(0)
  job = await app.scoring.score({ source: 'reportset', params: { ...SCORE_DEFAULTS, method: 'qmax' }, workers: 2 })
  expect(job.status).toBe('done')
  expect(job.queries).toBe(N)
}, 300_000)

afterAll(async () => {
  if (home === undefined) delete process.env.REFRAIN_HOME
  else process.env.REFRAIN_HOME = home
  await app?.close()
  removeTempDirs()
})

async function report(input: Partial<ReportRequest>): Promise<CallResult<'report.write'>> {
  return (await app.dispatch('report.write', { source: job.jobId.slice(0, 8), out, ...input })) as CallResult<'report.write'>
}

async function written(input: Partial<ReportRequest>): Promise<ReportWritten> {
  const result = await report(input)
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

/** Python's csv module reads the file back: the records as lists of strings. */
function pythonCsv(path: string): string[][] {
  return JSON.parse(execFileSync(PYTHON, ['-c', 'import csv, json, sys; print(json.dumps(list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))))', path], { encoding: 'utf8' })) as string[][]
}

const jobItems = () => loadItems(app.library.db, job.jobId, QUERY)

describe('a job\'s tables', () => {
  it('csv: every scored pair, ranked as the evaluation ranks, with the distance to the last float32 bit', async () => {
    const result = await written({ format: 'csv', out: join(out, 'pairs.csv') })
    expect(result.rows).toBe(N * (N - 1))
    const [header, ...rows] = pythonCsv(result.path)
    expect(header).toEqual(['query_index', 'query_dataset', 'query_perf_id', 'query_title', 'candidate_index', 'candidate_dataset', 'candidate_perf_id', 'candidate_title', 'distance', 'rank', 'same_work'])
    expect(rows).toHaveLength(N * (N - 1))
    const matrix = jobMatrix(app.library.db, job.jobId)
    const items = jobItems()
    const perfOf = (k: number) => [...subset.works.keys()].find((p) => subset.h5(p) === items[k]!.path)!
    for (let q = 0; q < N; q++) {
      const order = rankOrder(matrix, q * N, N, q)
      const mine = rows.filter((r) => Number(r[0]) === q)
      expect(mine.map((r) => Number(r[4]))).toEqual(order)
      mine.forEach((r, k) => {
        const c = order[k]!
        expect(Math.fround(Number(r[8]))).toBe(matrix[q * N + c])
        expect(r[9]).toBe(String(k + 1))
        expect(r[2]).toBe(perfOf(q))
        expect(r[6]).toBe(perfOf(c))
        expect(r[10]).toBe(String(items[q]!.workLabel === items[c]!.workLabel))
        expect(r[1]).toBe('reportset')
      })
    }
  })

  it('csv --top K: each query\'s first K of the whole list', async () => {
    const all = pythonCsv((await written({ format: 'csv', out: join(out, 'all.csv') })).path).slice(1)
    const top = await written({ format: 'csv', top: 3, out })
    expect(top.path).toBe(join(out, `${job.jobId.slice(0, 8)}-top3.csv`))
    expect(pythonCsv(top.path).slice(1)).toEqual(all.filter((r) => Number(r[9]) <= 3))
  })

  it('npy: NumPy loads the job\'s matrix as float32 (rows, cols), equal cell for cell; the items CSV beside it names rows and columns', async () => {
    const result = await written({ format: 'npy', out: join(out, 'matrix.npy') })
    expect(result.paths).toEqual([join(out, 'matrix.npy'), join(out, 'matrix-items.csv')])
    const matrixPath = jobRow(app.library.db, job.jobId)!.matrix_path
    const check = execFileSync(
      PYTHON,
      ['-c', 'import numpy, sys; m = numpy.load(sys.argv[1]); f = numpy.fromfile(sys.argv[2], "<f4").reshape(m.shape); print(m.dtype.str, m.shape, numpy.array_equal(m, f, equal_nan=True), int(numpy.isnan(m).sum()))', result.path, matrixPath],
      { encoding: 'utf8' },
    ).trim()
    expect(check).toBe(`<f4 (${N}, ${N}) True ${N}`)
    const [header, ...rows] = pythonCsv(result.paths[1]!)
    expect(header).toEqual(['axis', 'index', 'dataset', 'perf_id', 'work_id', 'title', 'artist', 'year', 'feature_file'])
    expect(rows.map((r) => [r[0], Number(r[1]), r[4], r[8]])).toEqual(jobItems().map((item, k) => ['both', k, item.workLabel, item.path]))
    expect(result.rows).toBe(N)
  })

  it('items alone: the same CSV, by default in reports/<job> of the per-user data folder', async () => {
    const result = await written({ format: 'items', out: undefined })
    const short = job.jobId.slice(0, 8)
    expect(result.path).toBe(join(process.env.REFRAIN_HOME!, 'reports', short, `${short}-items.csv`))
    expect(readFileSync(result.path, 'utf8')).toBe(readFileSync(join(out, 'matrix-items.csv'), 'utf8'))
  })

  it('a CSV over the size limit is refused, saying the size, the limit and what still works; nothing is written', async () => {
    const folder = join(out, 'limited')
    mkdirSync(folder)
    const refused = writeReport(app.library.db, { source: job.jobId, format: 'csv' }, { folder, maxPairs: 100 })
    await expect(refused).rejects.toThrow(`job ${job.jobId.slice(0, 8)} has 272 scored pairs, more than a CSV holds here (100): write each query's best with --top K, or the whole matrix with --format npy`)
    expect(readdirSync(folder)).toEqual([])
    const top = await writeReport(app.library.db, { source: job.jobId, format: 'csv', top: 5 }, { folder, maxPairs: 100 })
    expect(top.rows).toBe(N * 5)
  })
})

describe('a job\'s clusters in the seed project\'s formats', () => {
  it('txt: one "work" per cluster, named after its medoid, with its members', async () => {
    const clusters = await clusterJob(app.library.db, job.jobId)
    const text = readFileSync((await written({ format: 'txt', out: join(out, 'clusters.txt') })).path, 'utf8')
    expect(text.startsWith(`\nFound ${clusters.clusters.length} works with performances:\n${'='.repeat(80)}\n`)).toBe(true)
    const blocks = text.split('\nOriginal Work: ').slice(1)
    expect(blocks).toHaveLength(clusters.clusters.length)
    clusters.clusters.forEach((cluster, k) => {
      const medoid = clusters.items[cluster.medoid]!
      expect(blocks[k]!.startsWith(`${medoid.title}\nOriginal Artist: ${medoid.artist}\nNumber of covers: ${cluster.size}\n`)).toBe(true)
      expect(blocks[k]!.match(/^\d+\. '/gm)).toHaveLength(cluster.size)
    })
  })

  it('json: {medoid: [members]} for every cluster of two or more, largest first; --clusters and --threshold are passed on', async () => {
    const clusters = await clusterJob(app.library.db, job.jobId, { method: 'components', threshold: 0.5 })
    const mapping = JSON.parse(readFileSync((await written({ format: 'json', out: join(out, 'clusters.json'), clusters: 'components', threshold: 0.5 })).path, 'utf8')) as Record<string, string[]>
    const groups = clusters.clusters.filter((c) => c.size > 1)
    expect(Object.keys(mapping)).toEqual(groups.map((c) => clusters.items[c.medoid]!.perfId))
    expect(Object.values(mapping)).toEqual(groups.map((c) => c.members.map((m) => clusters.items[m]!.perfId)))
  })
})

describe('the HTML benchmark card', () => {
  let html: string

  beforeAll(async () => {
    const result = await written({ format: 'html', out })
    expect(result.path).toBe(join(out, `${job.jobId.slice(0, 8)}-report.html`))
    html = readFileSync(result.path, 'utf8')
  }, 120_000)

  it('holds the four plots as inline SVG and refers to nothing outside itself', () => {
    expect(html.match(/<svg /g)).toHaveLength(4)
    for (const title of ['Distances of version and non-version pairs', 'ROC curve', 'Precision-recall', 'MAP by versions to find']) expect(html).toContain(title)
    expect(html).not.toMatch(/https?:\/\//)
    expect(html).not.toMatch(/<(script|link|img|iframe)\b/)
    expect(html).toContain(`content="default-src 'none'`)
  })

  it('says the data, method, parameters, program, machine and metrics', () => {
    const e = job.evaluation!
    expect(html).toMatch(/content hash \(SHA-256[^<]*<\/th><td><code>[0-9a-f]{64}<\/code>/)
    expect(html).toContain(job.label)
    expect(html).toContain('&quot;method&quot;: &quot;qmax&quot;')
    expect(html).toContain(`<th scope="row">MAP</th><td>${e.map.toFixed(3)}</td>`)
    expect(html).toContain(`<th scope="row">P@10</th><td>${e.pAt10.toFixed(3)}</td>`)
    expect(html).toContain(job.threshold!.origin)
    expect(html).toMatch(/<th scope="row">CPU<\/th><td>[^<]+, \d+ cores<\/td>/)
    expect(html).toContain('<th scope="row">Refrain</th>')
  })

  it('summarises the clusters and their agreement with the works', async () => {
    const clusters = await clusterJob(app.library.db, job.jobId)
    expect(html).toContain(`${clusters.clusters.length} (${clusters.clusters.filter((c) => c.size === 1).length} singletons) from ${N} performances`)
    expect(html).toContain(`<td>${clusters.agreement!.ari.toFixed(3)}</td>`)
  })

  it('the dataset card: counts, hash, works by size and the ground-truth mapping', async () => {
    const result = await written({ source: 'reportset', format: 'html', out: join(out, 'dataset.html') })
    const page = readFileSync(result.path, 'utf8')
    expect(page.match(/<svg /g)).toHaveLength(1)
    expect(page).toContain('Works by number of performances')
    expect(page).toContain('<th scope="row">works with versions (2 or more performances)</th><td>3</td>')
    expect(page).toContain('<th scope="row">performances</th><td>17</td>')
    expect(page).not.toMatch(/https?:\/\//)
  })

  it.skipIf(!findChromium())('pdf: printed by Chromium', async () => {
    const result = await written({ format: 'pdf', out: join(out, 'card.pdf') })
    const bytes = readFileSync(result.path)
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(bytes.length).toBeGreaterThan(20_000)
  }, 120_000)
})

describe('refusals', () => {
  const refused = async (input: Partial<ReportRequest>) => {
    const result = await report(input)
    if (result.ok) throw new Error('expected a refusal')
    return result.error
  }

  it('no such job or dataset; a job-only format for a dataset; options that do not apply', async () => {
    expect(await refused({ source: 'nothing-here', format: 'txt' })).toEqual({ code: 'not-found', message: '"nothing-here" is neither an indexed dataset (see refrain datasets) nor a scoring job (see refrain jobs; a prefix must name one job)' })
    expect(await refused({ source: 'reportset', format: 'npy' })).toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/^--format npy needs a scoring job, and "reportset" is a dataset/) })
    expect(await refused({ format: 'json', seedMapping: true })).toMatchObject({ code: 'invalid-input' })
    expect(await refused({ format: 'txt', top: 3 })).toMatchObject({ code: 'invalid-input', message: '--top applies to --format csv' })
  })

  it('a dataset whose works have one performance each has no cover mapping to write', async () => {
    const singles = demoSubset(tempDir(), 'singlesonly', { works: 0, singles: 2 })
    expect((await app.library.index([singles.folder])).filesFailed).toBe(0)
    expect(await refused({ source: 'singlesonly', format: 'json' })).toEqual({ code: 'invalid-input', message: 'no work of "singlesonly" has more than one performance, so there are no cover relationships to map' })
    expect(existsSync(join(out, 'cover_mapping.json'))).toBe(false)
    const text = await written({ source: 'singlesonly', format: 'txt', out: join(out, 'singles.txt') })
    expect(text.rows).toBe(2)
  }, 60_000)

  it('pdf without a Chromium: one line saying to install one or write HTML', async () => {
    const before = process.env.REFRAIN_CHROMIUM
    process.env.REFRAIN_CHROMIUM = join(out, 'no-such-chromium')
    try {
      const error = await refused({ format: 'pdf', out: join(out, 'none.pdf') })
      expect(error.code).toBe('unsupported')
      expect(error.message).toMatch(/^no Chromium found to print the PDF .*: install Chromium, or write --format html and print that$/)
    } finally {
      if (before === undefined) delete process.env.REFRAIN_CHROMIUM
      else process.env.REFRAIN_CHROMIUM = before
    }
    expect(existsSync(join(out, 'none.pdf'))).toBe(false)
  })

  it('an unwritable path is named, and nothing is left behind', async () => {
    writeFileSync(join(out, 'a-file'), '')
    expect(await refused({ format: 'items', out: join(out, 'a-file', 'items.csv') })).toEqual({ code: 'io', message: `cannot write ${join(out, 'a-file', 'items.csv')}: a part of the path is not a folder` })
    expect(readdirSync(out).filter((name) => name.includes('.partial'))).toEqual([])
  })

  it('a running job, then a stopped one: a conflict saying how to go on', async () => {
    const running = app.scoring.startScore({ source: 'reportset', params: { ...SCORE_DEFAULTS, method: 'dtw' }, workers: 1 })
    const whileRunning = await refused({ source: running, format: 'csv' })
    expect(whileRunning.code).toBe('conflict')
    expect(whileRunning.message).toMatch(new RegExp(`^job ${running.slice(0, 8)} is still running(, \\d+ of 272 pairs)?: report it when it is done$`))
    app.scoring.cancel(running)
    for (let tries = 0; app.scoring.job(running).status === 'running' && tries < 600; tries++) await new Promise((r) => setTimeout(r, 100))
    expect(app.scoring.job(running).status).toBe('stopped')
    const stopped = await refused({ source: running, format: 'html' })
    expect(stopped.code).toBe('conflict')
    expect(stopped.message).toMatch(new RegExp(`^job ${running.slice(0, 8)} is not finished \\(stopped(, \\d+ of 272 pairs)?\\): finish it first with refrain score --resume ${running.slice(0, 8)}$`))
    expect(existsSync(join(out, `${running.slice(0, 8)}-report.html`))).toBe(false)
  }, 120_000)
})
