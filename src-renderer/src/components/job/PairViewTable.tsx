// A job's pairs once per unordered pair: both directions' distances and ranks on one row, the
// distance the evaluation counts (their mean), whether the two are one work; all of them, or only
// what the threshold gets wrong (false positives, missed versions), by distance, a page at a time
// from SQLite. A row opens Compare on the pair, whose breadcrumb leads back to this row.
import { useApi } from '../../api'
import { fmtInt, fmtValue } from '../../format'
import { compareHref, hrefFor, jobCompareOptions, navigate, replaceHash, type JobPlace, type PerfRef } from '../../router'
import { useTableRows } from '../../tableRows'
import type { PairFilter, PairViewRow, ScoreJobInfo } from '../../types'
import { PerfCell, perfName } from '../RankedPairs'
import { Empty, ErrorBox, Loading } from '../common'
import { PAGE, Pager, usePaging, useShown } from './paging'
import { ReEvaluate } from './ReEvaluate'
import { SortHeader } from './SortHeader'

const FILTERS: { filter: PairFilter; label: string; count: 'all' | 'falsePositives' | 'missed'; title: string }[] = [
  { filter: 'all', label: 'All', count: 'all', title: 'Every pair the view keeps, closest first' },
  { filter: 'false-positives', label: 'False positives', count: 'falsePositives', title: 'Pairs of different works at or below the threshold' },
  { filter: 'missed', label: 'Missed versions', count: 'missed', title: 'Pairs of one work above the threshold' },
]

/** A distance of the view: null is infinitely far (never aligned by a two-stage job, or failed). */
const dist = (d: number | null) => (d === null ? '∞' : fmtValue(d))

