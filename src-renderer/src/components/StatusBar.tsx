// The window's footer: the database and version, the event connection, and a link to each kind of
// job while one runs. Each job link reads its own slice of the jobs store, so one job's progress
// re-renders only its link.
import { fmtInt } from '../format'
import { hrefFor } from '../router'
import { useAppInfo, useConnection } from '../state/app'
import { scorePairs } from '../state/jobs'
import { useRunningImportJob, useRunningIndexJob, useRunningScoreJob } from '../state/useJobs'

const CONNECTION_LABELS = { open: 'live', connecting: 'connecting…', unavailable: 'unavailable', closed: 'reconnecting…' } as const

function IndexingLink() {
  const job = useRunningIndexJob()
  if (!job) return null
  const { progress } = job
  return (
    <a className="status-job" href={hrefFor({ name: 'datasets' })} data-testid="status-job">
      indexing {progress?.phase ?? '…'}
      {progress && progress.total > 0 && ` ${fmtInt(progress.done)}/${fmtInt(progress.total)}`}
    </a>
  )
}

function ImportingLink() {
  const job = useRunningImportJob()
  if (!job) return null
  const { progress } = job
  return (
    <a className="status-job" href={hrefFor({ name: 'import' })} data-testid="status-import">
      importing audio
      {progress && progress.total > 0 && ` ${fmtInt(progress.done)}/${fmtInt(progress.total)}`}
    </a>
  )
}

function ScoringLink() {
  const job = useRunningScoreJob()
  if (!job) return null
  const scored = scorePairs(job)
  return (
    <a className="status-job" href={hrefFor({ name: 'batch-job', jobId: job.jobId })} data-testid="status-score">
      scoring{job.report && ` ${job.report.params.method}`}
      {scored.total > 0 && ` ${fmtInt(scored.done)}/${fmtInt(scored.total)} pairs`}
    </a>
  )
}

export function StatusBar() {
  const info = useAppInfo()
  const connection = useConnection()
  return (
    <footer className="statusbar" data-testid="statusbar">
      {info.data ? (
        <>
          <span title="Database file">
            db <span className="mono" data-testid="db-path">{info.data.dbPath}</span>
          </span>
          <span>v{info.data.version}</span>
          <span>{info.data.door === 'electron' ? 'desktop' : 'web mode'}</span>
        </>
      ) : info.error ? (
        <span className="problem" role="alert">
          backend: {info.error.message}
        </span>
      ) : (
        <span>connecting…</span>
      )}
      <span className={`conn conn-${connection}`} title="Live updates from the backend">
        events: {CONNECTION_LABELS[connection]}
      </span>
      <IndexingLink />
      <ImportingLink />
      <ScoringLink />
    </footer>
  )
}
