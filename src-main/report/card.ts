// The facts that make a report citable: which data (a dataset's name, its counts and a content
// hash), which program (Refrain's version) and which machine, on which date. The index keeps no
// hash of a dataset, so one is computed here: SHA-256 over the dataset's metadata as indexed
// (work, performance, title, artist, year, instrumental, in index order) and the list of its
// feature files (kind, path below the dataset's folder, shape, frames). The same metadata and
// feature files give the same hash on any machine; a re-indexed or edited dataset a different one.
import { createHash } from 'node:crypto'
import { arch, cpus, release, totalmem, type } from 'node:os'
import { relative, sep } from 'node:path'
import type { Db } from '../index/db'
import { appVersion } from '../library/paths'

export interface DatasetCard {
  name: string
  kind: string
  works: number
  performances: number
  /** Performances with at least one feature file. */
  withFeatures: number
  featureFiles: number
  /** Works by their number of performances, smallest first. */
  workSizes: Array<{ performances: number; works: number }>
  sha256: string
}

export interface MachineCard {
  refrain: string
  date: string
  os: string
  cpu: string
  cores: number
  memoryGb: number
}

interface Row {
  workId: string
  perfId: string
  title: string | null
  artist: string | null
  year: number | null
  instrumental: number | null
  features: string | null
}

export function datasetCard(db: Db, name: string): DatasetCard {
  const dataset = db.prepare('SELECT id, kind, root FROM datasets WHERE name = ?').get(name) as { id: number; kind: string; root: string }
  const rows = db
    .prepare(
      `SELECT w.work_id AS workId, p.perf_id AS perfId, p.title AS title, a.name AS artist, p.year AS year, p.instrumental AS instrumental,
         (SELECT group_concat(f.kind || char(9) || f.path || char(9) || f.shape || char(9) || ifnull(f.frames, ''), char(10))
            FROM (SELECT * FROM features WHERE performance_row = p.id ORDER BY kind) f) AS features
       FROM performances p JOIN works w ON w.id = p.work_row LEFT JOIN artists a ON a.id = p.artist_id
       WHERE p.dataset_id = ? ORDER BY w.id, p.id`,
    )
    .all(dataset.id) as Row[]
  const hash = createHash('sha256')
  const sizes = new Map<string, number>()
  let withFeatures = 0
  let featureFiles = 0
  for (const row of rows) {
    hash.update([row.workId, row.perfId, row.title ?? '', row.artist ?? '', row.year ?? '', row.instrumental ?? ''].join('\t') + '\n')
    sizes.set(row.workId, (sizes.get(row.workId) ?? 0) + 1)
    if (!row.features) continue
    withFeatures++
    for (const feature of row.features.split('\n')) {
      const [kind, path, shape, frames] = feature.split('\t')
      hash.update(`\t${kind}\t${relative(dataset.root, path).split(sep).join('/')}\t${shape}\t${frames}\n`)
      featureFiles++
    }
  }
  const bySize = new Map<number, number>()
  for (const size of sizes.values()) bySize.set(size, (bySize.get(size) ?? 0) + 1)
  return {
    name,
    kind: dataset.kind,
    works: sizes.size,
    performances: rows.length,
    withFeatures,
    featureFiles,
    workSizes: [...bySize].sort(([a], [b]) => a - b).map(([performances, works]) => ({ performances, works })),
    sha256: hash.digest('hex'),
  }
}

export function machineCard(now = new Date()): MachineCard {
  const cpu = cpus()
  return {
    refrain: appVersion(),
    date: now.toISOString(),
    os: `${type()} ${release()} (${arch()})`,
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
  }
}
