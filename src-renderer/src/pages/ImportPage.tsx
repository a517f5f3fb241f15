// "Import audio": a folder of recordings becomes a Da-TACOS-style dataset (metadata, HPCP, audio
// links) that is then indexed. In Electron a folder can be dropped here (the preload turns the
// dropped File into its path). In web mode a dropped folder (or loose files) is uploaded to the
// server first (PUT /upload/…) and the uploaded folder imported; a path on the server also works.
// Below, the history of imports into this library, newest first, as the backend keeps it.
import { Fragment, useEffect, useRef, useState, type DragEvent } from 'react'
import { api, useApi, useCancelJob } from '../api'
import { getBridge } from '../bridge'
import { Empty, ErrorBox, Loading } from '../components/common'
import { JobMessages } from '../components/JobMessages'
import { takeDrop, uploadPlan, type DroppedFile } from '../dropFiles'
import { describeError, type Problem } from '../errors'
import { fmtDuration, fmtInt } from '../format'
import { hrefFor } from '../router'
import { useAppInfo } from '../state/app'
import { useLibraryVersion } from '../state/library'
import { shownImportJob, type ImportJob, type JobsState } from '../state/jobs'
import { jobs, useJobs } from '../state/useJobs'
import type { ImportRecord } from '../types'

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

