// Whether a batch job over indexed datasets has anything to compare: each dataset's count of
// performances with a usable file of the feature the job reads (DatasetInfo.featureCounts, the
// rule scoring applies). The Batch form says why it cannot start, and where the files come from.
import { DA_TACOS_URL } from '../../src-shared/help/links'
import { fmtInt } from './format'
import type { DatasetInfo } from './types'

const count = (dataset: DatasetInfo, feature: string) => (dataset.featureCounts as Record<string, number | undefined>)[feature] ?? 0

const plural = (n: number, one: string, many: string) => `${fmtInt(n)} ${n === 1 ? one : many}`

function whereFrom(dataset: DatasetInfo): string {
  return dataset.kind === 'da-tacos'
    ? `Download the Da-TACOS features from ${DA_TACOS_URL} and index their folder on the Datasets page.`
    : 'Index its feature files on the Datasets page, or import its audio, which computes HPCP.'
}

/**
 * Null when the job can start: against itself a dataset needs two performances with each feature
 * the job reads (one pair), against another each side needs one. Otherwise one sentence saying
 * which dataset has how many, and where to get the files.
 */
export function featureShortage(source: DatasetInfo | undefined, against: DatasetInfo | undefined, features: readonly string[]): string | null {
  const sides = against && against.name !== source?.name ? [source, against] : [source]
  const needed = sides.length === 1 ? 2 : 1
  for (const side of sides) {
    if (!side) continue
    for (const feature of features) {
      const have = count(side, feature)
      if (have >= needed) continue
      return `${side.name} has ${fmtInt(have)} of ${plural(side.performances, 'performance', 'performances')} with the ${feature} feature; a job needs at least ${needed}. ${whereFrom(side)}`
    }
  }
  return null
}
