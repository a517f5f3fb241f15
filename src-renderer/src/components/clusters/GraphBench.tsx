// Not linked from the workstation (#/bench/graph?nodes=N): the Clusters page's graph on a
// synthetic graph of N performances, in clusters of five with every pair inside linked plus random
// links across, so its frame rate can be measured at the scale of the whole Da-TACOS benchmark
// (15,000 performances) without scoring one (e2e/clusters.spec.ts measures it). `preview=1|0`
// forces the motion preview on or off whatever the size, so it can be checked on a small graph.
import { useMemo, useState } from 'react'
import { fmtInt } from '../../format'
import { ClusterGraph } from './ClusterGraph'
import { syntheticGraph } from './graphData'

export function GraphBenchPage({ nodes, preview }: { nodes: number; preview?: boolean | undefined }) {
  const data = useMemo(() => syntheticGraph(nodes, 5, Math.round(nodes / 3)), [nodes])
  // What a click would open, named instead of opened.
  const [clicked, setClicked] = useState('')
  return (
    <div className="page clusters-page">
      <header className="page-header">
        <h1>Graph bench</h1>
      </header>
      <p className="small muted" data-testid="bench-counts">
        {fmtInt(nodes)} synthetic performances in {fmtInt(data.clusterSizes.length)} clusters, {fmtInt(data.from.length)} edges.
      </p>
      <ClusterGraph
        data={data}
        selected={null}
        onOpenNode={(i) => setClicked(data.labels[i])}
        onOpenEdge={(a, b) => setClicked(`${data.labels[a]} and ${data.labels[b]}`)}
        previewMotion={preview}
      />
      <p className="small muted" data-testid="bench-clicked">
        {clicked ? `Would open ${clicked}` : ''}
      </p>
    </div>
  )
}
