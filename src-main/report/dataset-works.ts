// A dataset's ground truth as the index holds it: its works in the order the index first met them
// (a Da-TACOS metadata file's own order, for a dataset indexed from its metadata), each with its
// performances in the same order. What the seed project's two files list, read from the index
// rather than from the metadata file, so a dataset imported from audio reports the same way.
import { invalidInput, notFound } from '../errors'
import type { Db } from '../index/db'
import { datasetExists } from '../index/datasets'
import type { CoverWork } from './types'

interface Row {
  workId: string
  workTitle: string | null
  workArtist: string | null
  perfId: string
  title: string | null
  artist: string | null
  year: string | null
  instrumental: number | null
}

export function datasetWorks(db: Db, dataset: string): CoverWork[] {
  if (!datasetExists(db, dataset)) throw notFound(`no dataset named "${dataset}" is indexed`)
  const rows = db
    .prepare(
      `SELECT w.work_id AS workId, w.title AS workTitle, wa.name AS workArtist, p.perf_id AS perfId, p.title AS title,
         pa.name AS artist, coalesce(p.released, CAST(p.year AS TEXT)) AS year, p.instrumental AS instrumental
       FROM performances p JOIN datasets d ON d.id = p.dataset_id JOIN works w ON w.id = p.work_row
       LEFT JOIN artists pa ON pa.id = p.artist_id LEFT JOIN artists wa ON wa.id = w.artist_id
       WHERE d.name = ? ORDER BY w.id, p.id`,
    )
    .all(dataset) as Row[]
  if (rows.length === 0) throw invalidInput(`dataset "${dataset}" holds no works (index its metadata or features first)`)
  const works: CoverWork[] = []
  for (const row of rows) {
    let work = works.at(-1)
    if (work?.id !== row.workId) works.push((work = { id: row.workId, title: row.workTitle, artist: row.workArtist, performances: [] }))
    work.performances.push({ perfId: row.perfId, title: row.title, artist: row.artist, year: row.year, instrumental: row.instrumental === null ? null : row.instrumental === 1 })
  }
  return works
}
