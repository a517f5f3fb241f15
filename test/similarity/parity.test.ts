// Oracle parity: our cross-recurrence matrices equal the reference implementation's
// (ChromaCrossSimilarity) cell for cell, and our Qmax/Dmax scores, score matrices and distances
// match its CoverSongSimilarity within 1e-4, on seeded random pairs and on real Da-TACOS HPCP
// (excerpts paired with transposed, time-stretched and unrelated sections of the same recording).
import { beforeAll, describe, expect, test } from 'vitest'
import { join } from 'node:path'
import { readChroma } from '../../src-main/dataset/features'
import { alignCrossRecurrence, crossSimilarity, transpose, type ChromaSeq, type CrossSimilarityParams } from '../../src-main/similarity'
import { oracleCoverSongSimilarity, oracleCrossSimilarity } from './oracle'
import { excerpt, randomSequence, rng, stretch } from './helpers'

const HPCP = join(__dirname, '..', '..', 'resources', 'da-tacos', 'features_sample', 'da-tacos_coveranalysis_subset_hpcp', 'W_163992_hpcp', 'P_547131_hpcp.h5')

interface Pair {
  name: string
  q: ChromaSeq
  r: ChromaSeq
  params?: Partial<CrossSimilarityParams>
}

const stats = { pairs: 0, cells: 0, differingCells: 0, maxTieGap: 0, maxScoreDiff: 0, maxDistanceDiff: 0, maxEndToEndDiff: 0 }

/** Double-precision stack distance and the two thresholds of a cell, recomputed the slow, obvious way. */
function cellFacts(q: ChromaSeq, r: ChromaSeq, rows: number, cols: number, i: number, j: number, p: Partial<CrossSimilarityParams>) {
  const size = p.frameStackSize ?? 9
  const stride = p.frameStackStride ?? 1
  const pct = p.binarizePercentile ?? 0.095
  const dist = (a: number, b: number) => {
    let s = 0
    for (let t = 0; t < size; t++) {
      for (let k = 0; k < q.bins; k++) {
        const d = q.data[(a * stride + t * stride) * q.bins + k] - r.data[(b * stride + t * stride) * r.bins + k]
        s += d * d
      }
    }
    return Math.sqrt(s)
  }
  const percentile = (v: number[]) => {
    v.sort((x, y) => x - y)
    const rank = pct * (v.length - 1)
    const lo = Math.floor(rank)
    return lo + 1 < v.length ? v[lo] + (v[lo + 1] - v[lo]) * (rank - lo) : v[lo]
  }
  const rowT = percentile(Array.from({ length: cols }, (_, b) => dist(i, b)))
  const colT = percentile(Array.from({ length: rows }, (_, a) => dist(a, j)))
  return { d: dist(i, j), rowT, colT }
}

function checkPair({ q, r, params = {} }: Pair): void {
  const ours = crossSimilarity(q, r, params)
  const ref = oracleCrossSimilarity(q, r, params)
  expect([ours.rows, ours.cols]).toEqual([ref.rows, ref.cols])
  let differing = 0
  const transposed = transpose(r, ours.oti)
  for (let k = 0; k < ours.matrix.length; k++) {
    if (ours.matrix[k] === ref.data[k]) continue
    differing++
    // The reference works in single precision; a cell may only disagree when its distance is
    // within single-precision rounding of one of its thresholds.
    const f = cellFacts(q, transposed, ours.rows, ours.cols, Math.floor(k / ours.cols), k % ours.cols, params)
    const gap = Math.min(Math.abs(f.d - f.rowT), Math.abs(f.d - f.colT)) / f.d
    stats.maxTieGap = Math.max(stats.maxTieGap, gap)
    expect(gap).toBeLessThan(1e-6)
  }
  stats.cells += ours.matrix.length
  stats.differingCells += differing
  expect(differing).toBeLessThanOrEqual(1)
  for (const alignmentType of ['serra09', 'chen17'] as const) {
    for (const distanceType of ['asymmetric', 'symmetric'] as const) {
      // Alignment parity on the very same matrix (the reference's), cell for cell.
      const refMatrix = { rows: ref.rows, cols: ref.cols, matrix: Uint8Array.from(ref.data) }
      const a = alignCrossRecurrence(refMatrix, { alignmentType, distanceType, scoreMatrix: true })
      const o = oracleCoverSongSimilarity({ rows: ref.rows, cols: ref.cols, data: ref.data }, alignmentType, 0.5, 0.5, distanceType)
      let scoreDiff = 0
      for (let k = 0; k < o.score.data.length; k++) scoreDiff = Math.max(scoreDiff, Math.abs(o.score.data[k] - a.scoreMatrix![k]))
      const distanceDiff = a.distance === o.distance ? 0 : Math.abs(a.distance - o.distance)
      stats.maxScoreDiff = Math.max(stats.maxScoreDiff, scoreDiff)
      stats.maxDistanceDiff = Math.max(stats.maxDistanceDiff, distanceDiff)
      expect(scoreDiff).toBeLessThan(1e-4)
      expect(distanceDiff).toBeLessThan(1e-4)
      // End to end (our matrix, our alignment) against the reference's pipeline.
      const e = alignCrossRecurrence(ours, { alignmentType, distanceType })
      const endDiff = e.distance === o.distance ? 0 : Math.abs(e.distance - o.distance)
      stats.maxEndToEndDiff = Math.max(stats.maxEndToEndDiff, endDiff)
      if (differing === 0) expect(endDiff).toBeLessThan(1e-4)
    }
  }
  stats.pairs++
}

