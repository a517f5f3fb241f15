// A finished job as tables a researcher loads elsewhere: its scored pairs as CSV (every pair, or
// each query's best K), ranked by the evaluation's own rule (eval/rankings.ts rankOrder, ties by
// column) so rank r here is rank r in the metrics; and its rows and columns as the items CSV that
// names the cells of the .npy matrix. Both stream the matrix a row at a time.
import { invalidInput } from '../errors'
import { rankOrder } from '../eval/rankings'
import { MatrixFile } from '../scoring/matrix-file'
import { csvRecord, float32Text } from './csv'
import type { OutputFile } from './output-file'
import type { JobItem, JobSource } from './source'

/** Rows a pairs CSV may have: 5 million rows are about 600 MB, what a spreadsheet or pandas still opens. */
export const MAX_CSV_PAIRS = 5_000_000

const PAIR_HEADER = ['query_index', 'query_dataset', 'query_perf_id', 'query_title', 'candidate_index', 'candidate_dataset', 'candidate_perf_id', 'candidate_title', 'distance', 'rank', 'same_work']

/** How many rows the pairs CSV of `source` has, or why it is refused. */
export function pairRows(source: JobSource, top: number | undefined, limit: number): number {
  const perQuery = source.candidates.length - (source.square ? 1 : 0)
  const rows = source.queries.length * Math.min(top ?? perQuery, perQuery)
  if (rows > limit) {
    throw invalidInput(
      `job ${source.job.jobId.slice(0, 8)} has ${rows.toLocaleString('en')} scored pairs, more than a CSV holds here (${limit.toLocaleString('en')}): ` +
        `write each query's best with --top K, or the whole matrix with --format npy`,
    )
  }
  return rows
}

export async function writePairsCsv(file: OutputFile, source: JobSource, top: number | undefined): Promise<void> {
  const { queries, candidates, square } = source
  await file.write(csvRecord(PAIR_HEADER))
  const matrix = MatrixFile.read(source.matrixPath, queries.length, candidates.length)
  try {
    const row = new Float32Array(candidates.length)
    for (let q = 0; q < queries.length; q++) {
      matrix.readRow(q, row)
      const order = rankOrder(row, 0, candidates.length, square ? q : null)
      const query = queries[q]
      const lines: string[] = []
      for (let k = 0; k < Math.min(top ?? order.length, order.length); k++) {
        const candidate = candidates[order[k]]
        lines.push(pairRecord(query, candidate, row[order[k]], k + 1))
      }
      await file.write(lines.join(''))
    }
  } finally {
    matrix.close()
  }
}

function pairRecord(query: JobItem, candidate: JobItem, distance: number, rank: number): string {
  return csvRecord([query.index, query.dataset, query.perfId, query.title, candidate.index, candidate.dataset, candidate.perfId, candidate.title, float32Text(distance), rank, sameWork(query, candidate)])
}

/** Blank where either work is not known (a job records an empty work label then, as clusterJob reads it). */
const sameWork = (a: JobItem, b: JobItem): boolean | null => (a.workLabel && b.workLabel ? a.workLabel === b.workLabel : null)

const ITEM_HEADER = ['axis', 'index', 'dataset', 'perf_id', 'work_id', 'title', 'artist', 'year', 'feature_file']

/** The matrix's rows, then (unless the job is square, when they are the same items: axis "both") its columns. */
export async function writeItemsCsv(file: OutputFile, source: JobSource): Promise<number> {
  await file.write(csvRecord(ITEM_HEADER))
  const sides: Array<[string, JobItem[]]> = source.square ? [['both', source.queries]] : [['row', source.queries], ['column', source.candidates]]
  let rows = 0
  for (const [axis, items] of sides) {
    await file.write(items.map((item) => csvRecord([axis, item.index, item.dataset, item.perfId, item.workLabel, item.title, item.artist, item.year, item.path])).join(''))
    rows += items.length
  }
  return rows
}
