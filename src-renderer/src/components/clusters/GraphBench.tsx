// Not linked from the workstation (#/bench/graph?nodes=N): the Clusters page's graph on a
// synthetic graph of N performances, in clusters of five with every pair inside linked plus random
// links across, so its frame rate can be measured at the scale of the whole Da-TACOS benchmark
// (15,000 performances) without scoring one (e2e/clusters.spec.ts measures it).
import { useMemo } from 'react'
import { fmtInt } from '../../format'
import { ClusterGraph } from './ClusterGraph'
import { syntheticGraph } from './graphData'

const ignore = () => {}

export function GraphBenchPage({ nodes }: { nodes: number }) {
  const data = useMemo(() => syntheticGraph(nodes, 5, Math.round(nodes / 3)), [nodes])
  return (
    <div className="page clusters-page">
      <header className="page-header">
        <h1>Graph bench</h1>
      </header>
      <p className="small muted" data-testid="bench-counts">
        {fmtInt(nodes)} synthetic performances in {fmtInt(data.clusterSizes.length)} clusters, {fmtInt(data.from.length)} edges.
      </p>
      <ClusterGraph data={data} selected={null} onOpenNode={ignore} onOpenEdge={ignore} />
    </div>
  )
}
