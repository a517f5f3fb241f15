// Each method's distance for one comparison and its verdict against the calibrated threshold,
// with where that threshold comes from; "uncalibrated" where no evaluated job gives one.
import { fmtValue } from '../format'
import type { CompareResult } from '../types'

const METHOD_LABELS: Record<CompareResult['scores'][number]['method'], string> = {
  dtw: 'DTW',
  qmax: 'Qmax',
  dmax: 'Dmax',
  embedding: 'Embedding',
  'two-stage': 'Two-stage',
}

type Score = CompareResult['scores'][number]

function verdictDetail(s: Score): string {
  if (!s.threshold) return 'no evaluated job with these parameters to calibrate against'
  const distance = s.distance === null ? 'nothing aligned (infinite distance)' : `distance ${fmtValue(s.distance)}`
  const relation = s.distance !== null && s.distance <= s.threshold.value ? '≤' : '>'
  return `${distance} ${relation} threshold ${fmtValue(s.threshold.value)} (${s.threshold.rule === 'eer' ? 'equal error rate' : 'max F1'})`
}

/** Where a probability comes from: it holds at the calibration job's share of version pairs. */
function priorNote(s: Score): string {
  const c = s.threshold?.calibration
  if (!c) return 'no calibrated probability: the threshold comes from a job evaluated before calibration existed'
  return `at a prior of ${(100 * c.prior).toFixed(2)} % version pairs (${c.versionPairs} of ${c.versionPairs + c.nonVersionPairs}); rarer versions mean lower odds`
}

export function CompareScores({ result }: { result: CompareResult }) {
  return (
    <section className="card" aria-labelledby="compare-scores-heading">
      <h2 id="compare-scores-heading">Scores</h2>
      <div className="table-wrap">
        <table className="table compact" data-testid="compare-scores" aria-label="Scores">
          <thead>
            <tr>
              <th>Method</th>
              <th className="num">Distance</th>
              <th className="num">Score</th>
              <th>Verdict</th>
              <th className="num" title="Probability that the two are versions, by logistic (Platt) calibration on the threshold's job, at that job's share of version pairs">
                P(versions)
              </th>
              <th>Threshold from</th>
            </tr>
          </thead>
          <tbody>
            {result.scores.map((s) => (
              <tr key={s.method} data-testid={`score-${s.method}`}>
                <td className="cell-strong">{METHOD_LABELS[s.method]}</td>
                <td className="num mono">{s.distance === null ? '∞' : fmtValue(s.distance)}</td>
                <td className="num mono">{s.score === null ? '—' : fmtValue(s.score)}</td>
                <td>
                  <span className={`verdict verdict-${s.verdict.replace(' ', '-')}`} data-testid={`verdict-${s.method}`}>
                    {s.verdict}
                  </span>{' '}
                  <span className="muted small">{verdictDetail(s)}</span>
                </td>
                <td className="num mono" data-testid={`probability-${s.method}`} title={priorNote(s)}>
                  {s.probability === null ? '—' : s.probability.toFixed(3)}
                </td>
                <td className="small">{s.threshold ? s.threshold.origin : <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">
        Lower distance is closer for every method. Qmax and Dmax: √(second's frame stacks) ÷ score; DTW: mean cosine distance along the
        warping path.
      </p>
    </section>
  )
}
