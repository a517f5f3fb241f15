// A finished job as a benchmark card: what was compared (the datasets with their content hashes),
// how (the method in words and every parameter as the job recorded it), by what and where (Refrain's
// version, the machine, the date), what came out (the Da-TACOS metrics and the calibrated
// threshold), the plots a reader checks them against (distance distributions, ROC, precision-recall,
// MAP by versions to find), and the clusters at the threshold with their agreement with the works.
import type { JobClusters } from '../clusters/types'
import { distanceDistributionSpec, mapByVersionsSpec, precisionRecallSpec, rocSpec } from '../../src-shared/plots/specs'
import type { ScoreJobInfo } from '../scoring/types'
import type { DatasetCard, MachineCard } from './card'
import type { JobCurves } from './curves-task'
import { dataTable, escapeHtml, factTable, fixed, inlinePlot, page, percent, section, type Cell } from './html-page'

export interface JobReport {
  job: ScoreJobInfo
  datasets: DatasetCard[]
  machine: MachineCard
  curves: JobCurves | null
  /** The clusters, or why there are none (an unclustered job says so rather than failing the report). */
  clusters: JobClusters | { problem: string }
}

export async function jobReportHtml(report: JobReport): Promise<string> {
  const { job, machine } = report
  const short = job.jobId.slice(0, 8)
  const against = job.against === null ? 'every performance against every other' : `against ${job.against}`
  return page(`${job.label} on ${job.source}`, `Refrain benchmark card of scoring job ${short}, ${against}; written ${machine.date.slice(0, 10)}`, [
    section('citation', 'How to cite this run', citation(report)),
    section('data', 'Data', report.datasets.map(datasetFacts).join('')),
    section('method', 'Method and parameters', methodFacts(job)),
    section('metrics', 'Results (Da-TACOS protocol)', metricsTable(job)),
    section('plots', 'Plots', await plots(report)),
    section('clusters', 'Clusters at the threshold', clustersSection(report.clusters)),
    section('machine', 'Program and machine', machineFacts(machine, job)),
  ])
}

function citation({ job, datasets, machine }: JobReport): string {
  const data = datasets.map((d) => `${d.name} (${d.performances} performances, sha256 ${d.sha256.slice(0, 16)}…)`).join(' against ')
  const map = job.evaluation ? `, MAP ${job.evaluation.map.toFixed(3)}` : ''
  return `<p class="cite">Refrain ${escapeHtml(machine.refrain)}, ${escapeHtml(job.label)} on ${escapeHtml(data)}${map}; job ${escapeHtml(job.jobId)}, ${escapeHtml(job.createdAt.slice(0, 10))}.</p>`
}

export function datasetFacts(d: DatasetCard): string {
  return factTable([
    ['dataset', d.name],
    ['kind', d.kind === 'da-tacos' ? 'Da-TACOS subset' : 'user dataset'],
    ['works', d.works],
    ['performances', d.performances],
    ['with feature files', `${d.withFeatures} performances, ${d.featureFiles} files`],
    ['content hash (SHA-256 of the metadata and the feature file list)', { html: `<code>${d.sha256}</code>` }],
  ])
}

function methodFacts(job: ScoreJobInfo): string {
  const rows: Array<[string, Cell]> = [
    ['in words', job.label],
    ...Object.entries(job.params).map(([key, value]) => [key, value === null ? 'null' : String(value)] as [string, Cell]),
    ['queries × candidates', `${job.queries} × ${job.candidates}`],
    ['pairs scored', `${job.pairsDone} (${job.pairsFailed} failed, at infinite distance)`],
    ['performances left out', job.itemsSkipped],
    ['compute time', `${job.seconds.toFixed(1)} s`],
  ]
  return `${factTable(rows)}<p class="note">The parameters as the job recorded them (describeParams: "${escapeHtml(job.label)}"):</p><pre>${escapeHtml(JSON.stringify(job.params, null, 2))}</pre>`
}

function metricsTable(job: ScoreJobInfo): string {
  const e = job.evaluation
  if (!e) return `<p class="note">Not evaluated: run <code>refrain eval ${escapeHtml(job.jobId.slice(0, 8))}</code>.</p>`
  const rows: Array<[string, Cell]> = [
    ['queries', `${e.queries} with a version to find (${e.excluded} left out: no other performance of their work)`],
    ['MAP', fixed(e.map)],
    ['MRR', fixed(e.mrr)],
    ['MR1 (mean rank of the first version)', fixed(e.mr1, 2)],
    ['P@10', fixed(e.pAt10)],
    ['Top-1', `${e.top1} (${percent(e.top1 / e.queries)})`],
    ['Top-10', `${e.top10} (${percent(e.top10 / e.queries)})`],
    ['ROC AUC', fixed(e.auc)],
    ['EER', e.eer ? `${percent(e.eer.rate)} at distance ${e.eer.threshold.toPrecision(4)}` : null],
    ['max F1', `${e.maxF1.f1.toFixed(3)} at distance ${e.maxF1.threshold.toPrecision(4)} (precision ${e.maxF1.precision.toFixed(3)}, recall ${e.maxF1.recall.toFixed(3)})`],
    ['calibrated threshold', job.threshold ? `${job.threshold.value.toPrecision(4)} (${job.threshold.rule}): ${job.threshold.origin}` : null],
    ['version / non-version pairs', `${e.versionPairs} / ${e.nonVersionPairs}`],
  ]
  if (e.stage1Recall !== undefined && e.stage1Recall !== null) rows.push(['stage-1 recall (versions aligned: shortlisted by either side)', fixed(e.stage1Recall)])
  const why = e.undefinedReason ? `<p class="note">${escapeHtml(e.undefinedReason)}</p>` : ''
  return factTable(rows) + why
}

