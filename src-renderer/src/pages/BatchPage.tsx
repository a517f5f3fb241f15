// "Batch": score every performance of a dataset (or a folder, indexed first) against every other
// with DTW, Qmax or Dmax, and the list of jobs so far. A job's own page (BatchJobPage) follows
// its progress and shows its evaluation and ranked pairs.
import { useRef, useState } from 'react'
import { api, useApi } from '../api'
import { Empty, ErrorBox, Loading } from '../components/common'
import { STATUS_TITLES, StatusBadge } from '../components/StatusBadge'
import { describeError, type Problem } from '../errors'
import { CHROMA_KINDS } from '../chroma'
import { fmtCount, fmtInt } from '../format'
import { hrefFor, navigate } from '../router'
import { AlignmentFields } from '../components/AlignmentFields'
import { alignmentTexts, METHOD_TITLES, parseAlignment, parseInteger, type AlignmentKey } from '../scoreParams'
import { useAppInfo } from '../state/app'
import { scorePairs, type JobsState } from '../state/jobs'
import { jobs, useJobs, useScoreJobList } from '../state/useJobs'
import { useLibraryVersion } from '../state/library'
import type { ChromaKind, Output, ScoreMethod } from '../types'
import { useTableRows } from '../tableRows'
import { featureShortage } from '../featureShortage'


/** The form waits for the backend's methods, defaults and ranges, the one place they are defined. */
function NewJob() {
  const parameters = useApi('score.parameters', {})
  if (parameters.error) return <ErrorBox error={parameters.error} title="The scoring parameters could not be loaded" />
  if (!parameters.data) return <Loading />
  return <NewJobForm parameters={parameters.data} />
}

