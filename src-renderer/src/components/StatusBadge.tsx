// A job's status as a coloured word: running, stopped, done or failed (the Batch list and a job's page).
import type { JobStatus } from '../state/jobReducer'

export const STATUS_TITLES: Record<JobStatus, string> = {
  running: 'Running',
  stopped: 'Stopped',
  done: 'Done',
  failed: 'Failed',
}

export function StatusBadge({ status }: { status: JobStatus }) {
  return (
    <span className={`status status-${status}`} data-testid="batch-status" data-status={status}>
      {STATUS_TITLES[status]}
    </span>
  )
}
