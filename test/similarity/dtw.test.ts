// DTW: hand-computed cases, invariances (identity, circular shift with OTI / all 12 shifts), the
// Sakoe–Chiba band, open begin/end, path recovery, the lower bound and early abandoning.
import { describe, expect, test } from 'vitest'
import { dtw, lbKeogh, transpose, type ChromaSeq } from '../../src-main/similarity'
import { excerpt, randomSequence, rng, seq, stretch } from './helpers'

// One-hot "chroma" over 3 bins makes the cosine distance 0 (same bin) or 1 (different bins).
const X = [1, 0, 0]
const Y = [0, 1, 0]
const Z = [0, 0, 1]

describe('hand-computed', () => {
  test('3 x 3', () => {
    // A = X Y Z, B = X Z Z. Local costs c(i,j) (rows A, columns B):
    //        X  Z  Z
    //   X  [ 0  1  1 ]
    //   Y  [ 1  1  1 ]
    //   Z  [ 1  0  0 ]
    // Symmetric steps: g(0,0) = 2c; diagonal + 2c, horizontal/vertical + c.
    //   g row 0: 0, 0+1=1, 1+1=2
    //   g row 1: 0+1=1, min(0+2*1, 1+1, 1+1)=2, min(1+2, 2+1, 2+1)=3
    //   g row 2: 1+1=2, min(1+0, 2+0, 2+0)=1, min(2+0, 3+0, 1+0)=1
    // cost 1, weight n+m = 6, distance 1/6. Path (0,0) (1,0) (2,1) (2,2).
    const r = dtw(seq([X, Y, Z]), seq([X, Z, Z]), { keyShift: 'none', path: true })
    expect(r.cost).toBe(1)
    expect(r.distance).toBeCloseTo(1 / 6, 12)
    expect(r.path).toEqual([[0, 0], [1, 0], [2, 1], [2, 2]])
  })

  test('4 x 5', () => {
    // A = X Y Y Z, B = X X Y Z Z. Local costs:
    //        X  X  Y  Z  Z
    //   X  [ 0  0  1  1  1 ]
    //   Y  [ 1  1  0  1  1 ]
    //   Y  [ 1  1  0  1  1 ]
    //   Z  [ 1  1  1  0  0 ]
    //   g row 0: 0, 0, 1, 2, 3
    //   g row 1: 1, min(0+2, 0+1, 1+1)=1, min(0+0, 1+0, 1+0)=0, min(1+2, 2+1, 0+1)=1, min(2+2, 3+1, 1+1)=2
    //   g row 2: 2, min(1+2, 1+1, 2+1)=2, min(1+0, 0+0, 2+0)=0, min(0+2, 1+1, 0+1)=1, min(1+2, 2+1, 1+1)=2
    //   g row 3: 3, min(2+2, 2+1, 3+1)=3, min(2+2, 0+1, 3+1)=1, min(0+0, 1+0, 1+0)=0, min(1+0, 2+0, 0+0)=0
    // cost 0: A is B with one X dropped and one Y and one Z repeated; distance 0 / 9.
    const r = dtw(seq([X, Y, Y, Z]), seq([X, X, Y, Z, Z]), { keyShift: 'none', path: true })
    expect(r.cost).toBe(0)
    expect(r.distance).toBe(0)
    const last = dtw(seq([X, Y, Y, Z]), seq([X, X, Y, Z, Y]), { keyShift: 'none' })
    // Same but B ends on Y: the last column costs c(3,4) = 1 more than the best path through (3,3): g = 0 + 1.
    expect(last.cost).toBe(1)
    expect(last.distance).toBeCloseTo(1 / 9, 12)
  })
})

