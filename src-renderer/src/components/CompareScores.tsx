// Each method's distance for one comparison judged against one threshold source at one operating
// point (equal error rate, maximum F1, or a target false-positive rate), chosen here: the verdict,
// P(versions), the share of the calibration's non-version pairs at or below this distance, one
// combined verdict, warnings where the calibration is unlike this pair, and each distance marked
// on the calibration's distributions. A new choice re-judges the same distances
// ('similarity.judge'); nothing is aligned again.
import { useEffect, useMemo, useRef, useState } from 'react'
import { pairDistanceSpec } from '../../../src-shared/plots/specs'
import { api, useApi } from '../api'
import type { WorkRelation } from '../compare'
import { describeError, type Problem } from '../errors'
import { fmtCount, fmtValue } from '../format'
import { METHOD_TITLES } from '../scoreParams'
import type { PerfRef } from '../router'
import type { CompareResult, JudgedScore, Judgement, OperatingPoint } from '../types'
import { ErrorBox } from './common'
import { Plot } from './Plot'

const PRESET_FPRS = [0.01, 0.05]
/** What the typed target may be, in percent: below 0.01 % the calibrations hold too few non-version pairs to place it. */
const TYPED_FPR = { min: 0.01, max: 99 }
const pct = (x: number) => `${(100 * x).toFixed(x < 0.01 ? 2 : 1)} %`

function ruleName(op: { rule: OperatingPoint['rule']; fpr?: number | null }): string {
  if (op.rule === 'eer') return 'equal error rate'
  if (op.rule === 'max-f1') return 'maximum F1'
  return `false-positive rate ${op.fpr == null ? '' : pct(op.fpr)}`
}

function verdictDetail(s: JudgedScore): string {
  if (!s.threshold) return s.uncalibrated ?? 'no calibration'
  const distance = s.distance === null ? 'nothing aligned (infinite distance)' : `distance ${fmtValue(s.distance)}`
  const relation = s.distance !== null && s.distance <= s.threshold.value ? '≤' : '>'
  return `${distance} ${relation} threshold ${fmtValue(s.threshold.value)} (${ruleName(s.threshold)})`
}

function WorkLine({ relation }: { relation: WorkRelation | null }) {
  const text =
    relation === null
      ? 'loading…'
      : relation.kind === 'same'
        ? `same work ${relation.workId}${relation.title ? ` (${relation.title})` : ''}`
        : relation.kind === 'different'
          ? 'different works'
          : 'unknown (the two datasets number their works separately)'
  return (
    <p className="small" data-testid="work-relation" data-relation={relation?.kind ?? ''}>
      <span className="muted">Metadata:</span> {text}
    </p>
  )
}

interface Props {
  result: CompareResult
  pair: { a: PerfRef; b: PerfRef }
  relation: WorkRelation | null
  /** The job this Compare was opened from: its own calibration judges, where it is one of the sources. */
  fromJob?: string
  /** The source and operating point the address names (absent: the defaults), and where a new choice is told. */
  chosen: { source?: string; op?: OperatingPoint }
  onChoose: (chosen: { source?: string; op: OperatingPoint }) => void
}

