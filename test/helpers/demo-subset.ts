// A small Da-TACOS-layout dataset cut from the bundled demo library (real HPCP of real music):
// the first `works` works that have several versions, all their versions, plus `singles`
// one-performance works. Scoring tests use it where the 252-performance demo would take minutes.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { REPO } from './fixtures'

const DEMO = join(REPO, 'resources', 'demo')

type Metadata = Record<string, Record<string, { work_id: string; perf_id: string }>>

export interface Subset {
  folder: string
  name: string
  /** perf id -> work id of every performance copied. */
  works: Map<string, string>
  h5: (perfId: string) => string
}

export function demoSubset(parent: string, name: string, counts: { works: number; singles: number }): Subset {
  const metadata = JSON.parse(readFileSync(join(DEMO, 'demo_metadata.json'), 'utf8')) as Metadata
  const entries = Object.entries(metadata)
  const chosen = [
    ...entries.filter(([, perfs]) => Object.keys(perfs).length > 1).slice(0, counts.works),
    ...entries.filter(([, perfs]) => Object.keys(perfs).length === 1).slice(0, counts.singles),
  ]
  const folder = join(parent, name)
  const works = new Map<string, string>()
  const h5 = (perfId: string) => join(folder, `${name}_hpcp`, `${works.get(perfId)}_hpcp`, `${perfId}_hpcp.h5`)
  for (const [workId, perfs] of chosen) {
    const from = join(DEMO, 'demo_hpcp', `${workId}_hpcp`)
    mkdirSync(join(folder, `${name}_hpcp`, `${workId}_hpcp`), { recursive: true })
    for (const file of readdirSync(from)) copyFileSync(join(from, file), join(folder, `${name}_hpcp`, `${workId}_hpcp`, file))
    for (const perfId of Object.keys(perfs)) works.set(perfId, workId)
  }
  writeFileSync(join(folder, `${name}_metadata.json`), JSON.stringify(Object.fromEntries(chosen)))
  return { folder, name, works, h5 }
}