function NewJobForm({ parameters }: { parameters: Output<'score.parameters'> }) {
  const { defaults, limits } = parameters
  const info = useAppInfo()
  const datasets = useApi('library.datasets', {}, useLibraryVersion())
  const [sourceKind, setSourceKind] = useState<'dataset' | 'folder'>('dataset')
  const [dataset, setDataset] = useState('')
  const [folder, setFolder] = useState('')
  const [against, setAgainst] = useState('')
  const [method, setMethod] = useState<ScoreMethod>(parameters.defaultMethod)
  const [feature, setFeature] = useState<ChromaKind>(defaults.feature)
  const [downsample, setDownsample] = useState(String(defaults.downsample))
  const [downsampleMethod, setDownsampleMethod] = useState(defaults.downsampleMethod)
  const [keyShift, setKeyShift] = useState(defaults.keyShift)
  const [band, setBand] = useState(defaults.band === null ? '' : String(defaults.band))
  const [k, setK] = useState(String(defaults.k))
  const [rerank, setRerank] = useState(defaults.rerank)
  const [model, setModel] = useState('')
  const [alignment, setAlignment] = useState(() => alignmentTexts(defaults))
  const [workers, setWorkers] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<Problem | null>(null)
  const folderInput = useRef<HTMLInputElement>(null)
  const canPick = info.data?.canPick === true
  const twoStage = method === 'two-stage'
  const embeds = twoStage || method === 'embedding'
  const models = useApi('models.list', {})
  const activeModel = models.data?.models.find((m) => m.active)
  // DTW's own settings apply to two-stage too when it re-ranks with DTW.
  const isDtw = method === 'dtw' || (twoStage && rerank === 'dtw')
  // So do Qmax's and Dmax's when it re-ranks with either.
  const recurrence = method === 'qmax' || method === 'dmax' || (twoStage && rerank !== 'dtw')

  const source = sourceKind === 'dataset' ? dataset : folder.trim()
  const downsampleValue = parseInteger(downsample, limits.downsample.min, limits.downsample.max, 'Downsampling')
  const bandValue = band.trim() === '' ? null : parseInteger(band, limits.band.min, limits.band.max, 'The band')
  const workersValue = workers.trim() === '' ? null : parseInteger(workers, limits.workers.min, limits.workers.max, 'Workers')
  const kValue = parseInteger(k, limits.k.min, limits.k.max, 'K')
  const aligned = parseAlignment(alignment, limits)
  const problems = [downsampleValue, isDtw ? bandValue : null, workersValue, twoStage ? kValue : null, ...(recurrence ? aligned.problems : [])].filter(
    (v): v is string => typeof v === 'string',
  )
  const chosen = datasets.data?.datasets.find((d) => d.name === dataset)
  // The features the job reads: the model's for the embedding, the form's for an alignment (two-stage: both).
  const modelFeature = models.data?.models.find((m) => (model ? m.path === model : m.active))?.card.feature ?? feature
  const readFeatures = method === 'embedding' ? [modelFeature] : twoStage ? [modelFeature, feature] : [feature]
  const shortage = sourceKind === 'dataset' ? featureShortage(chosen, datasets.data?.datasets.find((d) => d.name === against), readFeatures) : null

  const start = async () => {
    if (!source || problems.length > 0 || typeof downsampleValue !== 'number') return
    setBusy(true)
    setError(null)
    try {
      const jobId = await jobs.startScore({
        source,
        ...(against ? { against } : {}),
        params: {
          method,
          feature,
          downsample: downsampleValue,
          downsampleMethod,
          keyShift,
          band: typeof bandValue === 'number' ? bandValue : null,
          ...(twoStage && typeof kValue === 'number' ? { k: kValue, rerank } : {}),
          ...(embeds && model ? { model } : {}),
          ...(recurrence ? aligned.values : {}),
        },
        ...(typeof workersValue === 'number' ? { workers: workersValue } : {}),
      })
      navigate(hrefFor({ name: 'batch-job', jobId }))
    } catch (err) {
      setError(describeError(err))
      setBusy(false)
    }
  }

  const pick = async () => {
    setError(null)
    try {
      const { path } = await api('app.pickFolder', {})
      if (path) {
        setFolder(path)
        setSourceKind('folder')
      }
    } catch (err) {
      setError(describeError(err))
    }
  }

  return (
    <section className="card" aria-labelledby="batch-new-heading">
      <h2 id="batch-new-heading">New scoring job</h2>
      <p className="small muted">
        Every performance of the source is compared with every other (or with every performance of a second dataset), and
        each query's candidates are ranked by distance. A folder is indexed first when it holds a Da-TACOS-layout dataset,
        or imported when it holds audio. A stopped job can be resumed where it stopped.
      </p>
      <form
        className="import-form"
        data-testid="batch-form"
        onSubmit={(e) => {
          e.preventDefault()
          void start()
        }}
      >
        <fieldset className="field-group">
          <legend className="field-label">Source</legend>
          <label className="choice">
            <input type="radio" name="batch-source" checked={sourceKind === 'dataset'} onChange={() => setSourceKind('dataset')} />
            Dataset
          </label>
          <select
            aria-label="Source dataset"
            data-testid="batch-dataset"
            value={dataset}
            onChange={(e) => {
              setDataset(e.target.value)
              setSourceKind('dataset')
            }}
          >
            <option value="">{datasets.data ? 'choose a dataset…' : datasets.error ? 'datasets unavailable' : 'loading…'}</option>
            {datasets.data?.datasets.map((d) => (
              <option key={d.name} value={d.name}>
                {d.name} ({fmtInt(d.performances)} performances)
              </option>
            ))}
          </select>
          {sourceKind === 'dataset' && chosen && (
            <span className="small muted">{fmtCount(chosen.withFeatures, 'performance')} with features</span>
          )}
          <label className="choice">
            <input
              type="radio"
              name="batch-source"
              checked={sourceKind === 'folder'}
              onChange={() => {
                setSourceKind('folder')
                folderInput.current?.focus()
              }}
            />
            Folder
          </label>
          <input
            ref={folderInput}
            type="text"
            className="mono"
            aria-label={info.data?.door === 'web' ? 'Folder path on the server' : 'Folder path'}
            placeholder="/path/to/a/dataset/or/audio/folder"
            spellCheck={false}
            data-testid="batch-folder"
            value={folder}
            onFocus={() => setSourceKind('folder')}
            onChange={(e) => {
              setFolder(e.target.value)
              setSourceKind('folder')
            }}
          />
          {canPick && (
            <button type="button" onClick={() => void pick()}>
              Choose folder…
            </button>
          )}
        </fieldset>
        {shortage && (
          <div className="problem small" role="alert" data-testid="batch-source-shortage">
            {shortage}
          </div>
        )}
        {datasets.error && <ErrorBox title="Could not list datasets" error={datasets.error} onRetry={datasets.reload} />}
        <label className="field">
          <span className="field-label">Against</span>
          <select value={against} onChange={(e) => setAgainst(e.target.value)} data-testid="batch-against">
            <option value="">the source itself (every performance against every other)</option>
            {datasets.data?.datasets.map((d) => (
              <option key={d.name} value={d.name}>
                candidates from {d.name}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="field-group">
          <legend className="field-label">Method</legend>
          {parameters.methods.map((m) => (
            <label key={m} className="choice" title={METHOD_TITLES[m].title}>
              <input type="radio" name="batch-method" value={m} checked={method === m} onChange={() => setMethod(m)} data-testid={`batch-method-${m}`} />
              {METHOD_TITLES[m].label}
            </label>
          ))}
          <span className="small muted">{METHOD_TITLES[method].title}</span>
        </fieldset>
        <div className="batch-params">
          <label className="field">
            <span className="field-label">Feature</span>
            <select value={feature} onChange={(e) => setFeature(e.target.value as ChromaKind)} data-testid="batch-feature">
              {CHROMA_KINDS.map((f) => (
                <option key={f} value={f}>
                  {f}
                </option>
              ))}
            </select>
          </label>
          <label className="field" title="Frames averaged into one; Da-TACOS has 86.13 frames per second">
            <span className="field-label">Downsample (frames)</span>
            <input type="number" min={limits.downsample.min} max={limits.downsample.max} value={downsample} onChange={(e) => setDownsample(e.target.value)} data-testid="batch-downsample" />
          </label>
          <label className="field">
            <span className="field-label">Downsample by</span>
            <select value={downsampleMethod} onChange={(e) => setDownsampleMethod(e.target.value as 'mean' | 'median')}>
              <option value="mean">mean</option>
              <option value="median">median</option>
            </select>
          </label>
          <label className="field" title={isDtw ? undefined : 'DTW only'}>
            <span className="field-label">Key shift (DTW)</span>
            <select value={keyShift} disabled={!isDtw} onChange={(e) => setKeyShift(e.target.value as 'oti' | 'all')}>
              <option value="oti">global OTI</option>
              <option value="all">all 12 (12× the work)</option>
            </select>
          </label>
          <label className="field" title={isDtw ? 'Sakoe–Chiba radius in downsampled frames' : 'DTW only'}>
            <span className="field-label">Band (DTW)</span>
            <input type="number" min={limits.band.min} max={limits.band.max} placeholder="none" value={band} disabled={!isDtw} onChange={(e) => setBand(e.target.value)} />
            <span className="field-hint">
              default none · {limits.band.min}–{limits.band.max}
            </span>
          </label>
          <AlignmentFields
            texts={alignment}
            onChange={(key: AlignmentKey, text: string) => setAlignment((a) => ({ ...a, [key]: text }))}
            limits={limits}
            defaults={defaults}
            disabledBecause={recurrence ? undefined : 'Qmax and Dmax only'}
            testPrefix="batch"
          />
          <label className="field" title={embeds ? 'The embedding model; default: the one in use (Models page)' : 'Embedding and two-stage only'}>
            <span className="field-label">Model</span>
            <select value={model} disabled={!embeds} onChange={(e) => setModel(e.target.value)} data-testid="batch-model">
              <option value="">in use{activeModel ? ` (${activeModel.name})` : ''}</option>
              {models.data?.models
                .filter((m) => !m.active)
                .map((m) => (
                  <option key={m.path} value={m.path}>
                    {m.name} ({m.source})
                  </option>
                ))}
            </select>
          </label>
          <label className="field" title={twoStage ? 'Each query’s nearest candidates by embedding that are aligned again' : 'Two-stage only'}>
            <span className="field-label">K (two-stage)</span>
            <input type="number" min={limits.k.min} max={limits.k.max} value={k} disabled={!twoStage} onChange={(e) => setK(e.target.value)} data-testid="batch-k" />
          </label>
          <label className="field" title={twoStage ? 'The alignment that re-ranks each shortlist' : 'Two-stage only'}>
            <span className="field-label">Re-rank by (two-stage)</span>
            <select value={rerank} disabled={!twoStage} onChange={(e) => setRerank(e.target.value as typeof rerank)} data-testid="batch-rerank">
              <option value="qmax">Qmax</option>
              <option value="dmax">Dmax</option>
              <option value="dtw">DTW</option>
            </select>
          </label>
          <label className="field" title="Worker threads; default: one per core">
            <span className="field-label">Workers</span>
            <input type="number" min={limits.workers.min} max={limits.workers.max} placeholder="auto" value={workers} onChange={(e) => setWorkers(e.target.value)} />
          </label>
        </div>
        {problems.length > 0 && (
          <div className="problem small" role="alert" data-testid="batch-form-problem">
            {problems.join(' ')}
          </div>
        )}
        <div>
          <button type="submit" className="primary" disabled={busy || !source || problems.length > 0 || shortage !== null} data-testid="batch-start">
            {busy ? 'Starting…' : 'Start scoring'}
          </button>
        </div>
      </form>
      {error && <ErrorBox title="Could not start the job" error={error} />}
    </section>
  )
}

function fmtCreated(iso: string): string {
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString()
}

const selectScoreList = (s: JobsState) => s.scoreList

function JobList() {
  const list = useScoreJobList()
  const { loaded: scoreJobsLoaded, error: scoreJobsError } = useJobs(selectScoreList)
  const { tbody, rowKeyDown } = useTableRows()

  return (
    <section className="card" aria-labelledby="batch-jobs-heading">
      <h2 id="batch-jobs-heading">Jobs</h2>
      {scoreJobsError && !scoreJobsLoaded ? (
        <ErrorBox title="Could not list the jobs" error={scoreJobsError} onRetry={jobs.reloadScoreJobs} />
      ) : !scoreJobsLoaded && list.length === 0 ? (
        <Loading label="Loading jobs…" />
      ) : list.length === 0 ? (
        <Empty testId="batch-jobs-empty">No scoring jobs yet.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table clickable" data-testid="batch-jobs" aria-label="Scoring jobs">
            <thead>
              <tr>
                <th>Created</th>
                <th>Source</th>
                <th>Parameters</th>
                <th>Status</th>
                <th className="num">Pairs</th>
                <th className="num">MAP</th>
                <th className="num">Time</th>
              </tr>
            </thead>
            <tbody ref={tbody}>
              {list.map((job, i) => {
                const href = hrefFor({ name: 'batch-job', jobId: job.jobId })
                const { done, total } = scorePairs(job)
                const rec = job.report
                return (
                  <tr
                    key={job.jobId}
                    tabIndex={0}
                    data-testid="batch-job-row"
                    data-job={job.jobId}
                    aria-label={`Job ${job.jobId}: ${rec ? `${rec.source}, ${rec.label}` : 'starting'}, ${STATUS_TITLES[job.status]}`}
                    onClick={() => navigate(href)}
                    onKeyDown={(e) => rowKeyDown(e, i, () => navigate(href))}
                  >
                    <td className="mono">
                      <a href={href} tabIndex={-1} onClick={(e) => e.stopPropagation()}>
                        {rec ? fmtCreated(rec.createdAt) : job.jobId}
                      </a>
                    </td>
                    <td className="cell-strong">
                      {rec ? rec.source : '…'}
                      {rec?.against && <span className="muted"> against {rec.against}</span>}
                    </td>
                    <td className="mono">{rec ? rec.label : '…'}</td>
                    <td>
                      <StatusBadge status={job.status} />
                    </td>
                    <td className="num">
                      {fmtInt(done)} / {fmtInt(total)}
                      {total > 0 && done < total && <span className="muted"> ({((done / total) * 100).toFixed(0)}%)</span>}
                    </td>
                    <td className="num" data-testid="batch-job-map">
                      {rec?.evaluation ? rec.evaluation.map.toFixed(3) : '—'}
                    </td>
                    <td className="num">{rec ? `${rec.seconds.toFixed(1)} s` : '—'}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      {scoreJobsError && scoreJobsLoaded && <ErrorBox title="Refreshing the jobs failed" error={scoreJobsError} onRetry={jobs.reloadScoreJobs} />}
    </section>
  )
}

export function BatchPage() {
  return (
    <div className="page batch-page">
      <header className="page-header">
        <h1>Batch scoring</h1>
      </header>
      <NewJob />
      <JobList />
    </div>
  )
}