export function CompareScores({ result, pair, relation, fromJob, chosen, onChoose }: Props) {
  const [source, setSource] = useState<string | undefined>(chosen.source)
  const [op, setOpState] = useState<OperatingPoint>(chosen.op ?? { rule: 'eer' })
  const [typed, setTyped] = useState('')
  const [judged, setJudged] = useState<Judgement | null>(null)
  const [problem, setProblem] = useState<Problem | null>(null)
  const seq = useRef(0)
  const datasets = [pair.a.dataset, pair.b.dataset]
  const sources = useApi('similarity.thresholdSources', { params: result.params, methods: result.scores.map((s) => s.method), datasets })

  // A new comparison starts from the source the address names, else the job it was opened from
  // (that job alone, else its group), else its own judgement's default; a source named for other
  // parameters may not exist for these.
  const startSource = useMemo(() => {
    const list = sources.data?.sources ?? []
    if (chosen.source && list.some((s) => s.id === chosen.source)) return chosen.source
    return fromJob ? (list.find((s) => s.jobIds.length === 1 && s.jobIds[0] === fromJob) ?? list.find((s) => s.jobIds.includes(fromJob)))?.id : undefined
  }, [sources.data, fromJob, chosen.source])
  useEffect(() => {
    setSource(startSource)
    setJudged(null)
  }, [result, startSource])
  // A choice is kept in the address, so that a reload or a link shows the same verdicts.
  const choose = (next: { source?: string; op?: OperatingPoint }) => {
    const nextSource = 'source' in next ? next.source : source
    const nextOp = next.op ?? op
    if ('source' in next) setSource(nextSource)
    if (next.op) setOpState(next.op)
    onChoose({ ...(nextSource !== undefined ? { source: nextSource } : {}), op: nextOp })
  }
  const setOp = (next: OperatingPoint) => choose({ op: next })

  useEffect(() => {
    const my = ++seq.current
    if (source === undefined && op.rule === 'eer') {
      setJudged(null)
      setProblem(null)
      return
    }
    const input = {
      params: result.params,
      pair: { datasets: [pair.a.dataset, pair.b.dataset] as [string, string], durationsSec: [result.frames[0] * result.secondsPerFrame, result.frames[1] * result.secondsPerFrame] as [number, number] },
      scores: result.scores.map(({ method, distance }) => ({ method, distance })),
      ...(source === undefined ? {} : { source }),
      operatingPoint: op,
    }
    api('similarity.judge', input).then(
      (j) => {
        if (seq.current !== my) return
        setJudged(j)
        setProblem(null)
      },
      (error: unknown) => seq.current === my && setProblem(describeError(error)),
    )
  }, [result, source, op, pair.a.dataset, pair.b.dataset])

  const judgement: Judgement = judged ?? { ...result.judgement, scores: result.scores }
  const extra = useMemo(() => new Map(result.scores.map((s) => [s.method, s])), [result])
  const shownSource = judgement.source?.id ?? ''
  const typedPercent = Number(typed)
  const typedProblem =
    typed.trim() === '' || (typedPercent >= TYPED_FPR.min && typedPercent <= TYPED_FPR.max) ? null : `A target false-positive rate is between ${TYPED_FPR.min} and ${TYPED_FPR.max} %.`
  // An emptied field takes its target away: back to the equal error rate.
  const applyTyped = () => {
    if (typed.trim() === '') {
      if (op.rule === 'fpr' && !PRESET_FPRS.includes(op.fpr)) setOp({ rule: 'eer' })
    } else if (!typedProblem) setOp({ rule: 'fpr', fpr: typedPercent / 100 })
  }
  const combined = judgement.combined
  const prior = judgement.scores.find((s) => s.prior !== null)?.prior ?? null

  return (
    <section className="card compare-scores" aria-labelledby="compare-scores-heading">
      <h2 id="compare-scores-heading">Verdict</h2>
      <WorkLine relation={relation} />
      <div className="judge-controls">
        <label className="small">
          Thresholds from{' '}
          <select value={shownSource} onChange={(e) => choose({ source: e.target.value })} data-testid="threshold-source" disabled={!sources.data || sources.data.sources.length === 0}>
            {(sources.data?.sources.length ?? 0) === 0 && <option value="">no evaluated job or bundled calibration for these parameters</option>}
            {sources.data?.sources.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label} — {s.methods.map((m) => METHOD_TITLES[m].label).join(', ')}
              </option>
            ))}
          </select>
        </label>
        <div className="segmented" role="group" aria-label="Operating point">
          <button type="button" aria-pressed={op.rule === 'eer'} onClick={() => setOp({ rule: 'eer' })} data-testid="op-eer" title="Where the false-positive and false-negative rates are equal">
            EER
          </button>
          <button type="button" aria-pressed={op.rule === 'max-f1'} onClick={() => setOp({ rule: 'max-f1' })} data-testid="op-max-f1" title="Where F1 over the calibration's pairs is highest">
            max F1
          </button>
          {PRESET_FPRS.map((f) => (
            <button key={f} type="button" aria-pressed={op.rule === 'fpr' && op.fpr === f} onClick={() => setOp({ rule: 'fpr', fpr: f })} data-testid={`op-fpr-${100 * f}`} title={`At most ${pct(f)} of non-version pairs judged versions`}>
              FPR {pct(f)}
            </button>
          ))}
        </div>
        <label className="small" title="A target false-positive rate, in percent">
          FPR{' '}
          <input
            type="number"
            min={TYPED_FPR.min}
            max={TYPED_FPR.max}
            step="any"
            aria-invalid={typedProblem !== null}
            placeholder="%"
            className="fpr-input"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            onBlur={applyTyped}
            onKeyDown={(e) => e.key === 'Enter' && applyTyped()}
            data-testid="op-fpr-typed"
          />{' '}
          %
        </label>
        {typedProblem && (
          <span className="small problem" role="alert" data-testid="op-fpr-problem">
            {typedProblem}
          </span>
        )}
      </div>
      {sources.error && <ErrorBox title="Could not list the threshold sources" error={sources.error} onRetry={sources.reload} />}
      {problem && <ErrorBox title="Could not judge the distances" error={problem} />}
      <div className="table-wrap">
        <table className="table compact" data-testid="compare-scores" aria-label="Scores">
          <thead>
            <tr>
              <th>Method</th>
              <th className="num">Distance</th>
              <th className="num">Score</th>
              <th>Verdict</th>
              <th className="num" title="Probability that the two are versions, by logistic (Platt) calibration on the source's pairs, at their share of version pairs">
                P(versions)
              </th>
              <th className="num" title="Share of the calibration's non-version pairs at or below this distance (its ROC, interpolated)">
                FPR here
              </th>
              <th title="The job (or the bundled calibration) whose pairs gave the threshold; hover for its dataset and date">Threshold from</th>
            </tr>
          </thead>
          <tbody>
            {judgement.scores.map((s) => {
              const raw = extra.get(s.method)
              return (
                <tr key={s.method} data-testid={`score-${s.method}`}>
                  <td className="cell-strong">{METHOD_TITLES[s.method].label}</td>
                  <td className="num mono" data-testid={`distance-${s.method}`}>
                    {orInfinity(s.distance)}
                    {raw && raw.directions[0] !== raw.directions[1] && (
                      <div className="small muted" data-testid={`directions-${s.method}`} title="The distance from the first to the second, and from the second to the first; the verdict goes by their mean, as the evaluation counts a pair">
                        {orInfinity(raw.directions[0])} ⇄ {orInfinity(raw.directions[1])}
                      </div>
                    )}
                  </td>
                  <td className="num mono">{raw?.score == null ? '—' : fmtValue(raw.score)}</td>
                  <td>
                    <span className={`verdict verdict-${s.verdict.replace(' ', '-')}`} data-testid={`verdict-${s.method}`}>
                      {s.verdict}
                    </span>{' '}
                    <span className="muted small" data-testid={`threshold-${s.method}`} data-threshold={s.threshold?.value ?? ''}>
                      {verdictDetail(s)}
                    </span>
                  </td>
                  <td
                    className="num mono"
                    data-testid={`probability-${s.method}`}
                    title={s.prior === null ? 'no calibrated probability for this source' : `at a prior of ${pct(s.prior)} version pairs; rarer versions mean lower odds`}
                  >
                    {s.probability === null ? '—' : s.probability.toFixed(3)}
                  </td>
                  <td className="num mono" data-testid={`fpr-${s.method}`}>
                    {s.fprAtDistance === null ? '—' : pct(s.fprAtDistance)}
                  </td>
                  <td className="small" title={s.threshold?.origin} data-testid={`origin-${s.method}`}>
                    {s.threshold ? (s.threshold.jobId ? `job ${s.threshold.jobId.slice(0, 8)}` : 'bundled') : <span className="muted">—</span>}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
      <p className="small" data-testid="combined-verdict" data-verdict={combined.verdict}>
        <strong>Combined: {combined.verdict}</strong>{' '}
        <span className="muted">
          ({combined.versions} of {fmtCount(combined.calibrated, 'calibrated method')} {combined.versions === 1 ? 'says' : 'say'} versions
          {combined.meanProbability === null ? '' : `, mean P(versions) ${combined.meanProbability.toFixed(3)}`}) — by {combined.rule}.
        </span>
      </p>
      {judgement.warnings.map((w) => (
        <p key={w} className="problem small" role="note" data-testid="calibration-warning">
          {w}
        </p>
      ))}
      {prior !== null && (
        <p className="muted small" data-testid="probability-note">
          P(versions) weighs a distance by how rare versions are among the calibration’s pairs ({pct(prior)} of them): where versions are
          rare it stays low even under the threshold, so a “versions” verdict with a small P(versions) is no contradiction. The verdict goes by the threshold (the operating
          point above); P(versions) says how likely versions are among pairs drawn like the calibration’s.
        </p>
      )}
      <p className="muted small">
        Lower distance is closer for every method. Qmax and Dmax: √(reference's frame stacks) ÷ score, which differs with the reference (first ⇄ second, shown
        under it), so the distance judged is their mean, as the evaluation counts a pair; DTW: mean cosine distance along the warping path.
      </p>
      <Distributions scores={judgement.scores} fileStem={`refrain-${pair.a.perfId}-${pair.b.perfId}`} />
    </section>
  )
}

const orInfinity = (d: number | null) => (d === null ? '∞' : fmtValue(d))

/** Each method's distance marked on its calibration's distributions, with the threshold. */
function Distributions({ scores, fileStem }: { scores: JudgedScore[]; fileStem: string }) {
  // The scores keep their identity until they are judged again, so the plots are drawn again only then.
  const specs = useMemo(
    () =>
      scores
        .filter((s) => s.histogram)
        .map((s) => ({
          method: s.method,
          spec: pairDistanceSpec(s.histogram!, s.threshold && { value: s.threshold.value, rule: ruleName(s.threshold) }, s.distance, `${METHOD_TITLES[s.method].label}: this pair among the pairs of ${s.threshold?.jobId ? `job ${s.threshold.jobId.slice(0, 8)}` : 'the bundled calibration'}`),
        })),
    [scores],
  )
  if (specs.length === 0) return null
  return (
    <details className="pair-distributions" open>
      <summary className="small">Where this pair falls among the calibration's pairs</summary>
      <div className="plot-grid">
        {specs.map(({ method, spec }) => (
          <Plot key={method} spec={spec} fileName={`${fileStem}-${method}-distances`} testId={`plot-pair-${method}`} label={`${METHOD_TITLES[method].label} distance among the calibration's pairs`} />
        ))}
      </div>
    </details>
  )
}
