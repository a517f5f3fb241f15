// Agreement between a predicted clustering and the known works: how well "these recordings were
// grouped together" matches "these recordings are versions of one work". The measures and their
// sources: agreement-pairs.ts (adjusted Rand index, pairwise and B-cubed precision / recall / F1)
// and agreement-information.ts (adjusted mutual information, homogeneity, completeness,
// V-measure); both read one contingency table (agreement-table.ts).
import type { WorkLabel } from './input'
import { adjustedMutualInformationOf, completenessOf, homogeneityOf, vMeasureOf } from './agreement-information'
import { ariOf, bcubedOf, pairwiseOf, type PrecisionRecall } from './agreement-pairs'
import { contingency } from './agreement-table'

export * from './agreement-table'
export * from './agreement-pairs'
export * from './agreement-information'

export interface Agreement {
  ari: number
  ami: number
  vMeasure: number
  homogeneity: number
  completeness: number
  pairwise: PrecisionRecall
  bcubed: PrecisionRecall
}

/** Every measure, from one contingency table of `truth` (work labels) against `predicted` (cluster labels). */
export function agreement(truth: readonly WorkLabel[], predicted: readonly WorkLabel[]): Agreement {
  const t = contingency(truth, predicted)
  return {
    ari: ariOf(t),
    ami: adjustedMutualInformationOf(t),
    vMeasure: vMeasureOf(t),
    homogeneity: homogeneityOf(t),
    completeness: completenessOf(t),
    pairwise: pairwiseOf(t),
    bcubed: bcubedOf(t),
  }
}
