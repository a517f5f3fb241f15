// "Datasets": the indexed datasets, adding a Da-TACOS-layout folder, and the indexing job shown
// as it runs (the one started here, else the newest heard of).
import { useState } from 'react'
import { api, useApi, useCancelJob } from '../api'
import { Empty, ErrorBox, Loading } from '../components/common'
import { ExportMenu } from '../components/ExportMenu'
import { JobMessages } from '../components/JobMessages'
import { describeError, type Problem } from '../errors'
import { fmtInt } from '../format'
import { hrefFor } from '../router'
import { useAppInfo } from '../state/app'
import { shownIndexJob, type IndexJob, type JobsState } from '../state/jobs'
import { jobs, useJobs } from '../state/useJobs'
import { useLibraryVersion } from '../state/library'

function JobPanel({ job, mine }: { job: IndexJob; mine: boolean }) {
  const { cancel, cancelling, cancelError } = useCancelJob('index.cancel', job.jobId)
  const { progress, report: summary } = job
  const running = job.status === 'running'
  const pct = progress && progress.total > 0 ? Math.min(100, ((progress.done + progress.fileFraction) / progress.total) * 100) : null

  return (
    <section className="card job" data-testid="index-job" aria-labelledby="job-heading" data-state={running ? 'running' : 'done'}>
      <header className="job-header">
        <h2 id="job-heading">
          {running ? 'Indexing' : job.status === 'stopped' ? 'Indexing cancelled' : 'Indexing finished'}{' '}
          <span className="muted small mono">{job.jobId}</span>
          {!mine && <span className="muted small"> (started elsewhere)</span>}
        </h2>
        {running && (
          <button type="button" className="danger" onClick={cancel} disabled={cancelling}>
            {cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        )}
      </header>
      {job.request && (
        <div className="small muted">
          {job.request.map((p) => (
            <div key={p} className="mono path">
              {p}
            </div>
          ))}
        </div>
      )}
      {cancelError && <ErrorBox title="Cancel failed" error={cancelError} />}
      {running && (
        <div className="progress-block" data-testid="index-progress">
          <progress
            aria-label="Indexing progress"
            max={progress && progress.total > 0 ? progress.total : undefined}
            value={progress && progress.total > 0 ? progress.done + progress.fileFraction : undefined}
          />
          <div className="progress-text small">
            <span className="phase">{progress ? progress.phase : 'starting'}</span>
            {progress && progress.total > 0 && (
              <span>
                {' '}
                · {fmtInt(progress.done)} / {fmtInt(progress.total)}
                {pct != null && ` (${pct.toFixed(0)}%)`}
              </span>
            )}
            {progress?.file && (
              <div className="mono path muted" title={progress.file}>
                {progress.file}
              </div>
            )}
          </div>
        </div>
      )}
      {summary && (
        <dl className="summary" data-testid="index-summary">
          <dt>Files indexed</dt>
          <dd data-testid="summary-indexed">{fmtInt(summary.filesIndexed)}</dd>
          <dt>Unchanged</dt>
          <dd>{fmtInt(summary.filesUnchanged)}</dd>
          <dt>Failed</dt>
          <dd className={summary.filesFailed ? 'problem' : undefined} data-testid="summary-failed">
            {fmtInt(summary.filesFailed)}
          </dd>
          <dt>Files seen</dt>
          <dd>{fmtInt(summary.filesSeen)}</dd>
          <dt>Works</dt>
          <dd>{fmtInt(summary.works)}</dd>
          <dt>Performances</dt>
          <dd data-testid="summary-performances">{fmtInt(summary.performances)}</dd>
          <dt>Features</dt>
          <dd>{fmtInt(summary.features)}</dd>
          <dt>Time</dt>
          <dd>{summary.seconds.toFixed(1)} s</dd>
          <dt>Cancelled</dt>
          <dd data-testid="summary-cancelled">{summary.cancelled ? 'Yes' : 'No'}</dd>
        </dl>
      )}
      <JobMessages messages={job.messages} messageCount={job.messageCount} running={running} kind="index" />
    </section>
  )
}

function AddFolder() {
  const info = useAppInfo()
  const [path, setPath] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<Problem | null>(null)
  const canPick = info.data?.canPick === true

  const start = async (p: string) => {
    setBusy(true)
    setError(null)
    try {
      await jobs.startIndexing([p])
      setPath('')
    } catch (err) {
      setError(describeError(err))
    } finally {
      setBusy(false)
    }
  }

  const pick = async () => {
    setError(null)
    try {
      const { path: picked } = await api('app.pickFolder', {})
      if (picked) await start(picked)
    } catch (err) {
      setError(describeError(err))
    }
  }

  return (
    <section className="card" aria-labelledby="add-heading">
      <h2 id="add-heading">Add dataset folder</h2>
      <p className="small muted">
        Refrain indexes every <code>*_metadata.json</code> (Da-TACOS layout: work → performance → fields) and the feature
        files below the folder (<code>…_hpcp/W_…/P_…_hpcp.h5</code>, crema, cens, mfcc, madmom, key, tags). Re-adding a
        folder only re-reads files that changed.
      </p>
      {info.loading && !info.data ? (
        <Loading />
      ) : canPick ? (
        <button type="button" className="primary" onClick={pick} disabled={busy}>
          Add dataset folder…
        </button>
      ) : (
        <form
          className="add-form"
          onSubmit={(e) => {
            e.preventDefault()
            const p = path.trim()
            if (p) void start(p)
          }}
        >
          <input
            type="text"
            aria-label="Folder path on the server"
            placeholder="/path/on/the/server/to/a/dataset/folder"
            value={path}
            spellCheck={false}
            onChange={(e) => setPath(e.target.value)}
          />
          <button type="submit" className="primary" disabled={busy || !path.trim()}>
            Add dataset folder
          </button>
        </form>
      )}
      {!canPick && info.data && (
        <p className="small muted">Web mode: type the path of a folder on the machine that runs <code>refrain serve</code>.</p>
      )}
      {error && <ErrorBox title="Could not start indexing" error={error} />}
    </section>
  )
}

const selectMine = (s: JobsState) => s.mine.index

export function DatasetsPage() {
  const datasets = useApi('library.datasets', {}, useLibraryVersion())
  const job = useJobs(shownIndexJob)
  const myJobId = useJobs(selectMine)

  return (
    <div className="page datasets-page">
      <header className="page-header">
        <h1>Datasets</h1>
      </header>
      <section className="card" aria-labelledby="ds-heading">
        <h2 id="ds-heading">Indexed datasets</h2>
        {datasets.error && !datasets.data ? (
          <ErrorBox title="Could not list datasets" error={datasets.error} onRetry={datasets.reload} />
        ) : !datasets.data ? (
          <Loading />
        ) : datasets.data.datasets.length === 0 ? (
          <Empty>No datasets indexed yet.</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="datasets-table" aria-label="Indexed datasets">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Kind</th>
                  <th>Root</th>
                  <th className="num">Works</th>
                  <th className="num">Performances</th>
                  <th className="num">With features</th>
                  <th>Ground truth</th>
                </tr>
              </thead>
              <tbody>
                {datasets.data.datasets.map((d) => (
                  <tr key={d.name} data-testid="dataset-row">
                    <td className="cell-strong">
                      <a href={hrefFor({ name: 'library', q: '', dataset: d.name })}>{d.name}</a>
                    </td>
                    <td>{d.kind}</td>
                    <td className="mono path" title={d.root}>
                      {d.root}
                    </td>
                    <td className="num">{fmtInt(d.works)}</td>
                    <td className="num">{fmtInt(d.performances)}</td>
                    <td className="num">{fmtInt(d.withFeatures)}</td>
                    <td>
                      <ExportMenu source={d.name} formats={['txt', 'json', 'html']} testId={`dataset-export-${d.name}`} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {datasets.error && datasets.data && <ErrorBox title="Refresh failed" error={datasets.error} onRetry={datasets.reload} />}
      </section>
      <AddFolder />
      {job && <JobPanel key={job.jobId} job={job} mine={job.jobId === myJobId} />}
    </div>
  )
}
