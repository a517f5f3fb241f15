// The small pieces every view shares: loading, empty and error states, feature chips, a dataset
// badge, and the boundary that keeps one crashed view from blanking the window.
import { Component, type ErrorInfo, type ReactNode } from 'react'
import { describeError } from '../errors'
import type { FeatureKind } from '../types'

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label}
    </div>
  )
}

export function Empty({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <div className="state state-empty" data-testid={testId}>
      {children}
    </div>
  )
}

export function ErrorBox({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const { message, code, method } = describeError(error)
  return (
    <div className="state state-error" role="alert" data-testid="error">
      <div className="state-error-title">
        {title ?? 'Something went wrong'}
        {code && (
          <span className="muted">
            {' '}
            ({method ? `${method}: ` : ''}{code})
          </span>
        )}
      </div>
      <div className="state-error-message">{message}</div>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  )
}

const FEATURE_TITLES: Record<FeatureKind, string> = {
  hpcp: 'HPCP chroma',
  crema: 'crema-PCP chroma',
  cens: 'chroma CENS',
  mfcc: 'MFCC (HTK)',
  madmom: 'madmom onsets/tempo',
  key: 'key estimate',
  tags: 'auto-tags',
}

export function FeatureChips({ features }: { features: readonly FeatureKind[] }) {
  if (!features.length) return <span className="muted">none</span>
  return (
    <span className="chips">
      {features.map((f) => (
        <span key={f} className={`chip chip-${f}`} title={FEATURE_TITLES[f] ?? f}>
          {f}
        </span>
      ))}
    </span>
  )
}

export function DatasetBadge({ name }: { name: string }) {
  return (
    <span className="badge" title={`dataset ${name}`}>
      {name}
    </span>
  )
}

export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: unknown }, { error: Error | null; key: unknown }> {
  state: { error: Error | null; key: unknown } = { error: null, key: undefined }

  static getDerivedStateFromError(error: Error) {
    return { error }
  }

  static getDerivedStateFromProps(props: { resetKey?: unknown }, state: { error: Error | null; key: unknown }) {
    if (props.resetKey !== state.key) return { error: null, key: props.resetKey }
    return null
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('view crashed', error, info.componentStack)
  }

  render() {
    if (this.state.error)
      return (
        <ErrorBox
          title="This view crashed"
          error={this.state.error}
          onRetry={() => this.setState({ error: null })}
        />
      )
    return this.props.children
  }
}
