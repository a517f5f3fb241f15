// Finding a finished job's mistakes without a notebook: every query's scores (worst first) or every
// pair with both directions (all, false positives, missed versions), each exportable as shown, and
// where the full matrix lies. The view, its sort and filter and the row last opened live in the
// address, so Back and Compare's breadcrumb return to the same row.
import { useEffect, useRef, useState } from 'react'
import { hrefFor, parseHash, replaceHash, type JobPlace, type PerfRef } from '../../router'
import type { ScoreJobInfo } from '../../types'
import { ExportButtons } from './ExportButtons'
import { MatrixFileNote } from './MatrixFileNote'
import { PairViewTable } from './PairViewTable'
import { queryOrder, QueryScoresTable } from './QueryScoresTable'

/** The place the address names when the page opens. */
function placeInAddress(): JobPlace {
  const route = parseHash(window.location.hash)
  return route.name === 'batch-job' ? (route.place ?? {}) : {}
}

export function JobErrors({ rec, query }: { rec: ScoreJobInfo; query?: PerfRef }) {
  const [place, setPlace] = useState(placeInAddress)
  const view = place.view ?? 'queries'
  // A new evaluation (Evaluate here, or the job evaluated elsewhere) reloads the views.
  const [version, setVersion] = useState(0)
  const evaluation = useRef(rec.evaluation)
  useEffect(() => {
    if (evaluation.current === rec.evaluation) return
    evaluation.current = rec.evaluation
    setVersion((v) => v + 1)
  }, [rec.evaluation])

  useEffect(() => {
    replaceHash(hrefFor({ name: 'batch-job', jobId: rec.jobId, ...(query ? { query } : {}), place }))
  }, [rec.jobId, query, place])

  // What the table shows, every row of it.
  const { sort, order } = queryOrder(place)
  const filter = place.filter ?? 'all'
  const exportRequest = view === 'queries' ? { view, jobId: rec.jobId, sort, order } : { view, jobId: rec.jobId, filter, order: place.order ?? 'asc' }
  const fileName = `refrain-${rec.jobId.slice(0, 8)}-${view === 'queries' ? `queries-by-${sort}` : `pairs-${filter}`}`

  return (
    <section className="card" data-testid="job-errors" aria-labelledby="job-errors-heading">
      <header className="job-header">
        <h2 id="job-errors-heading">Find the mistakes</h2>
        <div className="segmented" role="group" aria-label="View">
          <button type="button" aria-pressed={view === 'queries'} onClick={() => setPlace({ view: 'queries' })} data-testid="job-view-queries">
            Per query
          </button>
          <button type="button" aria-pressed={view === 'pairs'} onClick={() => setPlace({ view: 'pairs' })} data-testid="job-view-pairs">
            Pairs
          </button>
        </div>
        {rec.evaluation && <ExportButtons request={exportRequest} fileName={fileName} testId="job-export" />}
      </header>
      {!rec.evaluation ? (
        <p className="small muted">Evaluate the job (above) to see each query’s scores and the pairs its threshold gets wrong.</p>
      ) : view === 'queries' ? (
        <QueryScoresTable rec={rec} {...(query ? { query } : {})} place={place} setPlace={setPlace} version={version} />
      ) : (
        <PairViewTable rec={rec} {...(query ? { query } : {})} place={place} setPlace={setPlace} version={version} />
      )}
      <MatrixFileNote rec={rec} />
    </section>
  )
}