describe('parity with the reference implementation', () => {
  test('random seeded pairs of varied lengths and parameters', () => {
    const rand = rng(20251125)
    const variants: Array<Partial<CrossSimilarityParams>> = [
      {},
      {},
      {},
      { frameStackSize: 1 },
      { frameStackSize: 4, frameStackStride: 2 },
      { frameStackSize: 9, frameStackStride: 3 },
      { oti: false },
      { noti: 5 },
      { frameStackSize: 2 },
      { frameStackSize: 5, oti: false },
    ]
    for (let t = 0; t < 30; t++) {
      const params = variants[t % variants.length]
      const n = 30 + Math.floor(rand() * 250)
      const m = 30 + Math.floor(rand() * 250)
      checkPair({ name: `random ${t}`, q: randomSequence(n, rand), r: randomSequence(m, rand), params })
    }
  }, 120_000)

  describe('real Da-TACOS HPCP (W_163992 / P_547131)', () => {
    let song: ChromaSeq
    beforeAll(async () => {
      const c = await readChroma(HPCP, 'hpcp')
      song = { frames: c.frames, bins: c.bins, data: c.data }
    })

    test('excerpts against transposed, time-stretched and unrelated sections', () => {
      const rand = rng(7)
      const pairs: Pair[] = []
      const len = song.frames
      for (let t = 0; t < 8; t++) {
        const size = 150 + Math.floor(rand() * 350)
        const start = Math.floor(rand() * (len - 2 * size))
        const a = excerpt(song, start, size)
        const shift = 1 + Math.floor(rand() * 11)
        pairs.push({ name: `transposed +${shift}`, q: a, r: transpose(a, shift) })
        pairs.push({ name: 'stretched 0.8', q: a, r: stretch(transpose(a, shift), 0.8) })
        pairs.push({ name: 'stretched 1.25', q: stretch(a, 1.25), r: a })
        const other = Math.floor(rand() * (len - size))
        pairs.push({ name: 'unrelated', q: a, r: excerpt(song, other, Math.max(60, size - 50)) })
      }
      // The recording opens with 14 frames of digital silence: identical (all-zero) stacks, so
      // tied distances at the thresholds.
      pairs.push({ name: 'silent intro, itself', q: excerpt(song, 0, 300), r: excerpt(song, 0, 300) })
      pairs.push({ name: 'silent intro, transposed', q: excerpt(song, 0, 300), r: transpose(excerpt(song, 0, 300), 4) })
      pairs.push({ name: 'silent intro, later section', q: excerpt(song, 0, 250), r: excerpt(song, 100, 300) })
      pairs.push({ name: 'downsampled stack 3', q: excerpt(song, 100, 400), r: excerpt(song, 900, 380), params: { frameStackSize: 3, frameStackStride: 2 } })
      for (const pair of pairs) checkPair(pair)
    }, 300_000)
  })

  test('summary', () => {
    console.log(
      `parity: ${stats.pairs} pairs, ${stats.cells} cells, ${stats.differingCells} differing (largest relative gap to a threshold ${stats.maxTieGap.toExponential(2)}); ` +
        `alignment on the same matrix: max |score diff| ${stats.maxScoreDiff}, max |distance diff| ${stats.maxDistanceDiff}; end to end max |distance diff| ${stats.maxEndToEndDiff}`,
    )
    expect(stats.pairs).toBeGreaterThanOrEqual(50)
  })
})
