// A scoring job's ranked pairs: every query's best candidates, or one query's list, a page at a
// time, each pair opening the Compare view; the list can be saved as CSV or JSON.
import { useEffect, useState } from 'react'
import { api, useApi } from '../api'
import { describeError, type Problem } from '../errors'
import { fmtInt, fmtValue, orDash } from '../format'
import { compareHref, hrefFor, navigate, type PerfRef } from '../router'
import type { JobStatus } from '../state/jobReducer'
import type { PerformanceRow, ScoreJobInfo, ScorePair } from '../types'
import { useTableRows } from '../tableRows'
import { Empty, ErrorBox, Loading } from './common'

const PAGE = 100
/** The most `score.results` gives per call. */
const EXPORT_PAGE = 1000

const perfName = (p: PerformanceRow) => `${p.title ?? p.perfId}${p.artist ? ` — ${p.artist}` : ''}`

function PerfCell({ p }: { p: PerformanceRow }) {
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

function csvField(v: string | number | boolean | null): string {
  const s = v == null ? '' : String(v)
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

function toCsv(rows: ScorePair[]): string {
  const head = ['query_dataset', 'query_perf_id', 'query_work_id', 'query_title', 'query_artist', 'rank', 'candidate_dataset', 'candidate_perf_id', 'candidate_work_id', 'candidate_title', 'candidate_artist', 'distance', 'same_work']
  const lines = rows.map((r) =>
    [r.query.dataset, r.query.perfId, r.query.workId, r.query.title, r.query.artist, r.rank, r.candidate.dataset, r.candidate.perfId, r.candidate.workId, r.candidate.title, r.candidate.artist, r.distance, r.sameWork]
      .map(csvField)
      .join(','),
  )
  return [head.join(','), ...lines].join('\r\n') + '\r\n'
}

function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.append(a)
  a.click()
  a.remove()
  // The download has taken its copy once click() returns; the next task may free the blob.
  window.setTimeout(() => URL.revokeObjectURL(url), 0)
}

export function RankedPairs({ rec, status, query }: { rec: ScoreJobInfo; status: JobStatus; query?: PerfRef }) {
  const [offset, setOffset] = useState(0)
  const [exporting, setExporting] = useState(false)
  const [exportError, setExportError] = useState<Problem | null>(null)
  const [focusFirst, setFocusFirst] = useState(false)
  const { tbody, rowKeyDown } = useTableRows()
  const scope = { jobId: rec.jobId, ...(query ? { query } : {}) }
  const ready = status !== 'running'
  const res = useApi('score.results', ready ? { ...scope, offset, limit: PAGE } : null, rec.pairsDone)
  const total = res.data?.total ?? 0
  const rows = res.data?.rows ?? []
  const queryRow = query ? rows[0]?.query : undefined
  const compareOptions = { feature: rec.params.feature, downsample: rec.params.downsample }

  useEffect(() => {
    if (!focusFirst || res.loading) return
    setFocusFirst(false)
    tbody.current?.querySelector<HTMLTableRowElement>('tr')?.focus()
  }, [focusFirst, res.loading, tbody])

  const turn = (to: number) => {
    if (to < 0 || to >= total || to === offset) return
    setOffset(to)
    setFocusFirst(true)
  }
  const queryList = (q: PerformanceRow) => navigate(hrefFor({ name: 'batch-job', jobId: rec.jobId, query: { dataset: q.dataset, perfId: q.perfId } }))
  const allQueries = () => navigate(hrefFor({ name: 'batch-job', jobId: rec.jobId }))

  const exportAs = async (format: 'csv' | 'json') => {
    setExporting(true)
    setExportError(null)
    try {
      const all: ScorePair[] = []
      for (let at = 0; ; at += EXPORT_PAGE) {
        const page = await api('score.results', { ...scope, offset: at, limit: EXPORT_PAGE })
        all.push(...page.rows)
        if (page.rows.length < EXPORT_PAGE || all.length >= page.total) break
      }
      const name = `refrain-${rec.jobId}${query ? `-${query.perfId}` : ''}`
      if (format === 'csv') download(`${name}.csv`, 'text/csv', toCsv(all))
      else download(`${name}.json`, 'application/json', JSON.stringify({ job: { jobId: rec.jobId, source: rec.source, against: rec.against, params: rec.params }, query: query ?? null, pairs: all }, null, 1))
    } catch (err) {
      setExportError(describeError(err))
    } finally {
      setExporting(false)
    }
  }

  return (
    <section className="card" data-testid="batch-results" aria-labelledby="batch-results-heading">
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
        {ready && total > 0 && (
          <span className="export-buttons">
            <button type="button" onClick={() => void exportAs('csv')} disabled={exporting} data-testid="batch-export-csv">
              Export CSV
            </button>
            <button type="button" onClick={() => void exportAs('json')} disabled={exporting} data-testid="batch-export-json">
              Export JSON
            </button>
          </span>
        )}
      </header>
      {exportError && <ErrorBox title="Export failed" error={exportError} />}
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
              <tbody ref={tbody} className={res.loading ? 'stale' : undefined}>
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
                          if (key === 'PageDown') turn(offset + PAGE)
                          else if (key === 'PageUp') turn(offset - PAGE)
                          else if ((key === 'q' || key === 'Q') && !query) queryList(r.query)
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
          <div className="pager" data-testid="batch-pager">
            <button type="button" onClick={() => turn(offset - PAGE)} disabled={offset === 0}>
              ‹ Previous
            </button>
            <span className="small">
              {fmtInt(offset + 1)}–{fmtInt(Math.min(offset + PAGE, total))} of <span data-testid="batch-results-total">{fmtInt(total)}</span>
            </span>
            <button type="button" onClick={() => turn(offset + PAGE)} disabled={offset + PAGE >= total}>
              Next ›
            </button>
          </div>
          {res.error && <ErrorBox title="Refreshing the ranked pairs failed" error={res.error} onRetry={res.reload} />}
        </>
      )}
    </section>
  )
}