const fmtMB = (bytes: number) => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`

interface UploadState {
  files: number
  /** Files finished. */
  done: number
  sent: number
  total: number
  file: string
}

function UploadProgress({ upload, onCancel }: { upload: UploadState; onCancel: () => void }) {
  return (
    <section className="card job" data-testid="upload" aria-labelledby="upload-heading">
      <header className="job-header">
        <h2 id="upload-heading">Uploading to the server</h2>
        <button type="button" className="danger" onClick={onCancel} data-testid="upload-cancel">
          Cancel
        </button>
      </header>
      <div className="progress-block" data-testid="upload-progress">
        <progress aria-label="Upload progress" max={1} value={upload.total > 0 ? upload.sent / upload.total : 0} />
        <div className="progress-text small">
          <span data-testid="upload-text">
            uploading {fmtInt(Math.min(upload.done + 1, upload.files))} of {fmtInt(upload.files)} {upload.files === 1 ? 'file' : 'files'},{' '}
            {fmtMB(upload.sent)} of {fmtMB(upload.total)}
          </span>
          <div className="mono path muted" title={upload.file}>
            {upload.file}
          </div>
        </div>
      </div>
    </section>
  )
}

function ImportJobPanel({ job, mine }: { job: ImportJob; mine: boolean }) {
  const { cancel, cancelling, cancelError } = useCancelJob('import.cancel', job.jobId)
  const { progress, report: summary } = job
  const running = job.status === 'running'
  const out = summary?.out ?? job.request?.out
  const fraction = progress && progress.total > 0 ? Math.min(1, (progress.done + progress.fileFraction) / progress.total) : null
  const usable = summary && !summary.cancelled && summary.imported + summary.skipped > 0

  return (
    <section className="card job" data-testid="import-job" aria-labelledby="import-job-heading" data-state={running ? 'running' : 'done'}>
      <header className="job-header">
        <h2 id="import-job-heading">
          {running ? 'Importing' : job.status === 'stopped' ? 'Import cancelled' : 'Import finished'}{' '}
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
        {job.request && (
          <div>
            from <span className="mono path">{job.request.folder}</span>
          </div>
        )}
        {out && (
          <div>
            into <span className="mono path" data-testid="import-out">{out}</span>
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
      <JobMessages messages={job.messages} messageCount={job.messageCount} running={running} kind="import" />
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

const STATUS_CLASS: Record<ImportRecord['status'], string> = { running: 'running', done: 'done', cancelled: 'stopped', failed: 'failed', interrupted: 'stopped' }

function fmtWhen(iso: string): string {
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString()
}

function took(record: ImportRecord): string {
  if (!record.finishedAt) return '—'
  return fmtDuration((Date.parse(record.finishedAt) - Date.parse(record.startedAt)) / 1000)
}

/** An ended import's per-file warnings and errors, as the backend kept them. */
function ImportMessages({ jobId }: { jobId: string }) {
  const res = useApi('import.messages', { jobId })
  if (res.error) return <ErrorBox title="Could not read the import's messages" error={res.error} onRetry={res.reload} />
  if (!res.data) return <Loading label="Reading its messages…" />
  return <JobMessages messages={res.data.messages} messageCount={res.data.messages.length} running={false} kind="import-history" />
}

/** The imports run on this library, newest first; refreshed as one starts and when the library changes (one ended). */
function ImportHistory({ current }: { current: string | undefined }) {
  const [open, setOpen] = useState<string | null>(null)
  const history = useApi('import.history', {}, useLibraryVersion())
  const { reload } = history
  useEffect(() => {
    if (current) reload()
  }, [current, reload])
  const rows = history.data?.imports ?? []
  return (
    <section className="card" aria-labelledby="import-history-heading">
      <h2 id="import-history-heading">Imports</h2>
      {history.error && !history.data ? (
        <ErrorBox title="Could not list the imports" error={history.error} onRetry={reload} />
      ) : !history.data ? (
        <Loading label="Loading imports…" />
      ) : rows.length === 0 ? (
        <Empty testId="import-history-empty">No imports yet.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table compact" data-testid="import-history" aria-label="Imports">
            <thead>
              <tr>
                <th>Started</th>
                <th>Folder</th>
                <th>Dataset</th>
                <th>Status</th>
                <th className="num">Imported</th>
                <th className="num">Already</th>
                <th className="num">Failed</th>
                <th className="num">Audio</th>
                <th className="num">Took</th>
                <th>
                  <span className="sr-only">Messages</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <Fragment key={r.jobId}>
                  <tr data-testid="import-history-row" data-job={r.jobId} title={r.problem ?? undefined}>
                    <td className="mono">{fmtWhen(r.startedAt)}</td>
                    <td className="mono path" title={r.folder}>
                      {r.folder}
                    </td>
                    <td title={r.out}>
                      <a href={hrefFor({ name: 'library', q: '', dataset: r.dataset })}>{r.dataset}</a>
                    </td>
                    <td>
                      <span className={`status status-${STATUS_CLASS[r.status]}`} data-testid="import-history-status" data-status={r.status}>
                        {r.status}
                      </span>
                    </td>
                    <td className="num">{fmtInt(r.imported)}</td>
                    <td className="num">{fmtInt(r.skipped)}</td>
                    <td className={`num${r.failed ? ' problem' : ''}`}>{fmtInt(r.failed)}</td>
                    <td className="num">{fmtDuration(r.audioSeconds)}</td>
                    <td className="num">{took(r)}</td>
                    <td>
                      {r.status !== 'running' && (
                        <button
                          type="button"
                          className="small"
                          aria-expanded={open === r.jobId}
                          onClick={() => setOpen(open === r.jobId ? null : r.jobId)}
                          data-testid="import-history-messages-toggle"
                        >
                          {open === r.jobId ? 'Hide messages' : 'Messages'}
                        </button>
                      )}
                    </td>
                  </tr>
                  {open === r.jobId && (
                    <tr>
                      <td colSpan={10}>
                        <ImportMessages jobId={r.jobId} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

const selectMine = (s: JobsState) => s.mine.import

export function ImportPage() {
  const info = useAppInfo()
  const job = useJobs(shownImportJob)
  const myImportId = useJobs(selectMine)
  const [folder, setFolder] = useState('')
  const [out, setOut] = useState('')
  const [worksCsv, setWorksCsv] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<Problem | null>(null)
  const [dragging, setDragging] = useState(false)
  const [upload, setUpload] = useState<UploadState | null>(null)
  const uploadAbort = useRef<AbortController | null>(null)
  const bridge = getBridge()
  const canDrop = Boolean(bridge.pathForFile)
  const canUpload = !canDrop && Boolean(bridge.uploadFolder)
  const canPick = info.data?.canPick === true
  const running = job?.status === 'running'

  const start = async (given?: string) => {
    const f = (given ?? folder).trim()
    if (!f) return
    setBusy(true)
    setError(null)
    try {
      await jobs.startImport({ folder: f, ...(out.trim() ? { out: out.trim() } : {}), ...(worksCsv.trim() ? { worksCsv: worksCsv.trim() } : {}) })
    } catch (err) {
      setError(describeError(err))
    } finally {
      setBusy(false)
    }
  }

  /** Web mode: the dropped files go to the server, then the folder they landed in is imported. */
  const uploadAndImport = async (read: () => Promise<DroppedFile[]>) => {
    const upload = bridge.uploadFolder
    if (!upload) return
    setError(null)
    if (running || busy || uploadAbort.current) {
      setError(describeError('Wait for the running import or upload to finish (or cancel it) before dropping more.'))
      return
    }
    const abort = new AbortController()
    uploadAbort.current = abort
    setBusy(true)
    try {
      const dropped = await read()
      const files = uploadPlan(dropped)
      if (files.length === 0) {
        throw new Error(
          dropped.length === 0
            ? 'Nothing to import was dropped: drop a folder of audio files, or audio files (an empty folder has nothing to send).'
            : `Nothing audio-like was dropped: none of the ${fmtInt(dropped.length)} ${dropped.length === 1 ? 'file' : 'files'} is WAV, FLAC, MP3, Ogg/Opus, AAC/M4A, AIFF or WebM/Matroska.`,
        )
      }
      const total = files.reduce((sum, f) => sum + f.file.size, 0)
      setUpload({ files: files.length, done: 0, sent: 0, total, file: files[0]!.relativePath })
      // The bridge reports before and after each file: a second report for the same file means it is in.
      let done = 0
      let last = ''
      const serverFolder = await upload.call(
        bridge,
        files,
        (sent, totalBytes, file) => {
          if (file === last) done++
          last = file
          setUpload({ files: files.length, done, sent, total: totalBytes, file })
        },
        abort.signal,
      )
      setUpload(null)
      setFolder(serverFolder)
      uploadAbort.current = null
      setBusy(false)
      await start(serverFolder)
    } catch (err) {
      setUpload(null)
      if (abort.signal.aborted) setError(describeError('The upload was cancelled; nothing was imported.'))
      else setError(describeError(err))
    } finally {
      if (uploadAbort.current === abort) uploadAbort.current = null
      setBusy(false)
    }
  }

  const cancelUpload = () => uploadAbort.current?.abort()

  const pick = async (set: (path: string) => void) => {
    setError(null)
    try {
      const { path } = await api('app.pickFolder', {})
      if (path) set(path)
    } catch (err) {
      setError(describeError(err))
    }
  }

  const onDrop = (e: DragEvent) => {
    e.preventDefault()
    setDragging(false)
    const path = pathOfDrop(e)
    if (path) setFolder(path)
    else setError(describeError('Drop a folder from your file manager.'))
  }

  // Web mode: the whole page takes the drop (a drop beside the zone must not open the file in the tab).
  const webDrop = canUpload
    ? {
        onDragOver: (e: DragEvent) => {
          if (!Array.from(e.dataTransfer.types).includes('Files')) return
          e.preventDefault()
          e.dataTransfer.dropEffect = 'copy'
          setDragging(true)
        },
        onDragLeave: (e: DragEvent) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false)
        },
        onDrop: (e: DragEvent) => {
          e.preventDefault()
          setDragging(false)
          void uploadAndImport(takeDrop(e.dataTransfer))
        },
      }
    : {}

  return (
    <div className="page import-page" {...webDrop}>
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
            {canUpload && (
              <div className={`drop-zone${dragging ? ' drop-zone-active' : ''}`} data-testid="import-drop">
                Drop a folder of audio here, or type a folder path on the server
                <div className="small muted">
                  The files are uploaded to Refrain's data folder on the server, then imported. Each sub-folder of the dropped
                  folder is a work; loose files are works of their own.
                </div>
              </div>
            )}
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
              <button type="submit" className="primary" disabled={busy || running || upload !== null || !folder.trim()} data-testid="import-start">
                {running ? 'Importing…' : 'Import'}
              </button>
            </div>
          </form>
        )}
        {!canDrop && info.data && (
          <p className="small muted" data-testid="import-web-note">
            Web mode: a dropped folder is uploaded to the machine that runs <code>refrain serve</code> and imported from
            there; a folder already on that machine can be imported by typing its path. The works CSV and output folder are
            paths on that machine.
          </p>
        )}
        {error && <ErrorBox title="Could not start the import" error={error} />}
      </section>
      {upload && <UploadProgress upload={upload} onCancel={cancelUpload} />}
      {job && <ImportJobPanel key={job.jobId} job={job} mine={job.jobId === myImportId} />}
      <ImportHistory current={job?.jobId} />
    </div>
  )
}
