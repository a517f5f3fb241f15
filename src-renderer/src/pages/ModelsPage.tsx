// "Models": the shipped and the user's embedding models with their cards, which one is active
// (embedding and scoring use it) and the execution provider that runs it here, loading a model
// from disk, and training a new one with a live curve. A finished training lists its model.
import { useEffect, useState } from 'react'
import type { ModelInfo } from '../../../src-main/api/contract'
import { api, useApi } from '../api'
import { Empty, ErrorBox, Loading } from '../components/common'
import { ModelTable } from '../components/models/ModelTable'
import { TrainPanel } from '../components/models/TrainPanel'
import { describeError, type Problem } from '../errors'
import { useAppInfo } from '../state/app'
import { useTraining } from '../state/training'

/** ONNX Runtime's names as people know them (the backend's PROVIDER_LABEL, which the page may not import). */
const PROVIDER_NAMES: Record<string, string> = { cuda: 'CUDA', dml: 'DirectML', coreml: 'CoreML', cpu: 'CPU' }

function ProviderLine({ version }: { version: number }) {
  const provider = useApi('models.provider', {}, version)
  if (provider.error) return <ErrorBox title="Could not find the execution provider" error={provider.error} onRetry={provider.reload} />
  if (!provider.data) return <Loading label="Loading the active model to find its execution provider…" />
  const { model, provider: text, attempts, problem } = provider.data
  const used = attempts.find((a) => a.error === null)
  const failed = attempts.filter((a) => a.error !== null)
  return (
    <div className="provider-line" data-testid="models-provider" title={text ?? undefined}>
      <span className="field-label">Execution provider: </span>
      {model && used ? (
        <>
          <strong>{PROVIDER_NAMES[used.provider] ?? used.provider}</strong> <span className="muted">runs {model.name}</span>
          {failed.map((a) => (
            <div key={a.provider} className="small muted">
              {PROVIDER_NAMES[a.provider] ?? a.provider} failed: {a.error}
            </div>
          ))}
        </>
      ) : (
        <span className="muted">none{problem ? ` (${problem})` : ''}</span>
      )}
    </div>
  )
}

function LoadModel({ onLoaded }: { onLoaded: () => void }) {
  const info = useAppInfo()
  const [path, setPath] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<Problem | null>(null)
  const [loaded, setLoaded] = useState<ModelInfo | null>(null)

  const load = async () => {
    if (!path.trim()) return
    setBusy(true)
    setError(null)
    setLoaded(null)
    try {
      const { model } = await api('models.load', { path: path.trim() })
      setLoaded(model)
      setPath('')
      onLoaded()
    } catch (err) {
      setError(describeError(err))
    } finally {
      setBusy(false)
    }
  }

  const browse = async () => {
    setError(null)
    try {
      const { path: picked } = await api('app.pickModel', {})
      if (picked) setPath(picked)
    } catch (err) {
      setError(describeError(err))
    }
  }

  return (
    <section className="card" aria-labelledby="load-model-heading">
      <h2 id="load-model-heading">Load a model…</h2>
      <form
        className="field-group"
        onSubmit={(e) => {
          e.preventDefault()
          void load()
        }}
      >
        <input
          type="text"
          className="mono"
          aria-label={info.data?.door === 'web' ? 'Model file path on the server (.onnx)' : 'Model file path (.onnx)'}
          placeholder="/path/to/model.onnx (its .card.json beside it)"
          spellCheck={false}
          value={path}
          onChange={(e) => setPath(e.target.value)}
          data-testid="model-load-path"
        />
        {info.data?.canPick && (
          <button type="button" onClick={() => void browse()} data-testid="model-browse">
            Browse…
          </button>
        )}
        <button type="submit" disabled={busy || !path.trim()} data-testid="model-load">
          {busy ? 'Checking…' : 'Load'}
        </button>
      </form>
      <p className="small muted">The model and its card are checked (the card must describe this very file), then copied into your models folder.</p>
      {loaded && (
        <p className="small" role="status" data-testid="model-loaded">
          Loaded {loaded.name} ({loaded.id.slice(0, 12)}).
        </p>
      )}
      {error && <ErrorBox title="The model was not loaded" error={error} />}
    </section>
  )
}

export function ModelsPage() {
  const [version, setVersion] = useState(0)
  const list = useApi('models.list', {}, version)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<Problem | null>(null)
  const trainingStatus = useTraining().status
  const refresh = () => setVersion((v) => v + 1)

  // A finished or stopped training has just added a model.
  useEffect(() => {
    if (trainingStatus === 'done' || trainingStatus === 'stopped') setVersion((v) => v + 1)
  }, [trainingStatus])

  const activate = async (model: ModelInfo) => {
    setBusy(true)
    setError(null)
    try {
      await api('models.setActive', { id: model.id })
      refresh()
    } catch (err) {
      setError(describeError(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="page models-page">
      <header className="page-header">
        <h1>Models</h1>
        <p className="subtitle">Embedding models for the embedding scoring method: the active one is used unless a job names another.</p>
      </header>
      <section className="card" aria-labelledby="models-heading">
        <h2 id="models-heading">Models</h2>
        <ProviderLine version={version} />
        {list.error && !list.data ? (
          <ErrorBox title="Could not list the models" error={list.error} onRetry={list.reload} />
        ) : !list.data ? (
          <Loading label="Loading models…" />
        ) : list.data.models.length === 0 ? (
          <Empty testId="models-empty">No models yet: train one below, or load one from disk.</Empty>
        ) : (
          <ModelTable models={list.data.models} busy={busy} onActivate={(m) => void activate(m)} />
        )}
        {list.data && (
          <p className="small muted">
            Your models live in <span className="mono">{list.data.folder}</span>.
          </p>
        )}
        {list.data?.problems.map((p) => (
          <p key={p} className="problem small">
            Left out: {p}
          </p>
        ))}
        {error && <ErrorBox title="Could not change the active model" error={error} />}
      </section>
      <LoadModel onLoaded={refresh} />
      <TrainPanel />
    </div>
  )
}
