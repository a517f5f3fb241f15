// One work: its performances with their features, each opening its page, and two of them picked
// to compare. The picks live in the address (replaced, not pushed), so Back from Compare finds
// them still ticked.
import { useEffect, useState } from 'react'
import { useApi } from '../api'
import { CHROMA_KINDS } from '../chroma'
import { DatasetBadge, Empty, ErrorBox, FeatureChips, Loading } from '../components/common'
import { orDash, yesNo } from '../format'
import { compareHref, hrefFor, navigate, perfHref, replaceHash, type PerfRef } from '../router'
import { useLibraryVersion } from '../state/library'
import { useTableRows } from '../tableRows'

export function WorkPage({ dataset, workId, initialPicked = [] }: { dataset: string; workId: string; initialPicked?: string[] }) {
  const libraryVersion = useLibraryVersion()
  const res = useApi('library.work', { workId, dataset }, libraryVersion)
  const { tbody, rowKeyDown } = useTableRows()
  // Compare takes two: picking a third lets go of the first picked. A work's performances are all in its dataset.
  const [picked, setPicked] = useState<PerfRef[]>(() => initialPicked.map((perfId) => ({ dataset, perfId })))
  useEffect(() => {
    replaceHash(hrefFor({ name: 'work', dataset, workId, picked: picked.map((p) => p.perfId) }))
  }, [dataset, workId, picked])
  const isPicked = (r: PerfRef) => picked.some((x) => x.dataset === r.dataset && x.perfId === r.perfId)
  const togglePick = (r: PerfRef) =>
    setPicked((list) => (isPicked(r) ? list.filter((x) => x.dataset !== r.dataset || x.perfId !== r.perfId) : [...list, r].slice(-2)))
  // Compare aligns chroma: a performance without any cannot be picked, and two are compared by a kind both have.
  const chromaOf = (perfId: string) => CHROMA_KINDS.filter((kind) => res.data?.performances.find((p) => p.perfId === perfId)?.features.includes(kind))
  const shared = picked.length === 2 ? chromaOf(picked[0]!.perfId).filter((kind) => chromaOf(picked[1]!.perfId).includes(kind)) : []


  return (
    <div className="page work-page">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <a href={hrefFor({ name: 'library', q: '', dataset: '' })}>Library</a> <span aria-hidden="true">›</span>{' '}
        <a href={hrefFor({ name: 'library', q: '', dataset })}>{dataset}</a> <span aria-hidden="true">›</span>{' '}
        <span className="mono">{workId}</span>
      </nav>
      {res.error && !res.data ? (
        <ErrorBox title={`Could not open work ${workId}`} error={res.error} onRetry={res.reload} />
      ) : !res.data ? (
        <Loading label={`Loading work ${workId}…`} />
      ) : (
        <>
          <header className="page-header">
            <h1 data-testid="work-title">{res.data.work.title ?? <span className="muted">untitled work</span>}</h1>
            <div className="subtitle">
              <span data-testid="work-artist">{orDash(res.data.work.artist)}</span>
              <span className="muted"> · </span>
              <DatasetBadge name={res.data.work.dataset} />
              <span className="muted"> · </span>
              <span className="mono">{res.data.work.workId}</span>
              <span className="muted">
                {' '}
                · {res.data.performances.length} {res.data.performances.length === 1 ? 'performance' : 'performances'}
              </span>
              <span className="muted" data-testid="work-with-features">
                {' '}
                · {res.data.work.withFeatures} with feature files
              </span>
            </div>
          </header>
          {res.error && <ErrorBox title="Refresh failed" error={res.error} onRetry={res.reload} />}
          {res.data.performances.length === 0 ? (
            <Empty>This work has no indexed performances.</Empty>
          ) : (
            <div className="table-wrap">
              <div className="pick-bar">
                <button
                  type="button"
                  className="primary"
                  data-testid="compare-picked"
                  disabled={picked.length !== 2 || shared.length === 0}
                  onClick={() => navigate(compareHref(picked[0]!, picked[1]!, shared[0] === 'hpcp' ? {} : { feature: shared[0] }))}
                >
                  Compare
                </button>
                <span className="muted small" data-testid="pick-status">
                  {picked.length !== 2
                    ? `tick ${2 - picked.length === 2 ? 'two performances' : 'one more'} to compare`
                    : shared.length === 0
                      ? `${picked[0]!.perfId} and ${picked[1]!.perfId} have no chroma feature in common: they cannot be compared`
                      : `${picked[0]!.perfId} with ${picked[1]!.perfId}`}
                </span>
              </div>
              <table className="table clickable" data-testid="work-performances" aria-label="Performances">
                <thead>
                  <tr>
                    <th>
                      <span className="sr-only">Pick to compare</span>
                    </th>
                    <th>Performance</th>
                    <th>Title</th>
                    <th>Artist</th>
                    <th className="num">Year</th>
                    <th>Instrumental</th>
                    <th>Features</th>
                  </tr>
                </thead>
                <tbody ref={tbody}>
                  {res.data.performances.map((p, i) => {
                    const href = perfHref(p.dataset, p.perfId)
                    return (
                      <tr
                        key={`${p.dataset}/${p.perfId}`}
                        tabIndex={0}
                        data-testid="performance-row"
                        aria-label={`${p.title ?? p.perfId} by ${p.artist ?? 'unknown artist'}`}
                        onClick={() => navigate(href)}
                        onKeyDown={(e) => rowKeyDown(e, i, () => navigate(href))}
                      >
                        <td onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
                          <input
                            type="checkbox"
                            aria-label={`Pick ${p.perfId} to compare`}
                            data-testid="pick-performance"
                            checked={isPicked(p)}
                            disabled={!isPicked(p) && chromaOf(p.perfId).length === 0}
                            title={chromaOf(p.perfId).length === 0 ? 'No chroma feature file (hpcp, crema or cens) indexed: it cannot be compared' : undefined}
                            onChange={() => togglePick({ dataset: p.dataset, perfId: p.perfId })}
                          />
                        </td>
                        <td className="mono">
                          <a href={href} tabIndex={-1} onClick={(e) => e.stopPropagation()}>
                            {p.perfId}
                          </a>
                        </td>
                        <td className="cell-strong">{orDash(p.title)}</td>
                        <td>{orDash(p.artist)}</td>
                        <td className="num">{orDash(p.year)}</td>
                        <td>{yesNo(p.instrumental)}</td>
                        <td>
                          <FeatureChips features={p.features} />
                        </td>
                      </tr>
                    )
                  })}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </div>
  )
}