describe('invariances', () => {
  const rand = rng(11)
  const a = randomSequence(60, rand)

  test('identity gives 0 with every key-shift mode, with and without a band', () => {
    for (const keyShift of ['none', 'oti', 'all'] as const) {
      expect(dtw(a, a, { keyShift }).distance).toBe(0)
      expect(dtw(a, a, { keyShift, band: 0 }).distance).toBe(0)
    }
  })

  test('a circularly shifted copy gives 0 with OTI and with all 12 shifts, not without', () => {
    for (const shift of [1, 5, 11]) {
      const b = transpose(a, shift)
      const oti = dtw(a, b, { keyShift: 'oti' })
      const all = dtw(a, b, { keyShift: 'all' })
      expect(oti.distance).toBeLessThan(1e-7)
      expect(all.distance).toBeLessThan(1e-7)
      // transpose(b, s) is back in a's key: s undoes the shift.
      expect((oti.shift + shift) % 12).toBe(0)
      expect(dtw(a, b, { keyShift: 'none' }).distance).toBeGreaterThan(0.05)
    }
  })

  test('symmetric in its arguments (full alignment)', () => {
    const b = randomSequence(45, rand)
    expect(dtw(a, b).distance).toBeCloseTo(dtw(b, a).distance, 12)
  })

  test('a time-stretched copy is closer than an unrelated sequence', () => {
    const stretched = stretch(a, 1.3)
    expect(dtw(a, stretched).distance).toBeLessThan(dtw(a, randomSequence(78, rand)).distance)
  })
})

describe('band', () => {
  const rand = rng(12)
  const a = randomSequence(40, rand)
  const b = randomSequence(50, rand)

  test('a band can only make the distance larger, and a wide band equals none', () => {
    const free = dtw(a, b).distance
    const narrow = dtw(a, b, { band: 1 }).distance
    const wide = dtw(a, b, { band: 100 }).distance
    expect(narrow).toBeGreaterThanOrEqual(free)
    expect(wide).toBe(free)
  })

  test('the path stays within the band around the corner-to-corner line', () => {
    const r = dtw(a, b, { band: 3, path: true })
    for (const [i, j] of r.path!) expect(Math.abs(j - (i * 49) / 39)).toBeLessThanOrEqual(3 + 1)
  })

  test('a delayed copy is found without a band and penalised by a narrow one', () => {
    const base = randomSequence(80, rand)
    const delayed: ChromaSeq = { frames: 80, bins: 12, data: new Float32Array(80 * 12) }
    delayed.data.set(base.data.subarray(0, 60 * 12), 20 * 12) // the same music 20 frames later
    delayed.data.set(base.data.subarray(60 * 12, 80 * 12), 0)
    expect(dtw(base, delayed, { keyShift: 'none', band: 2 }).distance).toBeGreaterThan(dtw(base, delayed, { keyShift: 'none' }).distance)
  })
})

describe('open begin / open end', () => {
  const rand = rng(13)
  const long = randomSequence(120, rand)
  const part = excerpt(long, 40, 30)

  test('an excerpt aligns at 0 cost inside its source, at the right place', () => {
    const r = dtw(part, long, { keyShift: 'none', openBegin: true, openEnd: true, path: true })
    expect(r.distance).toBe(0)
    expect([r.startB, r.endB]).toEqual([40, 69])
    expect(r.path![0]).toEqual([0, 40])
    expect(r.path![r.path!.length - 1]).toEqual([29, 69])
    // Normalised by n + the columns spanned: 30 + 30.
    expect(dtw(excerpt(long, 40, 30), long, { keyShift: 'none', openBegin: true, openEnd: true }).cost).toBe(0)
  })

  test('open end only: free to stop early, must start at B[0]', () => {
    const head = excerpt(long, 0, 30)
    const r = dtw(head, long, { keyShift: 'none', openEnd: true })
    expect(r.distance).toBe(0)
    expect([r.startB, r.endB]).toEqual([0, 29])
    expect(dtw(part, long, { keyShift: 'none', openEnd: true }).distance).toBeGreaterThan(0)
  })

  test('open begin only: free to start late, must end at the last frame of B', () => {
    const tail = excerpt(long, 90, 30)
    const r = dtw(tail, long, { keyShift: 'none', openBegin: true })
    expect(r.distance).toBe(0)
    expect([r.startB, r.endB]).toEqual([90, 119])
  })

  test('closed alignment of an excerpt costs more', () => {
    expect(dtw(part, long, { keyShift: 'none' }).distance).toBeGreaterThan(0.1)
  })
})

