// Every query of a job with its average precision, the rank of its first version and how many
// versions it had, sorted by any of them (worst first by default), a page at a time from SQLite.
// A row opens that query's ranked list below.
import { useApi } from '../../api'
import { fmtInt } from '../../format'
import { hrefFor, navigate, replaceHash, type JobPlace, type PerfRef } from '../../router'
import { useTableRows } from '../../tableRows'
import type { QuerySort, ScoreJobInfo, SortOrder } from '../../types'
import { PerfCell, perfName } from '../RankedPairs'
import { ErrorBox, Loading } from '../common'
import { PAGE, Pager, usePaging, useShown } from './paging'
import { ReEvaluate } from './ReEvaluate'
import { SortHeader } from './SortHeader'

/** What "worst first" means for each column. */
const WORST_FIRST: Record<QuerySort, SortOrder> = { ap: 'asc', firstRank: 'desc', versions: 'desc' }

/** The sort a place names, worst first unless it says otherwise (the table and its export share it). */
export function queryOrder(place: JobPlace): { sort: QuerySort; order: SortOrder } {
  const sort = place.sort ?? 'ap'
  return { sort, order: place.order ?? WORST_FIRST[sort] }
}

export function QueryScoresTable({ rec, query, place, setPlace, version }: { rec: ScoreJobInfo; query?: PerfRef; place: JobPlace; setPlace: (place: JobPlace) => void; version: number }) {
  const { tbody, rowKeyDown } = useTableRows()
  const { offset, turn, reset, pageKey } = usePaging(tbody, place.at)
  const { sort, order } = queryOrder(place)
  const res = useApi('score.queries', { jobId: rec.jobId, sort, order, offset, limit: PAGE }, version)
  const shown = useShown(res.data, offset)
  const total = shown?.data.total ?? 0

  const sortBy = (to: QuerySort) => {
    reset()
    setPlace({ view: 'queries', sort: to, order: to === sort ? (order === 'asc' ? 'desc' : 'asc') : WORST_FIRST[to] })
  }
  const open = (at: number, perf: PerfRef) => {
    const here = { ...place, view: 'queries' as const, at }
    // Back returns to this row too.
    replaceHash(hrefFor({ name: 'batch-job', jobId: rec.jobId, ...(query ? { query } : {}), place: here }))
    navigate(hrefFor({ name: 'batch-job', jobId: rec.jobId, query: perf, place: here }))
  }

  if (res.error && !shown) return <ErrorBox title="Could not load the per-query scores" error={res.error} onRetry={res.reload} />
  if (!shown) return <Loading label="Loading the per-query scores…" />
  if (!shown.data.stored) return <ReEvaluate jobId={rec.jobId} what="per-query scores" />
  return (
    <>
      <p className="small muted">
        Each query’s average precision and the rank of its first version; queries without versions (left out of every mean) come last. A row opens its ranked list. <kbd>PgUp</kbd>/
        <kbd>PgDn</kbd> turn pages.
      </p>
      <div className="table-wrap">
        <table className="table clickable compact" data-testid="job-queries-table" aria-label="Per-query scores">
          <thead>
            <tr>
              <th className="num">#</th>
              <th>Query</th>
              <SortHeader label="Versions" active={sort === 'versions'} order={order} onSort={() => sortBy('versions')} testId="job-sort-versions" />
              <SortHeader label="Average precision" active={sort === 'ap'} order={order} onSort={() => sortBy('ap')} testId="job-sort-ap" />
              <SortHeader label="First version at rank" active={sort === 'firstRank'} order={order} onSort={() => sortBy('firstRank')} testId="job-sort-first-rank" />
            </tr>
          </thead>
          <tbody ref={tbody} className={res.loading ? 'stale' : undefined} data-offset={shown.offset}>
            {shown.data.rows.map((r, i) => {
              const perf = { dataset: r.query.dataset, perfId: r.query.perfId }
              const selected = query?.dataset === perf.dataset && query.perfId === perf.perfId
              return (
                <tr
                  key={r.index}
                  tabIndex={0}
                  className={selected ? 'row-selected' : undefined}
                  aria-current={selected ? 'true' : undefined}
                  data-testid="job-query-row"
                  data-perf={r.query.perfId}
                  data-ap={r.ap ?? ''}
                  aria-label={`${perfName(r.query)}: ${r.ap === null ? 'no versions' : `average precision ${r.ap.toFixed(3)}, first version at rank ${r.firstRank}`}`}
                  onClick={() => open(shown.offset + i, perf)}
                  onKeyDown={(e) => rowKeyDown(e, i, () => open(shown.offset + i, perf), (key) => pageKey(key, total))}
                >
                  <td className="num muted">{fmtInt(shown.offset + i + 1)}</td>
                  <td>
                    <PerfCell p={r.query} />
                  </td>
                  <td className="num">{r.versions}</td>
                  <td className="num mono" data-testid="job-query-ap">
                    {r.ap === null ? <span className="muted">—</span> : r.ap.toFixed(3)}
                  </td>
                  <td className="num">{r.firstRank ?? <span className="muted">—</span>}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
      <Pager offset={offset} total={total} turn={turn} testId="job-queries-pager" />
      {res.error && <ErrorBox title="Refreshing the per-query scores failed" error={res.error} onRetry={res.reload} />}
    </>
  )
}