export function PairViewTable({ rec, query, place, setPlace, version }: { rec: ScoreJobInfo; query?: PerfRef; place: JobPlace; setPlace: (place: JobPlace) => void; version: number }) {
  const { tbody, rowKeyDown } = useTableRows()
  const { offset, turn, reset, pageKey } = usePaging(tbody, place.at)
  const filter = place.filter ?? 'all'
  const order = place.order ?? 'asc'
  const res = useApi('score.pairs', { jobId: rec.jobId, filter, order, offset, limit: PAGE }, version)
  const shown = useShown(res.data, offset)
  const data = shown?.data
  const total = data?.total ?? 0
  const square = rec.against === null

  const show = (next: JobPlace) => {
    reset()
    setPlace({ view: 'pairs', filter, order, ...next })
  }
  const open = (at: number, r: PairViewRow) => {
    const here = hrefFor({ name: 'batch-job', jobId: rec.jobId, ...(query ? { query } : {}), place: { ...place, view: 'pairs', at } })
    // Back returns to this row too.
    replaceHash(here)
    navigate(compareHref(r.a, r.b, jobCompareOptions(rec.params, here)))
  }

  if (res.error && !data) return <ErrorBox title="Could not load the pairs" error={res.error} onRetry={res.reload} />
  if (!shown || !data) return <Loading label="Loading the pairs…" />
  if (!data.stored) return <ReEvaluate jobId={rec.jobId} what="its pairs with both directions" />
  const { kept } = data
  return (
    <>
      <div className="toolbar">
        <div className="segmented" role="group" aria-label="Which pairs">
          {FILTERS.map((f) => (
            <button
              key={f.filter}
              type="button"
              aria-pressed={filter === f.filter}
              disabled={f.filter !== 'all' && data.threshold === null}
              title={f.title}
              onClick={() => show({ filter: f.filter, order: 'asc' })}
              data-testid={`job-filter-${f.filter}`}
            >
              {f.label} <span className="muted">({fmtInt(data.counts[f.count])})</span>
            </button>
          ))}
        </div>
        <span className="small muted" data-testid="job-pairs-threshold">
          {data.threshold === null ? 'No threshold: evaluate the job to get one.' : <>Versions when distance ≤ <span className="mono">{fmtValue(data.threshold)}</span></>}
        </span>
      </div>
      <p className="small muted" data-testid="job-pairs-kept">
        {square ? 'Each unordered pair once; its distance is the mean of both directions, as the evaluation counts it.' : 'Each query and candidate once (this job scores one direction).'} The view keeps all{' '}
        {fmtInt(kept.versionPairs)} version pairs and{' '}
        {kept.nonVersionPairs < kept.nonVersionPairsTotal
          ? `the ${fmtInt(kept.nonVersionPairs)} closest of ${fmtInt(kept.nonVersionPairsTotal)} other pairs (to distance ${kept.farthestNonVersion === null ? '∞' : fmtValue(kept.farthestNonVersion)})`
          : `all ${fmtInt(kept.nonVersionPairs)} other pairs`}
        . A row opens Compare. <kbd>PgUp</kbd>/<kbd>PgDn</kbd> turn pages.
      </p>
      {filter === 'false-positives' && data.threshold !== null && kept.farthestNonVersion !== null && kept.nonVersionPairs < kept.nonVersionPairsTotal && kept.farthestNonVersion <= data.threshold && (
        <p className="small problem">More pairs of different works lie at or below the threshold than the view keeps: these are the closest.</p>
      )}
      {total === 0 ? (
        <Empty testId="job-pairs-empty">{filter === 'false-positives' ? 'No false positives at this threshold.' : filter === 'missed' ? 'No missed versions at this threshold.' : 'No pairs.'}</Empty>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table clickable compact" data-testid="job-pairs-table" aria-label="Unordered pairs">
              <thead>
                <tr>
                  <th>Performance a</th>
                  <th>Performance b</th>
                  <th>Same work</th>
                  <SortHeader label="Distance" active order={order} onSort={() => show({ order: order === 'asc' ? 'desc' : 'asc' })} testId="job-sort-distance" />
                  <th className="num" title="d(a, b): a as the query">d(a, b)</th>
                  <th className="num" title="Rank of b in a’s list">rank of b</th>
                  {square && (
                    <>
                      <th className="num" title="d(b, a): b as the query">d(b, a)</th>
                      <th className="num" title="Rank of a in b’s list">rank of a</th>
                    </>
                  )}
                </tr>
              </thead>
              <tbody ref={tbody} className={res.loading ? 'stale' : undefined} data-offset={shown.offset}>
                {data.rows.map((r, i) => (
                  <tr
                    key={`${r.a.dataset}/${r.a.perfId}/${r.b.dataset}/${r.b.perfId}`}
                    tabIndex={0}
                    className={r.sameWork ? 'row-same-work' : undefined}
                    data-testid="job-pair-row"
                    data-a={r.a.perfId}
                    data-b={r.b.perfId}
                    data-same-work={r.sameWork}
                    data-distance={r.distance ?? 'inf'}
                    aria-label={`${perfName(r.a)} and ${perfName(r.b)}: distance ${dist(r.distance)}${r.sameWork ? ', same work' : ''}`}
                    onClick={() => open(shown.offset + i, r)}
                    onKeyDown={(e) => rowKeyDown(e, i, () => open(shown.offset + i, r), (key) => pageKey(key, total))}
                  >
                    <td>
                      <PerfCell p={r.a} />
                    </td>
                    <td>
                      <PerfCell p={r.b} />
                    </td>
                    <td>{r.sameWork ? <span className="same-work">✓ same work</span> : <span className="muted">—</span>}</td>
                    <td className="num mono cell-strong">{dist(r.distance)}</td>
                    <td className="num mono">{dist(r.ab.distance)}</td>
                    <td className="num">{fmtInt(r.ab.rank)}</td>
                    {r.ba && (
                      <>
                        <td className="num mono">{dist(r.ba.distance)}</td>
                        <td className="num">{fmtInt(r.ba.rank)}</td>
                      </>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager offset={offset} total={total} turn={turn} testId="job-pairs-pager" totalTestId="job-pairs-total" />
        </>
      )}
      {res.error && <ErrorBox title="Refreshing the pairs failed" error={res.error} onRetry={res.reload} />}
    </>
  )
}
