// The worker's half of the report's curves, from a finished job's matrix through the evaluation's
// own functions (eval/): the average precision of each query (the rankings the metrics count),
// grouped by how many versions of its work the query has to find; and the precision-recall curve
// of the verification view, over the same pairs as the ROC curve and the EER and max-F1 thresholds
// (each unordered pair once, its distance the mean of both directions; "versions" when distance
// <= threshold). Precision at a threshold is version pairs / all pairs at or below it.
import { cellPairs, iterateSquare, pairDistances, queryScores, rankQueries, sweep, type PairDistances, type Ranking } from '../eval'
import { MatrixFile } from '../scoring/matrix-file'
import { alignedView } from '../scoring/rerank'
import type { CurvesTask, JobCurves } from './curves-task'

/** The curve keeps a point wherever recall or precision moved by 1/STEPS since the last one kept. */
const STEPS = 200

export function jobCurves(task: CurvesTask): JobCurves {
  const { queryLabels } = task
  const square = task.candidateLabels === null
  const candidateLabels = task.candidateLabels ?? queryLabels
  const distances = MatrixFile.readWhole(task.matrixPath, queryLabels.length, candidateLabels.length)
  const rankings = square ? iterateSquare(distances, queryLabels) : rankQueries(distances, queryLabels, candidateLabels)
  const mapByVersions = averagePrecisionByVersions(rankings)
  if (task.rerankOffset !== undefined) alignedView(distances, queryLabels.length, candidateLabels.length, square, task.rerankOffset)
  const pairs = square ? pairDistances(distances, queryLabels) : cellPairs(distances, queryLabels, candidateLabels)
  return { mapByVersions, precisionRecall: precisionRecall(pairs) }
}

function averagePrecisionByVersions(rankings: Iterable<Ranking>): JobCurves['mapByVersions'] {
  const groups = new Map<number, { queries: number; sum: number }>()
  for (const ranking of rankings) {
    const scores = queryScores(ranking)
    if (!scores) continue
    const versions = ranking.relevant.filter(Boolean).length
    const group = groups.get(versions) ?? { queries: 0, sum: 0 }
    group.queries++
    group.sum += scores.ap
    groups.set(versions, group)
  }
  return [...groups].sort(([a], [b]) => a - b).map(([versions, g]) => ({ versions, queries: g.queries, map: g.sum / g.queries }))
}

function precisionRecall(pairs: PairDistances): JobCurves['precisionRecall'] {
  const versions = pairs.versions.length
  const all = versions + pairs.nonVersions.length
  const out: JobCurves['precisionRecall'] = []
  const stride = 1 / STEPS - 1e-12
  sweep(pairs, (threshold, tp, fp) => {
    const recall = versions === 0 ? 0 : tp / versions
    const precision = tp / (tp + fp)
    const last = out.at(-1)
    if (!last || Math.abs(recall - last[0]) >= stride || Math.abs(precision - last[1]) >= stride || tp + fp === all) out.push([recall, precision, threshold])
  })
  return out
}
