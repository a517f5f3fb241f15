// One batch scoring job: its progress (Cancel, Resume, Delete), its evaluation against the works'
// ground truth, where it goes wrong (per query and per pair: JobErrors), its ranked pairs
// (RankedPairs) and its messages.
import { useEffect, useMemo, useState } from 'react'
import { api, useAction, useCancelJob } from '../api'
import { ErrorBox, Loading } from '../components/common'
import { ExportMenu } from '../components/ExportMenu'
import { JobErrors } from '../components/job/JobErrors'
import { JobMessages } from '../components/JobMessages'
import { Plot } from '../components/Plot'
import { RankedPairs } from '../components/RankedPairs'
import { StatusBadge } from '../components/StatusBadge'
import { describeError, type Problem } from '../errors'
import { fmtInt, fmtTime, fmtValue } from '../format'
import { hrefFor, navigate, type PerfRef } from '../router'
import type { JobStatus } from '../state/jobReducer'
import { scorePairs, type ScoreJob } from '../state/jobs'
import { jobs, useScoreJob } from '../state/useJobs'
import type { ScoreJobInfo } from '../types'
import { distanceDistributionSpec, rocSpec } from '../../../src-shared/plots/specs'

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
        {job.status === 'done' && rec.against === null && (
          <a className="button-link" href={hrefFor({ name: 'clusters', jobId: job.jobId })} data-testid="batch-clusters">
            Clusters
          </a>
        )}
        {job.status === 'done' && (
          <ExportMenu
            source={job.jobId}
            // A job against another set has no one set of performances to cluster.
            formats={rec.against === null ? ['html', 'pdf', 'txt', 'json', 'csv', 'items', 'npy'] : ['html', 'pdf', 'csv', 'items', 'npy']}
            testId="job-export-menu"
          />
        )}
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
          {rec.label}
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

/** The two distance distributions with the threshold, and the ROC curve, as the job's evaluation saved them. */
function EvaluationPlots({ rec }: { rec: ScoreJobInfo }) {
  const ev = rec.evaluation
  const threshold = rec.threshold
  const stem = `refrain-${rec.jobId.slice(0, 8)}`
  const distributions = useMemo(
    () => (ev?.histogram ? distanceDistributionSpec(ev.histogram, threshold ? { value: threshold.value, rule: threshold.rule === 'eer' ? 'EER' : 'max F1' } : null, `${rec.label} on ${rec.source}: version and non-version pair distances`) : null),
    [ev, threshold, rec.label, rec.source],
  )
  const roc = useMemo(() => (ev?.roc ? rocSpec(ev.roc, ev.auc, ev.eer) : null), [ev])
  if (!distributions && !roc) return <p className="small muted">This evaluation was saved before plots existed: Evaluate again to draw them.</p>
  return (
    <div className="plots">
      {distributions && <Plot spec={distributions} fileName={`${stem}-distances`} testId="plot-distances" label="Distance distributions of version and non-version pairs" />}
      {roc && <Plot spec={roc} fileName={`${stem}-roc`} testId="plot-roc" label="ROC curve" />}
    </div>
  )
}

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
            {ev.stage1Recall != null && (
              <>
                <dt title="Two-stage: the mean share of each query’s versions that were aligned — on its embedding shortlist, or with the query on theirs (bounds what the re-rank can find)">Stage-1 recall@K</dt>
                <dd data-testid="batch-stage1-recall">{ev.stage1Recall.toFixed(3)}</dd>
              </>
            )}
            <dt>Version pairs</dt>
            <dd>{fmtInt(ev.versionPairs)}</dd>
            <dt>Other pairs</dt>
            <dd>{fmtInt(ev.nonVersionPairs)}</dd>
          </dl>
          {ev.undefinedReason && <p className="small problem">{ev.undefinedReason}</p>}
          <EvaluationPlots rec={rec} />
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
          {job.status === 'done' && <JobErrors rec={rec} {...(query ? { query } : {})} />}
          <RankedPairs key={query ? `${query.dataset}/${query.perfId}` : ''} rec={rec} status={job.status} {...(query ? { query } : {})} />
          <section className="card">
            <JobMessages messages={job.messages} messageCount={job.messageCount} running={job.status === 'running'} kind="score" />
          </section>
        </>
      )}
    </div>
  )
}
