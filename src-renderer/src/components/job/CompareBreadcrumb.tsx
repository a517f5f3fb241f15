// Compare's breadcrumb: "Library › Compare", or, opened from a scoring job's page, "Batch › <job> ›
// Compare" with the job linking back to the page and the row it was opened from.
import { useApi } from '../../api'
import { hrefFor, parseHash, useRoute } from '../../router'

export function CompareBreadcrumb() {
  const { route } = useRoute()
  const from = route.name === 'compare' ? route.from : undefined
  const back = from ? parseHash(from) : null
  const jobId = back?.name === 'batch-job' ? back.jobId : null
  const job = useApi('score.job', jobId ? { jobId } : null)
  return (
    <nav className="breadcrumb" aria-label="Breadcrumb" data-testid="compare-breadcrumb">
      {from && jobId ? (
        <>
          <a href={hrefFor({ name: 'batch' })}>Batch</a> <span aria-hidden="true">›</span>{' '}
          <a href={from} data-testid="compare-back-to-job">
            {job.data ? `${job.data.label} on ${job.data.source}` : `job ${jobId.slice(0, 8)}`}
          </a>{' '}
          <span aria-hidden="true">›</span> Compare
        </>
      ) : (
        <>
          <a href={hrefFor({ name: 'library', q: '', dataset: '' })}>Library</a> <span aria-hidden="true">›</span> Compare
        </>
      )}
    </nav>
  )
}