describe('path recovery', () => {
  test('monotone, unit steps, connects the corners, and its cost is the distance', () => {
    const rand = rng(14)
    for (const [n, m] of [[20, 33], [33, 20], [25, 25], [1, 7], [7, 1]]) {
      const a = randomSequence(n, rand)
      const b = randomSequence(m, rand)
      const r = dtw(a, b, { keyShift: 'none', path: true })
      const path = r.path!
      expect(path[0]).toEqual([0, 0])
      expect(path[path.length - 1]).toEqual([n - 1, m - 1])
      let cost = 0
      const unit = (s: ChromaSeq, t: number) => {
        const f = Array.from(s.data.subarray(t * 12, t * 12 + 12))
        const norm = Math.hypot(...f)
        return f.map((x) => x / norm)
      }
      for (let k = 0; k < path.length; k++) {
        const [i, j] = path[k]
        const ua = unit(a, i)
        const ub = unit(b, j)
        const c = 1 - ua.reduce((s, x, q) => s + x * ub[q], 0)
        if (k === 0) cost += 2 * c
        else {
          const [pi, pj] = path[k - 1]
          const di = i - pi
          const dj = j - pj
          expect(di === 0 || di === 1).toBe(true)
          expect(dj === 0 || dj === 1).toBe(true)
          expect(di + dj).toBeGreaterThan(0)
          cost += di + dj === 2 ? 2 * c : c
        }
      }
      expect(cost).toBeCloseTo(r.cost, 4)
      // Without a path the same distance comes from two rows only.
      expect(dtw(a, b, { keyShift: 'none' }).distance).toBe(r.distance)
    }
  })
})

describe('lower bound and early abandoning', () => {
  const rand = rng(15)

  test('LB_Keogh never exceeds the DTW distance it bounds (band, OTI, all shifts)', () => {
    for (let t = 0; t < 40; t++) {
      const a = randomSequence(20 + Math.floor(rand() * 40), rand)
      const b = randomSequence(20 + Math.floor(rand() * 40), rand)
      for (const band of [null, 0, 3, 10]) {
        for (const keyShift of ['none', 'oti', 'all'] as const) {
          expect(lbKeogh(a, b, { band, keyShift })).toBeLessThanOrEqual(dtw(a, b, { band, keyShift }).distance + 1e-12)
        }
      }
    }
  })

  test('the bound is tight for a near copy and larger for unrelated music', () => {
    const a = randomSequence(50, rand)
    const near = stretch(a, 1.02)
    expect(lbKeogh(a, near, { band: 3 })).toBeLessThan(lbKeogh(a, randomSequence(51, rand), { band: 3 }))
  })

  test('abandoning returns the full result when the threshold is not exceeded, and flags it when it is', () => {
    for (let t = 0; t < 20; t++) {
      const a = randomSequence(30 + Math.floor(rand() * 30), rand)
      const b = randomSequence(30 + Math.floor(rand() * 30), rand)
      for (const opts of [{}, { band: 4 }, { keyShift: 'all' as const }, { openBegin: true, openEnd: true }]) {
        const full = dtw(a, b, opts)
        const kept = dtw(a, b, { ...opts, abandonAbove: full.distance + 1e-9 })
        expect(kept.abandoned).toBe(false)
        expect(kept.distance).toBe(full.distance)
        expect(kept.shift).toBe(full.shift)
        const dropped = dtw(a, b, { ...opts, abandonAbove: full.distance * 0.5 })
        expect(dropped.abandoned).toBe(true)
        expect(dropped.distance).toBe(Infinity)
      }
    }
  })
})

describe('silence', () => {
  test('zero frames match zero frames at no cost and sounding frames at the largest cost', () => {
    const silent = seq([[0, 0, 0], [0, 0, 0]])
    expect(dtw(silent, silent, { keyShift: 'none' }).distance).toBe(0)
    expect(dtw(silent, seq([X, X]), { keyShift: 'none' }).distance).toBe(1)
    expect(dtw(silent, seq([X, X])).distance).toBe(1) // OTI of silence is 0, no NaN
  })
})
