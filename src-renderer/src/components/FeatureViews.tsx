// The features of a performance beside its chroma: its key (from the index), MFCC as a heat map,
// madmom's novelty curves with onsets and tempo estimates, and the auto-tags as a table. Each is
// read when the page opens, thinned by the backend ('features.view'), and the plots save as SVG
// or PNG like every shared plot.
import { useMemo } from 'react'
import { mfccHeatmapSpec, noveltyCurvesSpec } from '../../../src-shared/plots/feature-specs'
import { useApi } from '../api'
import { fmtInt } from '../format'
import type { FeatureView, PerformanceDetail } from '../types'
import { ErrorBox, Loading } from './common'
import { Plot } from './Plot'

/**
 * Columns of the MFCC map and points of each curve: enough for an overview of a whole recording
 * (about a second a column for a 3-minute track), few enough that Vega draws them within a frame
 * or two (each MFCC cell is an SVG element: 160 x 13 of them).
 */
const MFCC_COLUMNS = 160
const CURVE_POINTS = 400

type ViewOf<K extends FeatureView['kind']> = Extract<FeatureView, { kind: K }>

function useView<K extends FeatureView['kind']>(p: PerformanceDetail, kind: K, points: number, wanted: boolean) {
  const res = useApi('features.view', wanted ? { perfId: p.perfId, dataset: p.dataset, kind, points } : null)
  return { ...res, view: res.data as ViewOf<K> | undefined }
}

function Section({ title, testId, children }: { title: string; testId: string; children: React.ReactNode }) {
  return (
    <div className="feature-view" data-testid={testId}>
      <h3>{title}</h3>
      {children}
    </div>
  )
}

export function FeatureViews({ p }: { p: PerformanceDetail }) {
  const has = (kind: 'mfcc' | 'madmom' | 'tags') => p.featureFiles.some((f) => f.kind === kind && f.problem === null)
  const mfcc = useView(p, 'mfcc', MFCC_COLUMNS, has('mfcc'))
  const madmom = useView(p, 'madmom', CURVE_POINTS, has('madmom'))
  const tags = useView(p, 'tags', CURVE_POINTS, has('tags'))
  const mfccSpec = useMemo(() => (mfcc.view ? mfccHeatmapSpec(mfcc.view) : null), [mfcc.view])
  const madmomSpec = useMemo(() => (madmom.view ? noveltyCurvesSpec(madmom.view) : null), [madmom.view])
  const name = `${p.dataset}-${p.perfId}`
  const missing = (['key', 'mfcc', 'madmom', 'tags'] as const).filter((kind) => (kind === 'key' ? !p.key : !has(kind)))

  return (
    <section className="card feature-views" aria-labelledby="feature-views-heading" data-testid="feature-views">
      <h2 id="feature-views-heading">Other features</h2>
      {missing.length > 0 && (
        <p className="small muted" data-testid="feature-views-missing">
          Not indexed for this performance: {missing.join(', ')}.
        </p>
      )}
      {p.key && (
        <Section title="Key" testId="feature-key">
          <p>
            <strong>
              {p.key.key} {p.key.scale}
            </strong>
            {p.key.strength != null && <span className="muted"> · strength {p.key.strength.toFixed(2)}</span>}
            <span className="muted small"> (the file’s key_extractor group)</span>
          </p>
        </Section>
      )}
      {has('mfcc') && (
        <Section title="MFCC" testId="feature-mfcc">
          {mfcc.error ? (
            <ErrorBox title="Could not read the MFCC" error={mfcc.error} onRetry={mfcc.reload} />
          ) : !mfcc.view || !mfccSpec ? (
            <Loading label="Reading MFCC…" />
          ) : (
            <>
              <Plot spec={mfccSpec} fileName={`${name}-mfcc`} testId="mfcc-plot" label="MFCC heat map" />
              <p className="small muted">
                {fmtInt(mfcc.view.frames)} frames × {mfcc.view.coefficients} coefficients, shown as {fmtInt(mfcc.view.columns.length)} columns
                {mfcc.view.nonFinite > 0 && ` · ${fmtInt(mfcc.view.nonFinite)} non-finite values (−∞ on silence) left out of the means`}
              </p>
            </>
          )}
        </Section>
      )}
      {has('madmom') && (
        <Section title="madmom" testId="feature-madmom">
          {madmom.error ? (
            <ErrorBox title="Could not read the madmom features" error={madmom.error} onRetry={madmom.reload} />
          ) : !madmom.view || !madmomSpec ? (
            <Loading label="Reading madmom features…" />
          ) : (
            <>
              <Plot spec={madmomSpec} fileName={`${name}-madmom`} testId="madmom-plot" label="madmom novelty curves and onsets" />
              <p className="small" data-testid="madmom-tempos">
                Tempo estimates:{' '}
                {madmom.view.tempos.length === 0
                  ? 'none'
                  : madmom.view.tempos
                      .slice(0, 5)
                      .map((t) => `${t.bpm.toFixed(1)} BPM (${t.confidence.toFixed(2)})`)
                      .join(', ')}
                {madmom.view.tempos.length > 5 && <span className="muted"> and {madmom.view.tempos.length - 5} more</span>}
                <span className="muted small"> · novfn: RNN novelty, snovfn: SuperFlux novelty (acoss’s extraction)</span>
              </p>
            </>
          )}
        </Section>
      )}
      {has('tags') && (
        <Section title="Tags" testId="feature-tags">
          {tags.error ? (
            <ErrorBox title="Could not read the tags" error={tags.error} onRetry={tags.reload} />
          ) : !tags.view ? (
            <Loading label="Reading tags…" />
          ) : (
            <div className="table-wrap tags-table">
              <table className="table compact" aria-label="Tags" data-testid="tags-table">
                <thead>
                  <tr>
                    <th>Tag</th>
                    <th className="num">Score</th>
                  </tr>
                </thead>
                <tbody>
                  {tags.view.tags.map((t) => (
                    <tr key={t.tag}>
                      <td>{t.tag}</td>
                      <td className="num">{t.score === null ? '—' : t.score.toFixed(3)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Section>
      )}
    </section>
  )
}
