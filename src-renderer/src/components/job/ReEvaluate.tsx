// What a view says for a job evaluated before it kept per-query scores and pairs: evaluate it again.
import { useAction } from '../../api'
import { jobs } from '../../state/useJobs'
import { ErrorBox } from '../common'

export function ReEvaluate({ jobId, what }: { jobId: string; what: string }) {
  // The job's record refreshes with the new evaluation, and the views reload with it.
  const { run, busy, error } = useAction(() => jobs.evaluateScore(jobId))
  return (
    <div className="state state-empty" data-testid="job-reevaluate">
      <p className="small">This job was evaluated before Refrain kept {what}: re-evaluate to see them.</p>
      <button type="button" className="primary" onClick={() => void run()} disabled={busy} data-testid="job-evaluate">
        {busy ? 'Evaluating…' : 'Evaluate'}
      </button>
      {error && <ErrorBox title="Could not evaluate the job" error={error} />}
    </div>
  )
}
