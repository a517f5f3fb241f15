// "Compare with…" on a performance: the other versions of its work at hand, or any performance
// found by title or artist, each opening the Compare view against this one.
import { useState } from 'react'
import { useApi, useDebounced } from '../api'
import { orDash } from '../format'
import { compareHref, type PerfRef } from '../router'
import type { PerformanceRow } from '../types'
import { DatasetBadge, ErrorBox } from './common'

const SEARCH_DEBOUNCE_MS = 200
const LIMIT = 12

function Candidates({ from, rows, testId }: { from: PerfRef; rows: PerformanceRow[]; testId: string }) {
  const others = rows.filter((r) => r.dataset !== from.dataset || r.perfId !== from.perfId)
  if (others.length === 0) return <p className="muted small">No other performance.</p>
  return (
    <ul className="compare-candidates" data-testid={testId}>
      {others.map((r) => (
        <li key={`${r.dataset}/${r.perfId}`}>
          <a href={compareHref(from, r)} data-testid="compare-candidate">
            {r.title ?? r.perfId}
          </a>{' '}
          <span className="muted">{orDash(r.artist)}</span> <DatasetBadge name={r.dataset} /> <span className="mono muted small">{r.perfId}</span>
        </li>
      ))}
    </ul>
  )
}

export function CompareWith({ from, workId }: { from: PerfRef; workId: string }) {
  const [text, setText] = useState('')
  const query = useDebounced(text.trim(), SEARCH_DEBOUNCE_MS)
  const work = useApi('library.work', { workId, dataset: from.dataset })
  const found = useApi('library.search', query ? { text: query, limit: LIMIT + 1 } : null)
  return (
    <section className="card compare-with" aria-labelledby="compare-with-heading" data-testid="compare-with">
      <h2 id="compare-with-heading">Compare with…</h2>
      <input
        type="search"
        aria-label="Compare with: search title or artist"
        placeholder="Search title or artist"
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      {query ? (
        found.error ? (
          <ErrorBox title="Search failed" error={found.error} onRetry={found.reload} />
        ) : found.data ? (
          <Candidates from={from} rows={found.data.performances.slice(0, LIMIT + 1)} testId="compare-found" />
        ) : (
          <p className="muted small">Searching…</p>
        )
      ) : work.data ? (
        <>
          <p className="muted small">Other versions of this work:</p>
          <Candidates from={from} rows={work.data.performances} testId="compare-versions" />
        </>
      ) : null}
    </section>
  )
}
