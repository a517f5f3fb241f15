// A clustering in a few numbers: how many clusters (and singletons), how many pairs are linked and
// how many the graph draws, where the threshold comes from, and how far the clusters agree with
// the known works (src-main/eval/agreement.ts: 1 is perfect agreement).
import { fmtInt, fmtValue } from '../../format'
import type { Output } from '../../types'

type ClusterGraph = Output<'clusters.graph'>

const SCORES: { key: 'ari' | 'ami' | 'vMeasure'; label: string; title: string }[] = [
  { key: 'ari', label: 'ARI', title: 'Adjusted Rand index: pairs put together or apart as the works do, corrected for chance' },
  { key: 'ami', label: 'AMI', title: 'Adjusted mutual information between clusters and works, corrected for chance' },
  { key: 'vMeasure', label: 'V-measure', title: 'Harmonic mean of homogeneity (each cluster one work) and completeness (each work one cluster)' },
]

export function ClusterSummary({ graph }: { graph: ClusterGraph }) {
  const { clusters: result, edges } = graph
  const singletons = result.clusters.filter((c) => c.size === 1).length
  const a = result.agreement
  return (
    <div className="cluster-summary">
      <p className="small" data-testid="cluster-counts">
        <b data-testid="cluster-count">{fmtInt(result.clusters.length)}</b> clusters ({fmtInt(singletons)} singletons) of {fmtInt(result.items.length)} performances ·{' '}
        {fmtInt(edges.total)} linked pairs at distance ≤ <span className="mono">{fmtValue(result.threshold)}</span>
        {edges.dropped > 0 ? (
          <span className="problem">
            {' '}
            · {fmtInt(edges.kept)} drawn (each performance’s {edges.perNode} closest; {fmtInt(edges.dropped)} not drawn, past {fmtInt(edges.cap)})
          </span>
        ) : null}
        <br />
        <span className="muted">Threshold: {result.thresholdOrigin}</span>
      </p>
      {a ? (
        <dl className="summary agreement" data-testid="cluster-agreement">
          {SCORES.map((s) => (
            <div key={s.key}>
              <dt title={s.title}>{s.label}</dt>
              <dd>{a[s.key].toFixed(3)}</dd>
            </div>
          ))}
          <div>
            <dt title="F1 of the pairs put in one cluster against the pairs of one work">Pairwise F1</dt>
            <dd>{a.pairwise.f1.toFixed(3)}</dd>
          </div>
          <div>
            <dt title="B-cubed F1: per performance, precision and recall of its cluster against its work">B-cubed F1</dt>
            <dd>{a.bcubed.f1.toFixed(3)}</dd>
          </div>
        </dl>
      ) : (
        <p className="small muted">No performance has a known work, so there is no agreement to measure.</p>
      )}
    </div>
  )
}