async function plots({ job, curves }: JobReport): Promise<string> {
  const e = job.evaluation
  const out: string[] = []
  if (e?.histogram) {
    const threshold = job.threshold ? { value: job.threshold.value, rule: job.threshold.rule === 'eer' ? 'EER' : 'max F1' } : null
    out.push(await inlinePlot(distanceDistributionSpec(e.histogram, threshold), 'Distances of version pairs (same work) and non-version pairs, each as a density, with the calibrated threshold.'))
  }
  if (e?.roc) out.push(await inlinePlot(rocSpec(e.roc, e.auc, e.eer), 'ROC curve of "versions when distance ≤ threshold" over every pair, with the equal error rate point.'))
  if (curves) {
    const best = e ? { ...e.maxF1 } : null
    out.push(await inlinePlot(precisionRecallSpec(curves.precisionRecall, best), 'Precision against recall of the same decision as the threshold rises, with the maximum-F1 point.'))
    out.push(await inlinePlot(mapByVersionsSpec(curves.mapByVersions), 'MAP of the queries grouped by how many other versions of their work they have to find; each bar says how many queries it averages.'))
  }
  return out.length > 0 ? out.join('') : '<p class="note">No plots: the job has no evaluation.</p>'
}

function clustersSection(clusters: JobReport['clusters']): string {
  if ('problem' in clusters) return `<p class="note">No clusters: ${escapeHtml(clusters.problem)}</p>`
  const sizes = new Map<number, number>()
  for (const c of clusters.clusters) sizes.set(c.size, (sizes.get(c.size) ?? 0) + 1)
  const byIndex = new Map(clusters.items.map((item) => [item.index, item]))
  const largest = clusters.clusters.filter((c) => c.size > 1).slice(0, 10)
  const a = clusters.agreement
  return [
    factTable([
      ['method', clusters.method],
      ['threshold', `${clusters.threshold.toPrecision(4)}: ${clusters.thresholdOrigin}`],
      ['clusters', `${clusters.clusters.length} (${clusters.clusters.filter((c) => c.size === 1).length} singletons) from ${clusters.items.length} performances`],
      ['linked pairs', clusters.edges],
      ['mixed clusters (more than one work)', clusters.clusters.filter((c) => c.mixed).length],
      ['split works (in more than one cluster)', clusters.splitWorks.length],
    ]),
    dataTable(['cluster size', 'clusters'], [...sizes].sort(([x], [y]) => y - x).map(([size, n]) => [size, n])),
    largest.length === 0
      ? ''
      : `<p class="note">The largest clusters, each named after its medoid:</p>` +
        dataTable(['size', 'medoid', 'title', 'artist', 'works'], largest.map((c) => {
          const m = byIndex.get(c.medoid)
          return [c.size, m?.perfId ?? null, m?.title ?? null, m?.artist ?? null, c.works.length > 3 ? `${c.works.slice(0, 3).join(', ')} … (${c.works.length})` : c.works.join(', ')]
        })),
    a
      ? `<p class="note">Agreement with the known works (1 is perfect):</p>` +
        dataTable(['ARI', 'AMI', 'V-measure', 'homogeneity', 'completeness', 'pairwise P / R / F1', 'B-cubed P / R / F1'], [
          [fixed(a.ari), fixed(a.ami), fixed(a.vMeasure), fixed(a.homogeneity), fixed(a.completeness), prf(a.pairwise), prf(a.bcubed)],
        ])
      : '<p class="note">No agreement: the performances\' works are not known.</p>',
  ].join('')
}

const prf = (x: { precision: number; recall: number; f1: number }) => `${x.precision.toFixed(3)} / ${x.recall.toFixed(3)} / ${x.f1.toFixed(3)}`

export function machineFacts(m: MachineCard, job?: ScoreJobInfo): string {
  return factTable([
    ['Refrain', m.refrain],
    ['report written', m.date],
    ...(job ? ([['job created', job.createdAt]] as Array<[string, Cell]>) : []),
    ['operating system', m.os],
    ['CPU', `${m.cpu}, ${m.cores} cores`],
    ['memory', `${m.memoryGb} GB`],
  ])
}
