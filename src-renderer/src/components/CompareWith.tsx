// "Compare with…" on a performance: the other versions of its work at hand (they come with the
// performance), or any performance found by title or artist, each opening the Compare view against
// this one under the chosen chroma feature. A candidate without that feature's file cannot be
// compared: it is greyed out and says so.
import { useState } from 'react'
import { useApi, useDebounced } from '../api'
import { CHROMA_KINDS } from '../chroma'
import { orDash } from '../format'
import { compareHref, type PerfRef } from '../router'
import type { ChromaKind, PerformanceRow } from '../types'
import { DatasetBadge, ErrorBox } from './common'

const SEARCH_DEBOUNCE_MS = 200
const LIMIT = 12

function Candidates({ from, rows, feature, href, testId }: { from: PerfRef; rows: PerformanceRow[]; feature: ChromaKind | null; href: (to: PerfRef) => string; testId: string }) {
  const others = rows.filter((r) => r.dataset !== from.dataset || r.perfId !== from.perfId)
  if (others.length === 0) return <p className="muted small">No other performance.</p>
  return (
    <ul className="compare-candidates" data-testid={testId}>
      {others.map((r) => {
        const usable = feature !== null && r.features.includes(feature)
        const why = feature === null ? 'this performance has no chroma feature' : `no ${feature} file`
        return (
          <li key={`${r.dataset}/${r.perfId}`} className={usable ? undefined : 'candidate-unavailable'} data-testid="compare-candidate-item" data-usable={usable}>
            {usable ? (
              <a href={href(r)} data-testid="compare-candidate">
                {r.title ?? r.perfId}
              </a>
            ) : (
              <span className="candidate-title" title={`Cannot compare: ${why}`} aria-disabled="true">
                {r.title ?? r.perfId}
              </span>
            )}{' '}
            <span className="muted">{orDash(r.artist)}</span> <DatasetBadge name={r.dataset} /> <span className="mono muted small">{r.perfId}</span>
            {!usable && (
              <span className="small candidate-why" data-testid="candidate-why">
                {' '}
                — {why}
              </span>
            )}
          </li>
        )
      })}
    </ul>
  )
}

/** `available`: the chroma kinds this performance has, the ones Compare can use; `versions`: its work's performances. */
export function CompareWith({ from, versions, available }: { from: PerfRef; versions: PerformanceRow[]; available: readonly ChromaKind[] }) {
  const [text, setText] = useState('')
  const [feature, setFeature] = useState<ChromaKind | null>(available[0] ?? null)
  const query = useDebounced(text.trim(), SEARCH_DEBOUNCE_MS)
  const found = useApi('library.search', query ? { text: query, limit: LIMIT + 1 } : null)
  // The backend's default feature stays out of the address (the Compare view's own default). The
  // list does not wait for it: until it is known the feature is written out, which opens the same view.
  const defaults = useApi('score.parameters', {})
  const href = (to: PerfRef) => compareHref(from, to, feature && feature !== defaults.data?.defaults.feature ? { feature } : {})
  return (
    <section className="card compare-with" aria-labelledby="compare-with-heading" data-testid="compare-with">
      <h2 id="compare-with-heading">Compare with…</h2>
      <div className="compare-with-controls">
        <input
          type="search"
          aria-label="Compare with: search title or artist"
          placeholder="Search title or artist"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <label className="small">
          by{' '}
          <select
            aria-label="Compare by feature"
            data-testid="compare-with-feature"
            value={feature ?? ''}
            disabled={available.length === 0}
            onChange={(e) => setFeature(e.target.value as ChromaKind)}
          >
            {available.length === 0 && <option value="">no chroma feature</option>}
            {CHROMA_KINDS.filter((k) => available.includes(k)).map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
      </div>
      {available.length === 0 && (
        <p className="small problem" data-testid="compare-with-none">
          This performance has no chroma feature file indexed, so it cannot be compared.
        </p>
      )}
      {query ? (
        found.error ? (
          <ErrorBox title="Search failed" error={found.error} onRetry={found.reload} />
        ) : found.data ? (
          <Candidates from={from} rows={found.data.performances.slice(0, LIMIT + 1)} feature={feature} href={href} testId="compare-found" />
        ) : (
          <p className="muted small">Searching…</p>
        )
      ) : (
        <>
          <p className="muted small">Other versions of this work:</p>
          <Candidates from={from} rows={versions} feature={feature} href={href} testId="compare-versions" />
        </>
      )}
    </section>
  )
}
