// "Train a model": the form (dataset, validation dataset, loss, epochs), and while a model trains
// its live curve of loss and validation MAP per epoch (the shared plot, exportable as SVG/PNG),
// the epochs as a table for reading exact figures, and Cancel, which keeps the best epoch.
import { useMemo, useState } from 'react'
import type { Input } from '../../../../src-main/api/contract'
import { trainingCurveSpec } from '../../../../src-shared/plots/training'
import { useApi } from '../../api'
import { describeError, type Problem } from '../../errors'
import { fmtInt } from '../../format'
import { useLibraryVersion } from '../../state/library'
import { training, useTraining, type TrainingStatus } from '../../state/training'
import { ErrorBox } from '../common'
import { Plot } from '../Plot'

type Loss = NonNullable<Input<'train.start'>['loss']>

const STATUS_TEXT: Record<TrainingStatus, string> = {
  running: 'Training…',
  stopping: 'Stopping: keeping the best epoch…',
  done: 'Finished',
  stopped: 'Stopped; the best epoch was kept',
  failed: 'Training failed',
}

export function TrainPanel() {
  const datasets = useApi('library.datasets', {}, useLibraryVersion())
  const state = useTraining()
  const [dataset, setDataset] = useState('')
  const [val, setVal] = useState('')
  const [loss, setLoss] = useState<Loss>('triplet')
  const [epochs, setEpochs] = useState('20')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<Problem | null>(null)
  const running = state.status === 'running' || state.status === 'stopping'
  const epochsValue = /^\d+$/.test(epochs.trim()) && Number(epochs) >= 1 && Number(epochs) <= 10_000 ? Number(epochs) : null
  const spec = useMemo(() => trainingCurveSpec(state.epochs), [state.epochs])

  const start = async () => {
    if (!dataset || epochsValue === null) return
    setBusy(true)
    setError(null)
    try {
      await training.start({ dataset, ...(val ? { val } : {}), loss, epochs: epochsValue })
    } catch (err) {
      setError(describeError(err))
    } finally {
      setBusy(false)
    }
  }

  const cancel = async () => {
    try {
      await training.cancel()
    } catch (err) {
      setError(describeError(err))
    }
  }

  const last = state.epochs[state.epochs.length - 1]
  return (
    <section className="card" aria-labelledby="train-heading">
      <h2 id="train-heading">Train a model</h2>
      <p className="small muted">
        Learns an embedding from a dataset whose works have versions (Python 3 with PyTorch runs the training). Without a
        validation dataset a work-disjoint part of the training dataset is held out. The model joins your models when it
        finishes, or when you cancel (the best epoch so far is kept).
      </p>
      <form
        className="import-form"
        data-testid="train-form"
        onSubmit={(e) => {
          e.preventDefault()
          void start()
        }}
      >
        <div className="batch-params">
          <label className="field">
            <span className="field-label">Dataset</span>
            <select value={dataset} onChange={(e) => setDataset(e.target.value)} disabled={running} data-testid="train-dataset">
              <option value="">{datasets.data ? 'choose a dataset…' : datasets.error ? 'datasets unavailable' : 'loading…'}</option>
              {datasets.data?.datasets.map((d) => (
                <option key={d.name} value={d.name}>
                  {d.name} ({fmtInt(d.works)} works, {fmtInt(d.performances)} performances)
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">Validation dataset</span>
            <select value={val} onChange={(e) => setVal(e.target.value)} disabled={running} data-testid="train-val">
              <option value="">a split of the dataset</option>
              {datasets.data?.datasets.map((d) => (
                <option key={d.name} value={d.name}>
                  {d.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">Loss</span>
            <select value={loss} onChange={(e) => setLoss(e.target.value as Loss)} disabled={running} data-testid="train-loss">
              <option value="triplet">triplet (batch-hard)</option>
              <option value="contrastive">contrastive</option>
              <option value="both">both (the better is kept)</option>
            </select>
          </label>
          <label className="field">
            <span className="field-label">Epochs{loss === 'both' ? ' per loss' : ''}</span>
            <input type="number" min={1} max={10000} value={epochs} onChange={(e) => setEpochs(e.target.value)} disabled={running} data-testid="train-epochs" />
          </label>
        </div>
        {epochsValue === null && (
          <div className="problem small" role="alert">
            Epochs must be a whole number from 1 to 10,000.
          </div>
        )}
        <div className="train-actions">
          <button type="submit" className="primary" disabled={busy || running || !dataset || epochsValue === null} data-testid="train-start">
            {busy ? 'Starting…' : 'Start training'}
          </button>
          {running && (
            <button type="button" onClick={() => void cancel()} disabled={state.status === 'stopping'} data-testid="train-cancel">
              Cancel
            </button>
          )}
        </div>
      </form>
      {datasets.error && <ErrorBox title="Could not list datasets" error={datasets.error} onRetry={datasets.reload} />}
      {error && <ErrorBox title="Could not start training" error={error} />}
      {state.status && (
        <div className="train-live" data-testid="train-live">
          <p role="status" aria-live="polite" data-testid="train-status" data-status={state.status}>
            <strong>{STATUS_TEXT[state.status]}</strong>
            {state.request && (
              <span className="muted">
                {' '}
                on {state.request.dataset}
                {state.request.val ? `, validated on ${state.request.val}` : ''}
              </span>
            )}
            {last && state.status === 'running' && (
              <span className="muted">
                {' '}
                · epoch {last.epoch} of {last.epochs}, validation MAP {last.valMap.toFixed(3)}
              </span>
            )}
            {state.done?.model && (
              <span data-testid="train-result">
                {' '}
                · wrote <span className="mono">{state.done.model.name}</span> (validation MAP {state.done.model.card.valMap?.toFixed(3) ?? '—'})
              </span>
            )}
          </p>
          {state.done?.error && <ErrorBox title="Training failed" error={state.done.error} />}
          <Plot spec={spec} fileName={`training-${state.request?.dataset ?? 'model'}`} testId="train-plot" label="Training loss and validation MAP per epoch" />
          {state.epochs.length > 0 && (
            <div className="table-wrap">
              <table className="table" data-testid="train-epochs-table" aria-label="Epochs">
                <thead>
                  <tr>
                    <th>Loss</th>
                    <th className="num">Epoch</th>
                    <th className="num">Training loss</th>
                    <th className="num">Validation MAP</th>
                    <th className="num">Chance</th>
                    <th className="num">Time</th>
                  </tr>
                </thead>
                <tbody>
                  {state.epochs.map((e) => (
                    <tr key={`${e.lossName}-${e.epoch}`} data-testid="train-epoch-row">
                      <td>{e.lossName}</td>
                      <td className="num">{e.epoch}</td>
                      <td className="num">{e.loss === null ? '—' : e.loss.toFixed(4)}</td>
                      <td className="num">{e.valMap.toFixed(3)}</td>
                      <td className="num">{e.chance.toFixed(3)}</td>
                      <td className="num">{e.seconds.toFixed(1)} s</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </section>
  )
}
