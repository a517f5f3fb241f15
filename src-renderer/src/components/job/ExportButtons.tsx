// Export CSV / Export JSON for a job's view: the file holds what the view shows, every row of it.
import { useState } from 'react'
import { describeError, type Problem } from '../../errors'
import { ErrorBox } from '../common'
import { exportView, type ExportRequest } from './exportView'

export function ExportButtons({ request, fileName, testId }: { request: ExportRequest; fileName: string; testId: string }) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<Problem | null>(null)
  const run = async (format: 'csv' | 'json') => {
    setBusy(true)
    setError(null)
    try {
      await exportView(request, format, fileName)
    } catch (err) {
      setError(describeError(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <span className="export-buttons">
        <button type="button" onClick={() => void run('csv')} disabled={busy} data-testid={`${testId}-csv`}>
          Export CSV
        </button>
        <button type="button" onClick={() => void run('json')} disabled={busy} data-testid={`${testId}-json`}>
          Export JSON
        </button>
      </span>
      {error && <ErrorBox title="Export failed" error={error} />}
    </>
  )
}
