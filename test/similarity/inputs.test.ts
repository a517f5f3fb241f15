// Preprocessing by hand, and what every entry point does with bad or degenerate input: a clear
// error naming the problem, or a documented value (never NaN, never a silent zero score).
import { describe, expect, test } from 'vitest'
import {
  chroma,
  crossSimilarity,
  downsample,
  dtw,
  lbKeogh,
  minFramesFor,
  normaliseFrames,
  optimalTransposition,
  qmaxSimilarity,
  SimilarityInputError,
  stackCount,
  transpose,
  type ChromaSeq,
} from '../../src-main/similarity'
import { randomSequence, rng, seq } from './helpers'

describe('preprocessing', () => {
  test('downsampling by mean and by median, keeping a last partial block', () => {
    const s = seq([[1, 0], [3, 0], [2, 9], [10, 1], [5, 5]])
    expect(Array.from(downsample(s, 2, 'mean').data)).toEqual([2, 0, 6, 5, 5, 5])
    expect(Array.from(downsample(s, 3, 'median').data)).toEqual([2, 0, 7.5, 3])
    expect(downsample(s, 1).data).not.toBe(s.data)
    expect(() => downsample(s, 0)).toThrow(/factor/)
  })

  test('frame normalisation: unit max or unit length, silence stays silent', () => {
    const s = seq([[2, 1, 0], [0, 0, 0], [3, 4, 0]])
    expect(Array.from(normaliseFrames(s, 'max').data)).toEqual([1, 0.5, 0, 0, 0, 0, 0.75, 1, 0])
    const l2 = Array.from(normaliseFrames(s, 'l2').data)
    expect(l2.slice(6, 8).map((x) => +x.toFixed(6))).toEqual([0.6, 0.8])
    expect(l2.slice(3, 6)).toEqual([0, 0, 0])
  })

  test('OTI finds the shift that undoes a transposition; transpose round-trips', () => {
    const a = randomSequence(50, rng(3))
    for (let k = 0; k < 12; k++) {
      const b = transpose(a, k)
      const oti = optimalTransposition(a, b)
      expect((oti + k) % 12).toBe(0)
      expect(Array.from(transpose(b, oti).data)).toEqual(Array.from(a.data))
    }
    expect(Array.from(transpose(transpose(a, 5), -5).data)).toEqual(Array.from(a.data))
  })

  test('OTI of silent or flat chroma is 0, not an arbitrary key', () => {
    const silent = chroma(new Float32Array(12 * 20))
    const flat = chroma(new Float32Array(12 * 20).fill(0.3))
    expect(optimalTransposition(silent, randomSequence(20, rng(4)))).toBe(0)
    expect(optimalTransposition(randomSequence(20, rng(4)), flat)).toBe(0)
  })
})

describe('stacking', () => {
  test('stack counts and the shortest usable sequence', () => {
    expect(stackCount(20, 9, 1)).toBe(11)
    expect(stackCount(30, 3, 2)).toBe(12)
    expect(stackCount(30, 9, 2)).toBe(6)
    expect(stackCount(7, 1, 1)).toBe(7)
    expect(stackCount(9, 9, 1)).toBe(0)
    expect(minFramesFor(9, 1)).toBe(11)
    expect(stackCount(minFramesFor(9, 1), 9, 1)).toBe(2)
    expect(stackCount(minFramesFor(4, 3), 4, 3)).toBe(2)
  })
})

describe('bad input is refused by name', () => {
  const rand = rng(5)
  const good = randomSequence(40, rand)

  test('sequences shorter than the frame stack', () => {
    const short = randomSequence(10, rand)
    expect(() => crossSimilarity(short, good)).toThrow(/query has 10 frames; frameStackSize 9 with stride 1 needs at least 11/)
    expect(() => qmaxSimilarity(good, short)).toThrow(/reference has 10 frames/)
    expect(() => crossSimilarity(randomSequence(11, rand), good)).not.toThrow()
    expect(() => dtw(chroma(new Float32Array(0)), good)).toThrow(/query has 0 frames/)
  })

  test('NaN and infinite values, with the frame and bin', () => {
    const nan = randomSequence(40, rand)
    nan.data[5 * 12 + 3] = NaN
    const inf = randomSequence(40, rand)
    inf.data[7 * 12] = -Infinity
    expect(() => crossSimilarity(nan, good)).toThrow(/query frame 5 bin 3 is NaN/)
    expect(() => qmaxSimilarity(good, inf)).toThrow(/reference frame 7 bin 0 is -Infinity/)
    expect(() => dtw(nan, good)).toThrow(SimilarityInputError)
    expect(() => lbKeogh(good, inf)).toThrow(SimilarityInputError)
    expect(() => optimalTransposition(nan, good)).toThrow(SimilarityInputError)
  })

  test('mismatched bin counts and shapes', () => {
    const bins13: ChromaSeq = { frames: 40, bins: 13, data: new Float32Array(40 * 13) }
    expect(() => crossSimilarity(good, bins13)).toThrow(/query has 12 bins per frame but reference has 13/)
    expect(() => dtw(good, bins13)).toThrow(/bins/)
    expect(() => crossSimilarity({ frames: 41, bins: 12, data: good.data }, good)).toThrow(/480 values, not frames x bins = 41 x 12/)
    expect(() => chroma(new Float32Array(13))).toThrow(/whole number of 12-bin frames/)
  })

  test('out-of-range parameters', () => {
    expect(() => crossSimilarity(good, good, { frameStackSize: 0 })).toThrow(/frameStackSize/)
    expect(() => crossSimilarity(good, good, { frameStackStride: 1.5 })).toThrow(/frameStackStride/)
    expect(() => crossSimilarity(good, good, { binarizePercentile: 1.2 })).toThrow(/binarizePercentile/)
    expect(() => crossSimilarity(good, good, { noti: 13 })).toThrow(/noti/)
    expect(() => dtw(good, good, { band: -1 })).toThrow(/band/)
    expect(() => dtw(good, good, { band: 3, openEnd: true })).toThrow(/band cannot be combined/)
    expect(() => dtw(good, good, { abandonAbove: -1 })).toThrow(/abandonAbove/)
  })
})

describe('degenerate but valid input has a defined result', () => {
  const rand = rng(6)

  test('two silent inputs: every stack is every stack\'s neighbour (all ones); Qmax is a full diagonal', () => {
    const silent = chroma(new Float32Array(12 * 30))
    const r = qmaxSimilarity(silent, silent)
    expect(r.crossRecurrence.matrix.every((x) => x === 1)).toBe(true)
    expect(r.qmax).toBeGreaterThan(0)
    expect(Number.isFinite(r.distance)).toBe(true)
  })

  test('silence against music and flat chroma against music: finite numbers, no NaN', () => {
    const silent = chroma(new Float32Array(12 * 30))
    const flat = chroma(new Float32Array(12 * 30).fill(0.5))
    const music = randomSequence(30, rand)
    for (const [q, r] of [[silent, music], [music, silent], [flat, music], [music, flat]]) {
      const res = qmaxSimilarity(q, r)
      expect(Number.isNaN(res.distance)).toBe(false)
      expect(res.distance === Infinity || res.distance > 0).toBe(true)
      const d = dtw(q, r)
      expect(Number.isFinite(d.distance)).toBe(true)
    }
  })
})
