// A scoring job's ranked pairs: every query's best candidates, or one query's list, a page at a
// time, each pair opening the Compare view (which links back to the job); the list can be saved as
// CSV or JSON.
import { useEffect, useRef } from 'react'
import { useApi } from '../api'
import { fmtValue, orDash } from '../format'
import { compareHref, hrefFor, jobCompareOptions, navigate, parseHash, type PerfRef } from '../router'
import type { JobStatus } from '../state/jobReducer'
import type { PerformanceRow, ScoreJobInfo } from '../types'
import { useTableRows } from '../tableRows'
import { Empty, ErrorBox, Loading } from './common'
import { ExportButtons } from './job/ExportButtons'
import { PAGE, Pager, usePaging } from './job/paging'

export const perfName = (p: PerformanceRow) => `${p.title ?? p.perfId}${p.artist ? ` — ${p.artist}` : ''}`

export function PerfCell({ p }: { p: PerformanceRow }) {
  return (
    <>
      <span className="cell-strong">{orDash(p.title)}</span>
      {p.artist && <span className="muted"> — {p.artist}</span>}
      <div className="small muted mono">
        {p.dataset}/{p.perfId}
      </div>
    </>
  )
}

export function RankedPairs({ rec, status, query }: { rec: ScoreJobInfo; status: JobStatus; query?: PerfRef }) {
  const { tbody, rowKeyDown } = useTableRows()
  const section = useRef<HTMLElement>(null)
  const scope = { jobId: rec.jobId, ...(query ? { query } : {}) }
  const ready = status !== 'running'
  const { offset, turn, pageKey } = usePaging(tbody)
  const res = useApi('score.results', ready ? { ...scope, offset, limit: PAGE } : null, rec.pairsDone)
  const total = res.data?.total ?? 0
  const rows = res.data?.rows ?? []
  const queryRow = query ? rows[0]?.query : undefined
  const compareOptions = jobCompareOptions(rec.params, hrefFor({ name: 'batch-job', jobId: rec.jobId, ...(query ? { query } : {}) }))

  // A query's list is opened from the per-query table above: bring it into view.
  useEffect(() => {
    if (query) section.current?.scrollIntoView({ block: 'start' })
  }, [query])

  // The job page's views keep their place in the address: going to a query's list and back keeps it.
  const here = () => {
    const route = parseHash(window.location.hash)
    return route.name === 'batch-job' && route.place ? { place: route.place } : {}
  }
  const queryList = (q: PerformanceRow) => navigate(hrefFor({ name: 'batch-job', jobId: rec.jobId, query: { dataset: q.dataset, perfId: q.perfId }, ...here() }))
  const allQueries = () => navigate(hrefFor({ name: 'batch-job', jobId: rec.jobId, ...here() }))

  return (
    <section className="card" data-testid="batch-results" aria-labelledby="batch-results-heading" ref={section}>
      <header className="job-header">
        <h2 id="batch-results-heading">
          {query ? (
            <>
              Ranked list of <span data-testid="batch-query-title">{queryRow ? perfName(queryRow) : query.perfId}</span>
            </>
          ) : (
            'Ranked pairs'
          )}
        </h2>
        {query && (
          <button type="button" onClick={allQueries} data-testid="batch-all-queries">
            All queries
          </button>
        )}
        {ready && total > 0 && <ExportButtons request={{ view: 'ranked', ...scope }} fileName={`refrain-${rec.jobId}${query ? `-${query.perfId}` : ''}`} testId="batch-export" />}
      </header>
      {!ready ? (
        <p className="small muted">The ranked pairs appear when the job finishes or is stopped.</p>
      ) : res.error && !res.data ? (
        <ErrorBox title="Could not load the ranked pairs" error={res.error} onRetry={res.reload} />
      ) : !res.data ? (
        <Loading label="Loading ranked pairs…" />
      ) : total === 0 ? (
        <Empty testId="batch-results-empty">{query ? 'This query has no scored candidates.' : 'No pairs were scored.'}</Empty>
      ) : (
        <>
          <p className="small muted">
            {query
              ? 'This query’s candidates, closest first.'
              : 'Every query’s best candidates, closest pairs first; the rank is the candidate’s place in its query’s list.'}{' '}
            <kbd>↑</kbd>/<kbd>↓</kbd> move, <kbd>Enter</kbd> compares the pair, {!query && (<><kbd>Q</kbd> shows the query’s list, </>)}
            {query && (<><kbd>Esc</kbd> goes back to all queries, </>)}
            <kbd>PgUp</kbd>/<kbd>PgDn</kbd> turn pages.
          </p>
          <div className="table-wrap">
            <table className="table clickable compact" data-testid="batch-pairs-table" aria-label="Ranked pairs">
              <thead>
                <tr>
                  {!query && <th>Query</th>}
                  <th className="num">Rank</th>
                  <th>Candidate</th>
                  <th className="num">Distance</th>
                  <th>Same work</th>
                </tr>
              </thead>
              <tbody ref={tbody} className={res.loading ? 'stale' : undefined} data-offset={offset}>
                {rows.map((r, i) => {
                  const href = compareHref(r.query, r.candidate, compareOptions)
                  return (
                    <tr
                      key={`${r.query.dataset}/${r.query.perfId}/${r.candidate.dataset}/${r.candidate.perfId}`}
                      tabIndex={0}
                      className={r.sameWork ? 'row-same-work' : undefined}
                      data-testid="batch-pair"
                      data-query={r.query.perfId}
                      data-candidate={r.candidate.perfId}
                      data-same-work={r.sameWork}
                      aria-label={`${perfName(r.query)} and ${perfName(r.candidate)}: rank ${r.rank}, distance ${r.distance == null ? 'not scored' : fmtValue(r.distance)}${r.sameWork ? ', same work' : ''}`}
                      onClick={() => navigate(href)}
                      onKeyDown={(e) =>
                        rowKeyDown(e, i, () => navigate(href), (key) => {
                          if (pageKey(key, total)) return true
                          if ((key === 'q' || key === 'Q') && !query) queryList(r.query)
                          else if (key === 'Escape' && query) allQueries()
                          else return false
                          return true
                        })
                      }
                    >
                      {!query && (
                        <td>
                          <a
                            href={hrefFor({ name: 'batch-job', jobId: rec.jobId, query: { dataset: r.query.dataset, perfId: r.query.perfId } })}
                            tabIndex={-1}
                            title="This query’s ranked list"
                            onClick={(e) => e.stopPropagation()}
                            data-testid="batch-query-link"
                          >
                            <PerfCell p={r.query} />
                          </a>
                        </td>
                      )}
                      <td className="num">{r.rank}</td>
                      <td>
                        <a href={href} tabIndex={-1} onClick={(e) => e.stopPropagation()}>
                          <PerfCell p={r.candidate} />
                        </a>
                      </td>
                      <td className="num mono" data-testid="batch-distance">
                        {r.distance == null ? <span className="problem">not scored</span> : fmtValue(r.distance)}
                      </td>
                      <td>{r.sameWork ? <span className="same-work">✓ same work</span> : <span className="muted">—</span>}</td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
          <Pager offset={offset} total={total} turn={turn} testId="batch-pager" totalTestId="batch-results-total" />
          {res.error && <ErrorBox title="Refreshing the ranked pairs failed" error={res.error} onRetry={res.reload} />}
        </>
      )}
    </section>
  )
}
