// A calibrated probability that a pair is a pair of versions, from its distance: Platt scaling
// (Platt, "Probabilistic outputs for support vector machines and comparisons to regularized
// likelihood methods", 1999), p(d) = 1 / (1 + exp(a·d + b)), fitted by maximum likelihood to the
// version and non-version pair distances of an evaluated job, with Platt's smoothed targets
// (N+ + 1)/(N+ + 2) and 1/(N- + 2) so that separable data still gives finite parameters.
//
// The probability is conditional on the share of version pairs in the data it was fitted on (its
// prior). Applied to a collection where versions are rarer (a query against a whole library), it
// overstates; `atPrior` re-weights the odds to another prior (Bayes' rule on the odds).
import { EvalInputError } from './input'
import type { PairDistances } from './roc'

export interface Calibration {
  /** Slope and intercept of the logit: p(d) = 1 / (1 + exp(a·d + b)); a > 0 when closer means likelier versions. */
  a: number
  b: number
  /** The share of version pairs the fit saw (its prior), and how many pairs of each kind. */
  prior: number
  versionPairs: number
  nonVersionPairs: number
}

/** Distances are binned this finely before fitting: a 15,000-item job has 112 M pairs. */
const BINS = 4096
const MAX_ITERATIONS = 100

/** Fits the calibration to finite pair distances (infinite ones are left out: they carry no slope). */
export function fitCalibration(pairs: PairDistances): Calibration {
  const pos = finiteOf(pairs.versions)
  const neg = finiteOf(pairs.nonVersions)
  if (pos.length === 0 || neg.length === 0) throw new EvalInputError('a calibration needs finite distances of both version and non-version pairs')
  const lo = Math.min(pos[0], neg[0])
  const hi = Math.max(pos[pos.length - 1], neg[neg.length - 1])
  const width = hi > lo ? (hi - lo) / BINS : 1
  // Per bin: the mean distance and the count of each kind.
  const sum = new Float64Array(BINS)
  const nPos = new Float64Array(BINS)
  const nNeg = new Float64Array(BINS)
  const add = (values: Float64Array, counts: Float64Array) => {
    for (const d of values) {
      const k = Math.min(BINS - 1, Math.floor((d - lo) / width))
      sum[k] += d
      counts[k]++
    }
  }
  add(pos, nPos)
  add(neg, nNeg)
  const tPos = (pos.length + 1) / (pos.length + 2)
  const tNeg = 1 / (neg.length + 2)
  const xs: number[] = []
  const ws: number[] = []
  const ts: number[] = []
  for (let k = 0; k < BINS; k++) {
    const n = nPos[k] + nNeg[k]
    if (n === 0) continue
    // A bin's pairs share its mean distance; its target is the smoothed share of versions in it.
    xs.push((sum[k] / n - lo) / (hi - lo || 1))
    ws.push(n)
    ts.push((nPos[k] * tPos + nNeg[k] * tNeg) / n)
  }
  const { a, b } = newton(xs, ws, ts)
  // The fit was on distances scaled to [0, 1]: undo the scaling.
  const scale = hi - lo || 1
  return { a: a / scale, b: b - (a * lo) / scale, prior: pos.length / (pos.length + neg.length), versionPairs: pos.length, nonVersionPairs: neg.length }
}

/** The probability that a pair at distance `d` is a pair of versions, at the calibration's own prior or another. */
export function versionProbability(c: Calibration, d: number, prior = c.prior): number {
  if (!(prior > 0 && prior < 1)) throw new EvalInputError(`a prior is a probability strictly between 0 and 1, not ${prior}`)
  if (d === Infinity) return c.a > 0 ? 0 : 1 / (1 + Math.exp(c.b))
  if (Number.isNaN(d)) throw new EvalInputError('the distance is NaN')
  // log-odds at the fit's prior, moved to the asked-for prior.
  const logit = -(c.a * d + c.b) + Math.log(prior / (1 - prior)) - Math.log(c.prior / (1 - c.prior))
  return 1 / (1 + Math.exp(-logit))
}

function finiteOf(values: Float64Array): Float64Array {
  const out = values.filter((v) => Number.isFinite(v))
  return out.sort()
}

/**
 * Maximises Σ w·[t·log p + (1 - t)·log(1 - p)] with p = 1/(1 + exp(a·x + b)) by Newton's method
 * with step halving (Platt's procedure, as refined by Lin, Lin & Weng 2007 for numerical safety).
 */
function newton(xs: number[], ws: number[], ts: number[]): { a: number; b: number } {
  const objective = (a: number, b: number) => {
    let f = 0
    for (let i = 0; i < xs.length; i++) {
      const z = a * xs[i] + b
      // −log-likelihood of one point, written to avoid overflow for large |z|.
      f += ws[i] * (z >= 0 ? ts[i] * z + Math.log1p(Math.exp(-z)) : (ts[i] - 1) * z + Math.log1p(Math.exp(z)))
    }
    return f
  }
  let a = 0
  let b = Math.log((ws.reduce((s, w, i) => s + w * (1 - ts[i]), 0) + 1) / (ws.reduce((s, w, i) => s + w * ts[i], 0) + 1))
  let f = objective(a, b)
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    let gA = 0
    let gB = 0
    let hAA = 1e-12
    let hAB = 0
    let hBB = 1e-12
    for (let i = 0; i < xs.length; i++) {
      const z = a * xs[i] + b
      const p = z >= 0 ? Math.exp(-z) / (1 + Math.exp(-z)) : 1 / (1 + Math.exp(z))
      const q = 1 - p
      const d1 = ws[i] * (ts[i] - p)
      const d2 = ws[i] * p * q
      gA += xs[i] * d1
      gB += d1
      hAA += xs[i] * xs[i] * d2
      hAB += xs[i] * d2
      hBB += d2
    }
    if (Math.abs(gA) < 1e-9 && Math.abs(gB) < 1e-9) break
    const det = hAA * hBB - hAB * hAB
    const dA = -(hBB * gA - hAB * gB) / det
    const dB = -(-hAB * gA + hAA * gB) / det
    let step = 1
    for (; step >= 1e-10; step /= 2) {
      const f2 = objective(a + step * dA, b + step * dB)
      if (f2 < f + 1e-4 * step * (gA * dA + gB * dB)) {
        a += step * dA
        b += step * dB
        f = f2
        break
      }
    }
    if (step < 1e-10) break
  }
  return { a, b }
}
