// "Import audio": a folder of recordings becomes a Da-TACOS-style dataset (metadata, HPCP, audio
// links) that is then indexed. In Electron a folder can be dropped here (the preload turns the
// dropped File into its path); in web mode the folder is a path on the machine that serves.
import { useState, type DragEvent } from 'react'
import { api } from '../api'
import { getBridge } from '../bridge'
import { ErrorBox, Loading } from '../components/common'
import { fmtDuration, fmtInt } from '../format'
import { hrefFor } from '../router'
import { latestImport, MAX_KEPT_MESSAGES, useStore, type ImportJobState } from '../store'

function pathOfDrop(e: DragEvent): string | null {
  const bridge = getBridge()
  const file = e.dataTransfer.files[0]
  if (!file || !bridge.pathForFile) return null
  try {
    return bridge.pathForFile(file) || null
  } catch {
    return null
  }
}

function ImportJob({ job, mine }: { job: ImportJobState; mine: boolean }) {
  const [cancelling, setCancelling] = useState(false)
  const [cancelError, setCancelError] = useState<Error | null>(null)
  const { progress, summary } = job
  const running = !summary
  const fraction = progress && progress.total > 0 ? Math.min(1, (progress.done + progress.fileFraction) / progress.total) : null
  const errors = job.messages.filter((m) => m.level === 'error').length
  const warnings = job.messages.length - errors
  const usable = summary && !summary.cancelled && summary.imported + summary.skipped > 0

  const cancel = async () => {
    setCancelling(true)
    setCancelError(null)
    try {
      await api('import.cancel', { jobId: job.jobId })
    } catch (err) {
      setCancelError(err instanceof Error ? err : new Error(String(err)))
      setCancelling(false)
    }
  }

  return (
    <section className="card job" data-testid="import-job" aria-labelledby="import-job-heading" data-state={running ? 'running' : 'done'}>
      <header className="job-header">
        <h2 id="import-job-heading">
          {running ? 'Importing' : summary!.cancelled ? 'Import cancelled' : 'Import finished'}{' '}
          <span className="muted small mono">{job.jobId}</span>
          {!mine && <span className="muted small"> (started elsewhere)</span>}
        </h2>
        {running && (
          <button type="button" className="danger" onClick={cancel} disabled={cancelling} data-testid="import-cancel">
            {cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        )}
      </header>
      <div className="small muted">
        {job.folder && (
          <div>
            from <span className="mono path">{job.folder}</span>
          </div>
        )}
        {job.out && (
          <div>
            into <span className="mono path" data-testid="import-out">{job.out}</span>
          </div>
        )}
      </div>
      {cancelError && <ErrorBox title="Cancel failed" error={cancelError} />}
      {running && (
        <div className="progress-block" data-testid="import-progress">
          <progress aria-label="Import progress" max={1} value={fraction ?? undefined} />
          <div className="progress-text small">
            {progress && progress.total > 0 ? (
              <span>
                {fmtInt(progress.done)} / {fmtInt(progress.total)} files ({((fraction ?? 0) * 100).toFixed(0)}%)
              </span>
            ) : (
              <span className="phase">finding audio files…</span>
            )}
            {progress?.file && (
              <div className="mono path muted" title={progress.file} data-testid="import-current-file">
                {progress.file}
                {progress.fileFraction > 0 && ` · ${(progress.fileFraction * 100).toFixed(0)}%`}
              </div>
            )}
          </div>
        </div>
      )}
      {summary && (
        <>
          <dl className="summary" data-testid="import-summary">
            <dt>Imported</dt>
            <dd data-testid="import-imported">{fmtInt(summary.imported)}</dd>
            <dt>Already imported</dt>
            <dd>{fmtInt(summary.skipped)}</dd>
            <dt>Failed</dt>
            <dd className={summary.failed ? 'problem' : undefined} data-testid="import-failed">
              {fmtInt(summary.failed)}
            </dd>
            <dt>Files seen</dt>
            <dd>{fmtInt(summary.filesSeen)}</dd>
            <dt>Audio</dt>
            <dd>{fmtDuration(summary.audioSeconds)}</dd>
            <dt>Time</dt>
            <dd>{summary.seconds.toFixed(1)} s</dd>
            <dt>Cancelled</dt>
            <dd data-testid="import-cancelled">{summary.cancelled ? 'Yes' : 'No'}</dd>
          </dl>
          {usable ? (
            <p>
              <a className="button-link" href={hrefFor({ name: 'library', q: '', dataset: summary.dataset })} data-testid="import-dataset-link">
                Open dataset “{summary.dataset}” in the Library
              </a>
            </p>
          ) : summary.cancelled ? (
            <p className="small muted">What was finished is kept; start the same import again to do the rest.</p>
          ) : null}
        </>
      )}
      <div className="messages" data-testid="import-messages">
        <h3>
          Messages{' '}
          <span className="muted small">
            {errors} {errors === 1 ? 'error' : 'errors'}, {warnings} {warnings === 1 ? 'warning' : 'warnings'}
          </span>
        </h3>
        {job.messages.length === 0 ? (
          <div className="muted small">{running ? 'None so far.' : 'No warnings or errors.'}</div>
        ) : (
          <ul className="message-list" aria-live="polite">
            {job.messages.map((m, i) => (
              <li key={i} className={`message message-${m.level}`} data-testid="import-message" data-level={m.level}>
                <span className={`level level-${m.level}`}>{m.level}</span>
                <span className="mono path" title={m.file}>
                  {m.file}
                </span>
                <span className="message-text">{m.message}</span>
              </li>
            ))}
          </ul>
        )}
        {job.messageCount > job.messages.length && (
          <div className="small muted">
            … and {fmtInt(job.messageCount - job.messages.length)} more (only the first {fmtInt(MAX_KEPT_MESSAGES)} are kept here).
          </div>
        )}
      </div>
    </section>
  )
}

function PathField({ label, value, onChange, placeholder, testId }: { label: string; value: string; onChange: (v: string) => void; placeholder: string; testId: string }) {
  const canDrop = Boolean(getBridge().pathForFile)
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <input
        type="text"
        value={value}
        placeholder={placeholder}
        spellCheck={false}
        data-testid={testId}
        onChange={(e) => onChange(e.target.value)}
        onDragOver={canDrop ? (e) => e.preventDefault() : undefined}
        onDrop={
          canDrop
            ? (e) => {
                const path = pathOfDrop(e)
                if (path) {
                  e.preventDefault()
                  onChange(path)
                }
              }
            : undefined
        }
      />
    </label>
  )
}

