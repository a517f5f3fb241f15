// A scoring job's clusters ('clusters.graph'): the threshold graph (ClusterGraph) beside the list
// of clusters (ClusterList), the threshold and method that made them (kept in the address), how
// far they agree with the known works, and an Export menu whose cluster files follow what is
// shown. A new threshold or method clusters the job again; the last clusters stay on screen until
// the new ones arrive, or with the backend's reason when it refuses.
import { useCallback, useMemo, useState } from 'react'
import { useApi } from '../api'
import { ClusterControls, type ClusterMethod } from '../components/clusters/ClusterControls'
import { ClusterGraph } from '../components/clusters/ClusterGraph'
import { ClusterList } from '../components/clusters/ClusterList'
import { ClusterSummary } from '../components/clusters/ClusterSummary'
import { graphData } from '../components/clusters/graphData'
import { ErrorBox, Loading } from '../components/common'
import { ExportMenu } from '../components/ExportMenu'
import { compareHref, hrefFor, jobCompareOptions, navigate, perfHref, replaceHash } from '../router'
import type { Output } from '../types'

type Item = Output<'clusters.job'>['items'][number]

interface Props {
  jobId: string
  threshold?: number
  method?: ClusterMethod
}

const itemLabel = (item: Item) => `${item.title ?? item.perfId} — ${item.artist ?? 'unknown artist'}`

export function ClustersPage({ jobId, threshold: initialThreshold, method: initialMethod }: Props) {
  const [threshold, setThreshold] = useState(initialThreshold)
  const [method, setMethod] = useState<ClusterMethod>(initialMethod ?? 'average')
  const [selected, setSelected] = useState<number | null>(null)
  const job = useApi('score.job', { jobId })
  const answer = useApi('clusters.graph', { jobId, method, ...(threshold !== undefined ? { threshold } : {}) })
  // The last clusters drawn stay while new ones are computed, or when the backend refuses them.
  const [shown, setShown] = useState<Output<'clusters.graph'> | undefined>(undefined)
  if (answer.data && answer.data !== shown) setShown(answer.data)
  const graph = answer.data ?? shown
  const data = useMemo(() => graph && graphData(graph, (i) => itemLabel(graph.clusters.items[i])), [graph])

  const jobHref = hrefFor({ name: 'batch-job', jobId })
  const change = useCallback(
    (next: { threshold?: number; method: ClusterMethod }) => {
      setSelected(null)
      // The defaults (calibrated threshold, average linkage) stay out of the address.
      replaceHash(hrefFor({ name: 'clusters', jobId, threshold: next.threshold, ...(next.method !== 'average' ? { method: next.method } : {}) }))
    },
    [jobId],
  )
  const onThreshold = useCallback(
    (t: number | undefined) => {
      setThreshold(t)
      change({ threshold: t, method })
    },
    [change, method],
  )
  const onMethod = (m: ClusterMethod) => {
    setMethod(m)
    change({ threshold, method: m })
  }
  const items = graph?.clusters.items
  const openNode = useCallback((i: number) => items && navigate(perfHref(items[i].dataset, items[i].perfId)), [items])
  const openEdge = useCallback(
    (a: number, b: number) => {
      if (!items) return
      const options = job.data ? jobCompareOptions(job.data.params, jobHref) : { from: jobHref }
      navigate(compareHref({ dataset: items[a].dataset, perfId: items[a].perfId }, { dataset: items[b].dataset, perfId: items[b].perfId }, options))
    },
    [items, jobHref, job.data],
  )

  return (
    <div className="page clusters-page">
      <div className="breadcrumb">
        <a href={hrefFor({ name: 'batch' })}>Batch</a> › <a href={jobHref}>job <span className="mono">{jobId.slice(0, 8)}</span></a> › Clusters
      </div>
      <header className="page-header">
        <h1>Clusters</h1>
        {job.data && (
          <span className="muted small">
            {job.data.label} on <span className="mono">{job.data.source}</span>
          </span>
        )}
        <ExportMenu
          source={jobId}
          formats={['html', 'pdf', 'txt', 'json']}
          clusters={{ clusters: method, ...(threshold !== undefined ? { threshold } : {}) }}
          testId="clusters-export"
        />
      </header>
      <ClusterControls threshold={threshold} current={graph?.clusters.threshold} method={method} onThreshold={onThreshold} onMethod={onMethod} />
      {answer.error && <ErrorBox title="Could not cluster the job" error={answer.error} onRetry={answer.reload} />}
      {!graph || !data ? (
        answer.loading && <Loading label="Clustering the job (reading its distance matrix)…" />
      ) : (
        <div className={`clusters-view${answer.loading ? ' stale' : ''}`} aria-busy={answer.loading}>
          <ClusterSummary graph={graph} />
          <div className="clusters-panes">
            <ClusterGraph data={data} selected={selected} onOpenNode={openNode} onOpenEdge={openEdge} />
            <ClusterList result={graph.clusters} selected={selected} onSelect={setSelected} onOpenItem={(item) => navigate(perfHref(item.dataset, item.perfId))} />
          </div>
        </div>
      )}
    </div>
  )
}
