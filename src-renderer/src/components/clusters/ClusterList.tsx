// Every cluster of a job as a list beside its graph: a row per cluster (its size, its works, marked
// when it mixes works or holds part of a work split across clusters) followed by a row per member
// (title, artist, year, work; the medoid starred). One virtualised list of fixed-height rows, so
// 15,000 performances scroll as smoothly as 15: arrow keys move, Enter (or a click) on a cluster
// selects it, which highlights it in the graph, Enter on a member opens its performance, Escape
// clears the selection.
import { useMemo } from 'react'
import { fmtInt } from '../../format'
import { VirtualList } from '../VirtualList'
import type { Output } from '../../types'
import { clusterColour } from './graphData'

type JobClusters = Output<'clusters.job'>
type Cluster = JobClusters['clusters'][number]
type Item = JobClusters['items'][number]

export type ListRow = { kind: 'cluster'; cluster: Cluster } | { kind: 'member'; cluster: Cluster; item: Item }

/** The list's rows: each cluster, then its members (the medoid first). */
export function listRows(result: JobClusters): ListRow[] {
  return result.clusters.flatMap((cluster) => [
    { kind: 'cluster' as const, cluster },
    ...[cluster.medoid, ...cluster.members.filter((m) => m !== cluster.medoid)].map((m) => ({ kind: 'member' as const, cluster, item: result.items[m] })),
  ])
}

interface Props {
  result: JobClusters
  selected: number | null
  onSelect: (cluster: number | null) => void
  onOpenItem: (item: Item) => void
}

const plural = (n: number, one: string, many = `${one}s`) => `${fmtInt(n)} ${n === 1 ? one : many}`

export function ClusterList({ result, selected, onSelect, onOpenItem }: Props) {
  const rows = useMemo(() => listRows(result), [result])
  const split = useMemo(() => new Map(result.splitWorks.map((w) => [w.workId, w.clusters])), [result])

  const renderRow = (index: number) => {
    const row = rows[index]
    const { cluster } = row
    const picked = cluster.id === selected
    if (row.kind === 'cluster') {
      const splitHere = cluster.works.filter((w) => split.has(w))
      return (
        <div className={`cl-row cl-cluster${picked ? ' picked' : ''}`} data-kind="cluster" data-cluster={cluster.id} data-size={cluster.size}>
          <span className="cl-swatch" style={{ background: clusterColour(cluster.id, cluster.size) }} aria-hidden="true" />
          <b>Cluster {cluster.id + 1}</b>
          <span className="cl-size">{plural(cluster.size, 'performance')}</span>
          <span className="cl-works mono" title={cluster.works.join(', ')}>
            {cluster.works.length ? cluster.works.join(', ') : 'work unknown'}
          </span>
          {cluster.mixed && (
            <span className="badge badge-warn" title="Its members belong to more than one known work">
              mixes works
            </span>
          )}
          {splitHere.length > 0 && (
            <span className="badge badge-warn" title={splitHere.map((w) => `${w} lies in ${split.get(w)} clusters`).join('; ')}>
              split work
            </span>
          )}
        </div>
      )
    }
    const { item } = row
    return (
      <div className={`cl-row cl-member${picked ? ' picked' : ''}`} data-kind="member" data-cluster={cluster.id} data-perf={item.perfId}>
        <span className="cl-medoid" title={item.index === cluster.medoid ? 'Medoid: the member closest to the others' : undefined}>
          {item.index === cluster.medoid ? '★' : ''}
        </span>
        <span className="cl-title">{item.title ?? item.perfId}</span>
        <span className="muted">
          {item.artist ?? 'unknown artist'}
          {item.year !== null ? ` (${item.year})` : ''}
        </span>
        {item.workId && (
          <span className={`cl-work mono${split.has(item.workId) ? ' problem' : ''}`} title={split.has(item.workId) ? `${item.workId} lies in ${split.get(item.workId)} clusters` : undefined}>
            {item.workId}
          </span>
        )}
      </div>
    )
  }

  const open = (index: number) => {
    const row = rows[index]
    if (row.kind === 'cluster') onSelect(row.cluster.id === selected ? null : row.cluster.id)
    else onOpenItem(row.item)
  }

  return (
    <div
      className="cluster-list"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && selected !== null) {
          e.preventDefault()
          onSelect(null)
        }
      }}
    >
      <VirtualList
        count={rows.length}
        label="Clusters and their performances"
        testId="cluster-list"
        rowTestId="cluster-row"
        renderRow={renderRow}
        onOpen={open}
        rowLabel={(index) => {
          const row = rows[index]
          return row.kind === 'cluster' ? `Cluster ${row.cluster.id + 1}, ${plural(row.cluster.size, 'performance')}` : `${row.item.title ?? row.item.perfId}, ${row.item.artist ?? 'unknown artist'}`
        }}
      />
    </div>
  )
}
