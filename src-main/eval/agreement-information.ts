// Information-theoretic agreement between predicted clusters (K) and known works (C), from their
// contingency table (agreement-table.ts: n_ij items of work i in cluster j; a_i, b_j its row and
// column sums; N items). Natural logarithms throughout (the measures are ratios, so the base
// cancels).
//
// - Mutual information MI = Σ (n_ij/N) log(N n_ij / (a_i b_j)); entropy H(C) = −Σ (a_i/N) log(a_i/N).
// - Homogeneity, completeness and V-measure: Rosenberg & Hirschberg, "V-Measure: A conditional
//   entropy-based external cluster evaluation measure" (EMNLP-CoNLL 2007): homogeneity
//   h = 1 − H(C|K)/H(C) = MI/H(C) (1 when H(C) = 0: one work), completeness c = MI/H(K) (1 when
//   H(K) = 0: one cluster), V = 2hc/(h + c) (β = 1; 0 when h + c = 0).
// - Adjusted mutual information: Vinh, Epps & Bailey, "Information theoretic measures for
//   clusterings comparison" (JMLR 11, 2010), AMI = (MI − E[MI]) / (mean(H(C), H(K)) − E[MI]) with
//   the arithmetic mean (scikit-learn's default normalisation), and E[MI] their eq. 24A, the exact
//   expectation under the hypergeometric (permutation) model:
//     E[MI] = Σ_i Σ_j Σ_{n = max(1, a_i+b_j−N)}^{min(a_i, b_j)} (n/N) log(N n / (a_i b_j))
//             · a_i! b_j! (N−a_i)! (N−b_j)! / (N! n! (a_i−n)! (b_j−n)! (N−a_i−b_j+n)!)
//   The factorial ratio is taken through log-factorials (log-gamma at integers), so it neither
//   overflows nor loses digits. The summand depends on (a_i, b_j) only, so it is summed once per
//   distinct pair of sizes times how many rows and columns have them: exact, and fast at 15,000
//   items. Identical partitions give AMI 1, also where the formula is 0/0 (both all singletons).
import type { WorkLabel } from './input'
import { contingency, identicalPartitions, type Contingency } from './agreement-table'

/** Adjusted mutual information (Vinh, Epps & Bailey 2010; arithmetic-mean normalisation). */
export function adjustedMutualInformation(truth: readonly WorkLabel[], predicted: readonly WorkLabel[]): number {
  return adjustedMutualInformationOf(contingency(truth, predicted))
}

/** Homogeneity (Rosenberg & Hirschberg 2007): each cluster holds one work. */
export function homogeneity(truth: readonly WorkLabel[], predicted: readonly WorkLabel[]): number {
  return homogeneityOf(contingency(truth, predicted))
}

/** Completeness (Rosenberg & Hirschberg 2007): each work lies in one cluster. */
export function completeness(truth: readonly WorkLabel[], predicted: readonly WorkLabel[]): number {
  return completenessOf(contingency(truth, predicted))
}

/** V-measure (Rosenberg & Hirschberg 2007): the harmonic mean of homogeneity and completeness. */
export function vMeasure(truth: readonly WorkLabel[], predicted: readonly WorkLabel[]): number {
  return vMeasureOf(contingency(truth, predicted))
}

export function entropy(sizes: readonly number[], n: number): number {
  let h = 0
  for (const a of sizes) if (a > 0) h += (a / n) * Math.log(n / a)
  return h
}

export function mutualInformation(t: Contingency): number {
  let mi = 0
  for (const c of t.cells) mi += (c.count / t.n) * Math.log((t.n * c.count) / (t.classSizes[c.row] * t.clusterSizes[c.col]))
  // MI >= 0; a sum of terms that cancel exactly (independent labelings) can land a rounding below.
  return Math.max(0, mi)
}

export function homogeneityOf(t: Contingency): number {
  const h = entropy(t.classSizes, t.n)
  return h === 0 ? 1 : mutualInformation(t) / h
}

export function completenessOf(t: Contingency): number {
  const h = entropy(t.clusterSizes, t.n)
  return h === 0 ? 1 : mutualInformation(t) / h
}

export function vMeasureOf(t: Contingency): number {
  const h = homogeneityOf(t)
  const c = completenessOf(t)
  return h + c === 0 ? 0 : (2 * h * c) / (h + c)
}

export function adjustedMutualInformationOf(t: Contingency): number {
  if (identicalPartitions(t)) return 1
  const mi = mutualInformation(t)
  const emi = expectedMutualInformation(t.classSizes, t.clusterSizes, t.n)
  const mean = (entropy(t.classSizes, t.n) + entropy(t.clusterSizes, t.n)) / 2
  return (mi - emi) / (mean - emi)
}

/** E[MI] of two labelings with these class and cluster sizes under random permutation (Vinh et al. 2010, eq. 24A). */
export function expectedMutualInformation(classSizes: readonly number[], clusterSizes: readonly number[], n: number): number {
  const logFact = logFactorials(n)
  let emi = 0
  for (const [a, rowsOfA] of tally(classSizes)) {
    for (const [b, colsOfB] of tally(clusterSizes)) {
      // log of the part of the hypergeometric probability that does not depend on n_ij
      const fixed = logFact[a] + logFact[b] + logFact[n - a] + logFact[n - b] - logFact[n]
      let term = 0
      for (let k = Math.max(1, a + b - n); k <= Math.min(a, b); k++) {
        const logP = fixed - logFact[k] - logFact[a - k] - logFact[b - k] - logFact[n - a - b + k]
        term += (k / n) * Math.log((n * k) / (a * b)) * Math.exp(logP)
      }
      emi += rowsOfA * colsOfB * term
    }
  }
  return emi
}

function tally(sizes: readonly number[]): Map<number, number> {
  const out = new Map<number, number>()
  for (const s of sizes) out.set(s, (out.get(s) ?? 0) + 1)
  return out
}

/** log k! for k = 0..n: exact products up to 18! (below 2^53), Stirling's series of log Γ(k + 1) above. */
export function logFactorials(n: number): Float64Array {
  const out = new Float64Array(n + 1)
  let product = 1
  for (let k = 1; k <= n; k++) {
    if (k <= 18) {
      product *= k
      out[k] = Math.log(product)
    } else out[k] = logGamma(k + 1)
  }
  return out
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI)

/**
 * log Γ(x) for x >= 19 by Stirling's asymptotic series (Abramowitz & Stegun 6.1.41) through the
 * x^-11 term; the first term left out is below 1/(156 x^13), under 1e-18 here.
 */
function logGamma(x: number): number {
  const r = 1 / x
  const r2 = r * r
  const series = r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 * (1 / 1680 - r2 * (1 / 1188 - r2 * (691 / 360360))))))
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + series
}
