// What the Clusters page is asked for: the linking threshold (by default the job's calibrated one)
// and the clustering method. A threshold is checked here only for being a distance (a number of 0
// or more); what the backend refuses beyond that (a graph too dense for the method) comes back as
// its own message on the page.
import { useEffect, useId, useState } from 'react'
import type { Input } from '../../types'

export type ClusterMethod = NonNullable<Input<'clusters.graph'>['method']>

export const METHODS: { value: ClusterMethod; label: string; title: string }[] = [
  { value: 'average', label: 'Average linkage', title: 'Clusters merge while the mean distance between their members is at most the threshold: no chaining' },
  { value: 'components', label: 'Connected components', title: 'Every linked pair joins: one loose link can join two works (chaining)' },
  { value: 'louvain', label: 'Louvain communities', title: 'Communities of the threshold graph, closer pairs weighing more' },
]

/** A typed threshold: a distance, or why it is not one; empty means the calibrated one. */
export function parseThreshold(text: string): { value: number | undefined } | { problem: string } {
  const t = text.trim()
  if (t === '') return { value: undefined }
  const value = Number(t)
  if (!Number.isFinite(value) || value < 0) return { problem: `“${t}” is not a distance: type a number of 0 or more (pairs at or below it are linked).` }
  return { value }
}

interface Props {
  /** The threshold asked for; undefined: the job's calibrated one. */
  threshold: number | undefined
  /** The threshold in use (shown as the placeholder when none is typed). */
  current: number | undefined
  method: ClusterMethod
  onThreshold: (threshold: number | undefined) => void
  onMethod: (method: ClusterMethod) => void
}

export function ClusterControls({ threshold, current, method, onThreshold, onMethod }: Props) {
  const id = useId()
  const [text, setText] = useState(threshold === undefined ? '' : String(threshold))
  const parsed = parseThreshold(text)
  const value = 'value' in parsed ? parsed.value : null

  // Applied once typing pauses, so each keystroke does not cluster the job again.
  useEffect(() => {
    if (value === null || value === threshold) return
    const timer = window.setTimeout(() => onThreshold(value), 500)
    return () => window.clearTimeout(timer)
  }, [value, threshold, onThreshold])

  return (
    <div className="cluster-controls">
      <label htmlFor={`${id}-threshold`}>Threshold</label>
      <input
        id={`${id}-threshold`}
        type="text"
        inputMode="decimal"
        className="mono"
        size={10}
        value={text}
        placeholder={current === undefined ? 'calibrated' : String(Number(current.toPrecision(6)))}
        aria-invalid={'problem' in parsed}
        aria-describedby={`${id}-hint`}
        data-testid="cluster-threshold"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && value !== null && value !== threshold) onThreshold(value)
        }}
      />
      {threshold !== undefined && (
        <button
          type="button"
          onClick={() => {
            setText('')
            onThreshold(undefined)
          }}
        >
          Calibrated
        </button>
      )}
      <label htmlFor={`${id}-method`}>Method</label>
      <select id={`${id}-method`} value={method} data-testid="cluster-method" onChange={(e) => onMethod(e.target.value as ClusterMethod)}>
        {METHODS.map((m) => (
          <option key={m.value} value={m.value} title={m.title}>
            {m.label}
          </option>
        ))}
      </select>
      <span id={`${id}-hint`} className={`small ${'problem' in parsed ? 'problem' : 'muted'}`} role={'problem' in parsed ? 'alert' : undefined}>
        {'problem' in parsed ? parsed.problem : 'Pairs at or below the threshold are linked; empty: the job’s calibrated threshold.'}
      </span>
    </div>
  )
}
