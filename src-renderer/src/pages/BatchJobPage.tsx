// One batch scoring job: its progress (Cancel, Resume), its evaluation against the works'
// ground truth, and its ranked pairs (every query's best candidates, or one query's list), each
// pair opening the Compare view; the shown list can be saved as CSV or JSON.
import { useEffect, useState } from 'react'
import { api, useAction, useApi, useCancelJob } from '../api'
import { Empty, ErrorBox, Loading } from '../components/common'
import { JobMessages } from '../components/JobMessages'
import { StatusBadge } from '../components/StatusBadge'
import { describeError, type Problem } from '../errors'
import { fmtInt, fmtTime, fmtValue, orDash } from '../format'
import { compareHref, hrefFor, navigate, type PerfRef } from '../router'
import { describeParams } from '../scoreParams'
import type { JobStatus } from '../state/jobReducer'
import { scorePairs, type ScoreJob } from '../state/jobs'
import { jobs, useScoreJob } from '../state/useJobs'
import type { PerformanceRow, ScoreJobInfo, ScorePair } from '../types'
import { useTableRows } from '../tableRows'

const PAGE = 100
/** The most `score.results` gives per call. */
const EXPORT_PAGE = 1000

const HEADINGS: Record<JobStatus, string> = {
  running: 'Scoring',
  stopped: 'Scoring stopped',
  done: 'Scoring finished',
  failed: 'Scoring failed',
}

/** Its own component so that its "Cancelling…" state ends with the run, not carried into a resumed one. */
function CancelButton({ jobId }: { jobId: string }) {
  const { cancel, cancelling, cancelError } = useCancelJob('score.cancel', jobId)
  return (
    <>
      <button type="button" className="danger" onClick={cancel} disabled={cancelling} data-testid="batch-cancel">
        {cancelling ? 'Cancelling…' : 'Cancel'}
      </button>
      {cancelError && <ErrorBox title="Cancel failed" error={cancelError} />}
    </>
  )
}

function ResumeButton({ jobId }: { jobId: string }) {
  const { run: resume, busy, error } = useAction(() => jobs.resumeScore(jobId))
  return (
    <>
      <button type="button" className="primary" onClick={() => void resume()} disabled={busy} data-testid="batch-resume">
        {busy ? 'Resuming…' : 'Resume'}
      </button>
      {error && <ErrorBox title="Could not resume the job" error={error} />}
    </>
  )
}

function DeleteButton({ jobId }: { jobId: string }) {
  const { run, busy, error } = useAction(async () => {
    await api('score.delete', { jobId })
    navigate(hrefFor({ name: 'batch' }))
  })
  const remove = () => {
    if (window.confirm(`Delete job ${jobId.slice(0, 8)} and its distance matrix? This cannot be undone.`)) void run()
  }
  return (
    <>
      <button type="button" onClick={remove} disabled={busy} data-testid="batch-delete">
        {busy ? 'Deleting…' : 'Delete'}
      </button>
      {error && <ErrorBox title="Could not delete the job" error={error} />}
    </>
  )
}

