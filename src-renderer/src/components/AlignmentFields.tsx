// The Qmax/Dmax alignment settings as form fields (frame stack, neighbour share κ, gap onset and
// extension), shared by the Batch form and Compare, and Compare's form of them with DTW's band:
// ranges and defaults from 'score.parameters'.
import { useState } from 'react'
import { ALIGNMENT_FIELDS, alignmentTexts, parseAlignment, parseInteger, type AlignmentKey, type AlignmentTexts } from '../scoreParams'
import type { Output } from '../types'

interface Props {
  texts: AlignmentTexts
  onChange: (key: AlignmentKey, text: string) => void
  limits: Record<AlignmentKey, { min: number; max: number }>
  defaults: Record<AlignmentKey, number>
  /** Why the fields do not apply (the method does not use them); absent: they apply. */
  disabledBecause?: string
  /** data-testid prefix: "<prefix>-frameStackSize", … */
  testPrefix: string
}

export function AlignmentFields({ texts, onChange, limits, defaults, disabledBecause, testPrefix }: Props) {
  return (
    <>
      {ALIGNMENT_FIELDS.map((f) => (
        <label key={f.key} className="field" title={disabledBecause ?? `${f.title}; default ${defaults[f.key]}, ${limits[f.key].min}–${limits[f.key].max}`}>
          <span className="field-label">{f.label}</span>
          <input
            type="number"
            min={limits[f.key].min}
            max={limits[f.key].max}
            step={f.step}
            value={texts[f.key]}
            disabled={disabledBecause !== undefined}
            onChange={(e) => onChange(f.key, e.target.value)}
            data-testid={`${testPrefix}-${f.key}`}
          />
          <span className="field-hint" data-testid={`${testPrefix}-${f.key}-range`}>
            default {defaults[f.key]} · {limits[f.key].min}–{limits[f.key].max}
          </span>
        </label>
      ))}
    </>
  )
}

/** The settings in force, in a few words: those that differ from the defaults, or "defaults". */
function appliedSummary(applied: AlignmentSettings, defaults: Record<AlignmentKey, number>): string {
  const changed = ALIGNMENT_FIELDS.filter((f) => applied[f.key] !== undefined && applied[f.key] !== defaults[f.key]).map((f) => `${f.label.toLowerCase()} ${applied[f.key]}`)
  if (applied.band != null) changed.push(`band ${applied.band}`)
  return changed.length ? changed.join(' · ') : 'defaults'
}

/** What Compare aligns with besides its feature and downsampling; absent fields take the defaults. */
export type AlignmentSettings = Partial<Record<AlignmentKey, number> & { band: number | null }>

/** The alignment's settings as fields (defaults and ranges from 'score.parameters'), applied together. */
export function AlignmentForm({ parameters, applied, onApply }: { parameters: Output<'score.parameters'>; applied: AlignmentSettings; onApply: (s: AlignmentSettings) => void }) {
  const { defaults, limits } = parameters
  const [texts, setTexts] = useState(() => alignmentTexts({ ...defaults, ...applied }))
  const [band, setBand] = useState(applied.band == null ? '' : String(applied.band))
  const parsed = parseAlignment(texts, limits)
  const bandValue = band.trim() === '' ? null : parseInteger(band, limits.band.min, limits.band.max, 'The band')
  const problems = [...parsed.problems, ...(typeof bandValue === 'string' ? [bandValue] : [])]
  return (
    <details className="compare-params" data-testid="compare-params">
      <summary className="small" data-testid="compare-params-summary">
        Alignment settings: {appliedSummary(applied, defaults)}
      </summary>
      <form
        className="batch-params"
        onSubmit={(e) => {
          e.preventDefault()
          if (problems.length === 0) onApply({ ...parsed.values, band: typeof bandValue === 'number' ? bandValue : null })
        }}
      >
        <AlignmentFields texts={texts} onChange={(key, text) => setTexts((t) => ({ ...t, [key]: text }))} limits={limits} defaults={defaults} testPrefix="compare" />
        <label className="field" title="Sakoe–Chiba radius in downsampled frames; empty: unconstrained">
          <span className="field-label">Band (DTW)</span>
          <input type="number" min={limits.band.min} max={limits.band.max} placeholder="none" value={band} onChange={(e) => setBand(e.target.value)} data-testid="compare-band" />
          <span className="field-hint">
            default none · {limits.band.min}–{limits.band.max}
          </span>
        </label>
        <div className="field">
          <button type="submit" className="primary" disabled={problems.length > 0} data-testid="compare-apply">
            Apply
          </button>
          <button
            type="button"
            onClick={() => {
              setTexts(alignmentTexts(defaults))
              setBand('')
              onApply({})
            }}
          >
            Defaults
          </button>
        </div>
        {problems.length > 0 && (
          <div className="problem small" role="alert">
            {problems.join(' ')}
          </div>
        )}
      </form>
    </details>
  )
}
