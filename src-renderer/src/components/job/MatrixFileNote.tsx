// Where a job's full distance matrix lies and how to load it in Python, for whatever the page does
// not show: the path, a NumPy one-liner with a Copy button, and the order of its rows and columns,
// which the items CSV (a report, written beside the backend's other reports) lists.
import { useState } from 'react'
import { api, useAction, useApi } from '../../api'
import { fmtInt } from '../../format'
import type { ScoreJobInfo } from '../../types'
import { download } from '../../download'
import { ErrorBox } from '../common'
import { DownloadLink } from '../ExportMenu'

/** The items CSV's columns, as report/job-tables.ts writes them. */
const ITEM_COLUMNS = 'axis, index, dataset, perf_id, work_id, title, artist, year, feature_file'

export function MatrixFileNote({ rec }: { rec: ScoreJobInfo }) {
  const res = useApi('score.matrix', { jobId: rec.jobId })
  const [copied, setCopied] = useState<boolean | null>(null)
  const [items, setItems] = useState<string | null>(null)
  const writeItems = useAction(async () => {
    const { path } = await api('report.write', { source: rec.jobId, format: 'items' })
    setItems(path)
    download(path)
  })
  if (res.error) return <ErrorBox title="Could not find the job’s matrix file" error={res.error} onRetry={res.reload} />
  const m = res.data
  if (!m) return null
  // A JSON string is a valid Python string literal, whatever the path holds (backslashes, quotes).
  const line = `numpy.fromfile(${JSON.stringify(m.path)}, dtype='<f4').reshape(${m.rows}, ${m.cols})`
  const copy = () => navigator.clipboard.writeText(line).then(() => setCopied(true), () => setCopied(false))
  return (
    <div className="matrix-file" data-testid="job-matrix">
      <h3>The full matrix</h3>
      {!m.exists && <p className="small problem">The file is gone (deleted or moved): only what the database keeps is shown.</p>}
      <p className="small">
        {fmtInt(m.rows)} × {fmtInt(m.cols)} float32, little-endian, row-major, no header, at <span className="mono selectable" data-testid="job-matrix-path">{m.path}</span>
      </p>
      <div className="matrix-load">
        <code className="mono selectable" data-testid="job-matrix-python">
          {line}
        </code>
        <button type="button" onClick={() => void copy()} data-testid="job-matrix-copy">
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      {copied === false && <p className="small problem">The clipboard refused: select the line and copy it.</p>}
      <p className="small muted">
        Row i is query i and column j candidate j, in the job’s item order (the order of <span className="mono">score_items.idx</span> in the library database
        {rec.against === null ? '; rows and columns are the same items' : ''}); d(i, j) has i as the query, and the diagonal of a square job is NaN. The items CSV
        names each row and column ({ITEM_COLUMNS}).{' '}
        <button type="button" onClick={() => void writeItems.run()} disabled={writeItems.busy} data-testid="job-matrix-items">
          {writeItems.busy ? 'Writing…' : 'Write the items CSV'}
        </button>
      </p>
      {items && (
        <p className="small" data-testid="job-matrix-items-path">
          Written: <DownloadLink path={items} />
        </p>
      )}
      {writeItems.error && <ErrorBox title="Could not write the items CSV" error={writeItems.error} />}
    </div>
  )
}
