// An Export menu for a job or a dataset: each entry asks the backend to write one report
// ('report.write', into the reports folder of the per-user data folder) and says where the file
// was written. In web mode the file is on the server's disk, so it is then fetched through the
// server's download route (GET /download, token in the query) and saved by the browser; the
// desktop app shows the path.
import { useRef, useState } from 'react'
import { api } from '../api'
import { download, downloadHref } from '../download'
import { describeError, type Problem } from '../errors'
import { fmtInt } from '../format'
import type { Input, Output } from '../types'
import { ErrorBox } from './common'

export type ReportFormat = Input<'report.write'>['format']

const LABELS: Record<ReportFormat, string> = {
  html: 'Report (HTML)',
  pdf: 'Report (PDF)',
  txt: 'cover_relationships.txt',
  json: 'cover_mapping.json',
  csv: 'Scored pairs (CSV)',
  items: 'Matrix rows and columns (CSV)',
  npy: 'Distance matrix (NumPy .npy)',
}

/** The formats that group a job's performances, and so take the clustering shown. */
const CLUSTERED = new Set<ReportFormat>(['txt', 'json', 'html', 'pdf'])

interface Props {
  /** A scoring job's id or a dataset's name. */
  source: string
  formats: readonly ReportFormat[]
  /** A job's grouping for its clustered formats (default: the calibrated threshold, average linkage). */
  clusters?: Pick<Input<'report.write'>, 'clusters' | 'threshold'>
  testId: string
}

export function ExportMenu({ source, formats, clusters, testId }: Props) {
  const menu = useRef<HTMLDetailsElement>(null)
  const [busy, setBusy] = useState<ReportFormat | null>(null)
  const [written, setWritten] = useState<Output<'report.write'> | null>(null)
  const [error, setError] = useState<Problem | null>(null)

  const write = async (format: ReportFormat) => {
    if (menu.current) menu.current.open = false
    setBusy(format)
    setError(null)
    setWritten(null)
    try {
      const result = await api('report.write', { source, format, ...(CLUSTERED.has(format) ? clusters : {}) })
      setWritten(result)
      download(result.path)
    } catch (err) {
      setError(describeError(err))
    } finally {
      setBusy(null)
    }
  }

  return (
    <span className="export-menu" data-testid={testId}>
      <details ref={menu}>
        <summary className="button-like" aria-disabled={busy !== null}>
          {busy ? `Writing ${LABELS[busy]}…` : 'Export ▾'}
        </summary>
        <div className="export-menu-items" role="menu">
          {formats.map((format) => (
            <button key={format} type="button" role="menuitem" disabled={busy !== null} onClick={() => void write(format)} data-testid={`${testId}-${format}`}>
              {LABELS[format]}
            </button>
          ))}
        </div>
      </details>
      {written && (
        <span className="small muted export-status" role="status" data-testid={`${testId}-written`}>
          Written to <span className="mono path">{written.path}</span>
          {written.paths.slice(1).map((path) => (
            <span key={path}>
              {' '}
              and <DownloadLink path={path} />
            </span>
          ))}{' '}
          ({fmtInt(written.bytes)} bytes{written.paths.length > 1 ? ' in all' : ''})
        </span>
      )}
      {error && <ErrorBox title="Export failed" error={error} />}
    </span>
  )
}

/** A file written beside the export: a link the browser saves it from in web mode, its path on this machine otherwise. */
export function DownloadLink({ path }: { path: string }) {
  const href = downloadHref(path)
  const name = path.split(/[\\/]/).pop() ?? path
  return href ? (
    <a href={href} download="" className="mono" title={path} data-testid="download-link">
      {name}
    </a>
  ) : (
    <span className="mono path">{path}</span>
  )
}
