// A dataset as a card, before any job: its name, counts and content hash, how its works are
// sized, and what its ground-truth cover mapping holds (the cover_mapping.json `refrain report
// <dataset> --format json` writes, and the seed project's 12-of-13 variant).
import { workSizesSpec } from '../../src-shared/plots/specs'
import type { DatasetCard, MachineCard } from './card'
import { datasetFacts, machineFacts } from './job-html'
import { dataTable, factTable, inlinePlot, page, section } from './html-page'
import { coverMapping } from './seed-formats'
import type { CoverWork } from './types'

export async function datasetReportHtml(card: DatasetCard, works: CoverWork[], machine: MachineCard): Promise<string> {
  const mapping = coverMapping(works)
  const versions = Object.values(mapping)
  const inMapping = versions.reduce((n, list) => n + list.length, 0)
  const sizes = card.workSizes
  return page(`Dataset ${card.name}`, `Refrain dataset card; written ${machine.date.slice(0, 10)}`, [
    section('data', 'Data', datasetFacts(card)),
    section(
      'works',
      'Works and performances',
      (await inlinePlot(workSizesSpec(sizes), 'How many works have each number of performances.')) + dataTable(['performances per work', 'works'], sizes.map((s) => [s.performances, s.works])),
    ),
    section(
      'mapping',
      'Ground-truth cover mapping',
      factTable([
        ['works with versions (2 or more performances)', versions.length],
        ['performances in them', inMapping],
        ['works of one performance', card.works - versions.length],
        ["the seed project's lists (each work without its smallest performance id)", `${inMapping - versions.length} performances`],
      ]),
    ),
    section('machine', 'Program and machine', machineFacts(machine)),
  ])
}