export function ImportPage() {
  const { info, imports, myImportId, startImport } = useStore()
  const [folder, setFolder] = useState('')
  const [out, setOut] = useState('')
  const [worksCsv, setWorksCsv] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<Error | null>(null)
  const [dragging, setDragging] = useState(false)
  const canDrop = Boolean(getBridge().pathForFile)
  const canPick = info.data?.canPickFolder === true
  const job = (myImportId && imports[myImportId]) || latestImport(imports)
  const running = job !== null && !job.summary

  const start = async () => {
    const f = folder.trim()
    if (!f) return
    setBusy(true)
    setError(null)
    try {
      await startImport({ folder: f, ...(out.trim() ? { out: out.trim() } : {}), ...(worksCsv.trim() ? { worksCsv: worksCsv.trim() } : {}) })
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)))
    } finally {
      setBusy(false)
    }
  }

  const pick = async (set: (path: string) => void) => {
    setError(null)
    try {
      const { path } = await api('app.pickFolder', {})
      if (path) set(path)
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)))
    }
  }

  const onDrop = (e: DragEvent) => {
    e.preventDefault()
    setDragging(false)
    const path = pathOfDrop(e)
    if (path) setFolder(path)
    else setError(new Error('Drop a folder from your file manager.'))
  }

  return (
    <div className="page import-page">
      <header className="page-header">
        <h1>Import audio</h1>
      </header>
      <section className="card" aria-labelledby="import-heading">
        <h2 id="import-heading">Audio folder</h2>
        <p className="small muted">
          Refrain decodes every audio file in the folder (WAV, FLAC, MP3, Ogg Vorbis/Opus), extracts its HPCP chromagram,
          and writes a dataset in the Da-TACOS layout (<code>…_metadata.json</code>, <code>…_hpcp/</code>, and{' '}
          <code>…_audio/</code> links to your files) which it then indexes. Put the versions of each work in a sub-folder
          named after the work, or give a works CSV (file, work). Importing the same folder again does only what changed.
        </p>
        {info.loading && !info.data ? (
          <Loading />
        ) : (
          <form
            className="import-form"
            onSubmit={(e) => {
              e.preventDefault()
              void start()
            }}
          >
            {canDrop && (
              <div
                className={`drop-zone${dragging ? ' drop-zone-active' : ''}`}
                data-testid="import-drop"
                onDragOver={(e) => {
                  e.preventDefault()
                  setDragging(true)
                }}
                onDragLeave={() => setDragging(false)}
                onDrop={onDrop}
              >
                Drop an audio folder here
                {canPick && (
                  <>
                    {' '}
                    or{' '}
                    <button type="button" onClick={() => void pick(setFolder)}>
                      Choose folder…
                    </button>
                  </>
                )}
              </div>
            )}
            <PathField
              label={canDrop ? 'Audio folder' : 'Audio folder (a path on the server)'}
              value={folder}
              onChange={setFolder}
              placeholder="/path/to/recordings"
              testId="import-folder"
            />
            <PathField
              label="Output folder (optional)"
              value={out}
              onChange={setOut}
              placeholder="default: imports/<folder name> in Refrain's data folder"
              testId="import-outdir"
            />
            <PathField label="Works CSV (optional)" value={worksCsv} onChange={setWorksCsv} placeholder="/path/to/works.csv" testId="import-csv" />
            <div>
              <button type="submit" className="primary" disabled={busy || running || !folder.trim()} data-testid="import-start">
                {running ? 'Importing…' : 'Import'}
              </button>
            </div>
          </form>
        )}
        {!canDrop && info.data && (
          <p className="small muted" data-testid="import-web-note">
            Web mode: type the path of a folder on the machine that runs <code>refrain serve</code>; the browser cannot tell
            the server where a dropped folder lies. The Electron app takes a dropped folder.
          </p>
        )}
        {error && <ErrorBox title="Could not start the import" error={error} />}
      </section>
      {job && <ImportJob key={job.jobId} job={job} mine={job.jobId === myImportId} />}
    </div>
  )
}