function JobPanel({ job, rec }: { job: ScoreJob; rec: ScoreJobInfo }) {
  const { done, total } = scorePairs(job)
  const running = job.status === 'running'
  const progress = running ? job.progress : null
  return (
    <section className="card job" data-testid="batch-job" data-state={job.status} aria-labelledby="batch-job-heading">
      <header className="job-header">
        <h2 id="batch-job-heading">
          {HEADINGS[job.status]} <span className="muted small mono">{job.jobId}</span>
        </h2>
        {running && <CancelButton jobId={job.jobId} />}
        {job.status === 'stopped' && <ResumeButton jobId={job.jobId} />}
        {!running && <DeleteButton jobId={job.jobId} />}
      </header>
      {running && (
        <div className="progress-block" data-testid="batch-progress">
          <progress aria-label="Scoring progress" max={total > 0 ? total : undefined} value={total > 0 ? done : undefined} />
          <div className="progress-text small" data-testid="batch-progress-text">
            {total > 0 ? (
              <span>
                {fmtInt(done)} / {fmtInt(total)} pairs ({((done / total) * 100).toFixed(0)}%)
              </span>
            ) : (
              <span className="phase">preparing (reading or indexing the source)…</span>
            )}
            {progress && progress.pairsPerSec > 0 && <span> · {progress.pairsPerSec.toFixed(progress.pairsPerSec < 10 ? 1 : 0)} pairs/s</span>}
            {progress && progress.etaSec != null && <span> · about {fmtTime(progress.etaSec)} left</span>}
          </div>
        </div>
      )}
      {job.status === 'stopped' && (
        <p className="small muted" data-testid="batch-stopped-note">
          Stopped after {fmtInt(done)} of {fmtInt(total)} pairs. Resume goes on from there; the pairs scored are kept.
        </p>
      )}
      {job.status === 'failed' && (
        <p className="small problem" role="alert">
          The job could not start or go on; its messages below say why.
        </p>
      )}
      <dl className="summary" data-testid="batch-summary">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={job.status} />
        </dd>
        <dt>Source</dt>
        <dd className="mono" data-testid="batch-source">
          {rec.source}
        </dd>
        <dt>Against</dt>
        <dd className="mono">{rec.against ?? 'itself'}</dd>
        <dt>Parameters</dt>
        <dd className="mono" data-testid="batch-params">
          {describeParams(rec.params)}
        </dd>
        <dt>Queries</dt>
        <dd>{fmtInt(rec.queries)}</dd>
        <dt>Candidates</dt>
        <dd>{fmtInt(rec.candidates)}</dd>
        <dt>Pairs</dt>
        <dd data-testid="batch-pairs">
          {fmtInt(done)} / {fmtInt(total)}
        </dd>
        <dt>Failed pairs</dt>
        <dd className={rec.pairsFailed ? 'problem' : undefined}>{fmtInt(rec.pairsFailed)}</dd>
        <dt>Skipped items</dt>
        <dd className={rec.itemsSkipped ? 'problem' : undefined}>{fmtInt(rec.itemsSkipped)}</dd>
        {!running && (
          <>
            <dt>Time</dt>
            <dd>{rec.seconds.toFixed(1)} s</dd>
          </>
        )}
        <dt>Created</dt>
        <dd>{new Date(rec.createdAt).toLocaleString()}</dd>
      </dl>
    </section>
  )
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`

function Evaluation({ job, rec }: { job: ScoreJob; rec: ScoreJobInfo }) {
  const { run: evaluate, busy, error } = useAction(() => jobs.evaluateScore(job.jobId))
  const ev = rec.evaluation
  return (
    <section className="card" data-testid="batch-evaluation" aria-labelledby="batch-eval-heading">
      <header className="job-header">
        <h2 id="batch-eval-heading">Evaluation</h2>
        {job.status === 'done' && !ev && (
          <button type="button" className="primary" onClick={() => void evaluate()} disabled={busy} data-testid="batch-evaluate">
            {busy ? 'Evaluating…' : 'Evaluate'}
          </button>
        )}
      </header>
      {!ev ? (
        <p className="small muted">
          {job.status === 'done'
            ? 'Not evaluated yet: Evaluate ranks every query against the works’ ground truth (Da-TACOS protocol).'
            : 'A job is evaluated once every pair is scored.'}
        </p>
      ) : (
        <>
          <dl className="summary" data-testid="batch-metrics">
            <dt title="Mean average precision">MAP</dt>
            <dd data-testid="batch-map">{ev.map.toFixed(3)}</dd>
            <dt title="Mean reciprocal rank of the first version">MRR</dt>
            <dd>{ev.mrr.toFixed(3)}</dd>
            <dt title="Mean rank of the first version (1 is best)">MR1</dt>
            <dd>{ev.mr1.toFixed(2)}</dd>
            <dt title="Mean precision among the first 10 candidates">P@10</dt>
            <dd>{ev.pAt10.toFixed(3)}</dd>
            <dt title="Queries whose first candidate is a version">Top-1</dt>
            <dd>
              {fmtInt(ev.top1)} / {fmtInt(ev.queries)}
            </dd>
            <dt title="Queries with a version among their first 10 candidates">Top-10</dt>
            <dd>
              {fmtInt(ev.top10)} / {fmtInt(ev.queries)}
            </dd>
            <dt title="Area under the ROC curve of version vs non-version pairs by distance">ROC AUC</dt>
            <dd>{ev.auc == null ? '—' : ev.auc.toFixed(3)}</dd>
            <dt title="Equal error rate, and the distance threshold where it holds">EER</dt>
            <dd>{ev.eer ? `${pct(ev.eer.rate)} at distance ≤ ${fmtValue(ev.eer.threshold)}` : '—'}</dd>
            <dt title="Best F1 of the rule “versions when distance ≤ threshold”">max F1</dt>
            <dd>
              {ev.maxF1.f1.toFixed(3)} at ≤ {fmtValue(ev.maxF1.threshold)} (P {ev.maxF1.precision.toFixed(3)}, R {ev.maxF1.recall.toFixed(3)})
            </dd>
            <dt>Queries</dt>
            <dd data-testid="batch-eval-queries">
              {fmtInt(ev.queries)}
              {ev.excluded > 0 && <span className="muted"> ({fmtInt(ev.excluded)} excluded: no other version in the set)</span>}
            </dd>
            <dt>Version pairs</dt>
            <dd>{fmtInt(ev.versionPairs)}</dd>
            <dt>Other pairs</dt>
            <dd>{fmtInt(ev.nonVersionPairs)}</dd>
          </dl>
          {ev.undefinedReason && <p className="small problem">{ev.undefinedReason}</p>}
        </>
      )}
      {rec.threshold && (
        <p className="small" data-testid="batch-threshold">
          Decision threshold: <b>versions</b> when distance ≤ <span className="mono">{fmtValue(rec.threshold.value)}</span> (
          {rec.threshold.rule === 'eer' ? 'EER' : 'max F1'}) — <span className="muted">{rec.threshold.origin}</span>
        </p>
      )}
      {error && <ErrorBox title="Could not evaluate the job" error={error} />}
    </section>
  )
}

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

function Results({ rec, status, query }: { rec: ScoreJobInfo; status: JobStatus; query?: PerfRef }) {
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

export function BatchJobPage({ jobId, query }: { jobId: string; query?: PerfRef }) {
  const job = useScoreJob(jobId)
  const [loadError, setLoadError] = useState<Problem | null>(null)
  const [attempt, setAttempt] = useState(0)
  const rec = job?.report

  useEffect(() => {
    setLoadError(null)
    jobs.refreshScoreJob(jobId).catch((err: unknown) => setLoadError(describeError(err)))
  }, [jobId, attempt])

  return (
    <div className="page batch-job-page">
      <div className="breadcrumb">
        <a href={hrefFor({ name: 'batch' })}>Batch</a> › job <span className="mono">{jobId}</span>
      </div>
      {!job || !rec ? (
        loadError ? (
          <ErrorBox
            title={loadError.code === 'not-found' ? `No scoring job “${jobId}”` : 'Could not load the job'}
            error={loadError}
            onRetry={() => setAttempt((n) => n + 1)}
          />
        ) : (
          <Loading label="Loading the job…" />
        )
      ) : (
        <>
          <JobPanel job={job} rec={rec} />
          <Evaluation job={job} rec={rec} />
          <Results key={query ? `${query.dataset}/${query.perfId}` : ''} rec={rec} status={job.status} {...(query ? { query } : {})} />
          <section className="card">
            <JobMessages messages={job.messages} messageCount={job.messageCount} running={job.status === 'running'} kind="score" />
          </section>
        </>
      )}
    </div>
  )
}
