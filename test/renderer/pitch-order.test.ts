// One pitch order for every chromagram (src-renderer/src/chroma.ts): a chroma decoded from the
// backend is shown C first whatever its file's order, checked on the real Da-TACOS files of the
// shipped performance (key C major), whose HPCP starts at A and whose crema starts at C.
import { describe, expect, test } from 'vitest'
import { readChroma } from '../../src-main/dataset/features'
import { displayShift, pitchLabels, pitchOrderNote, toChroma, PITCH_ORDER } from '../../src-renderer/src/chroma'
import type { ChromaKind } from '../../src-renderer/src/types'

const SAMPLE = 'resources/da-tacos/features_sample'
const FILES: Record<ChromaKind, string> = {
  hpcp: `${SAMPLE}/da-tacos_coveranalysis_subset_hpcp/W_163992_hpcp/P_547131_hpcp.h5`,
  crema: `${SAMPLE}/da-tacos_coveranalysis_subset_crema/W_163992_crema/P_547131_crema.h5`,
  cens: `${SAMPLE}/da-tacos_coveranalysis_subset_cens/W_163992_cens/P_547131_cens.h5`,
}

/** What features.chroma sends for a frames x bins matrix. */
function answer(kind: ChromaKind, frames: number, bins: number, data: Float32Array) {
  return { kind, frames, bins, frameRate: 10, data: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64') }
}

/** Each display bin's mean over the frames. */
function meanProfile(values: Float32Array, bins: number): number[] {
  const sums = new Array<number>(bins).fill(0)
  for (let i = 0; i < values.length; i++) sums[i % bins]! += values[i]!
  return sums.map((s) => s / (values.length / bins))
}

const topThree = (profile: number[]) => [...profile.keys()].sort((a, b) => profile[b]! - profile[a]!).slice(0, 3)

describe('pitch order', () => {
  test('HPCP is rotated by 3 bins (its bin 0 is A); crema and CENS are kept (their bin 0 is C)', () => {
    expect(displayShift('hpcp', 12)).toBe(3)
    expect(displayShift('crema', 12)).toBe(0)
    expect(displayShift('cens', 12)).toBe(0)
    expect(displayShift('hpcp', 36)).toBe(9)
    expect(displayShift('hpcp', 13)).toBe(0)
  })

  test('a frame with only the file bin of C lit shows at display bin 0 for every kind', () => {
    for (const [kind, fileBinOfC] of [['hpcp', 3], ['crema', 0], ['cens', 0]] as const) {
      const frame = new Float32Array(12)
      frame[fileBinOfC] = 1
      const shown = toChroma(answer(kind, 1, 12, frame))
      expect(Array.from(shown.values), kind).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
      // A (file bin 0 of HPCP) lands at display bin 9.
      const a = new Float32Array(12)
      a[kind === 'hpcp' ? 0 : 9] = 1
      expect(toChroma(answer(kind, 1, 12, a)).values.indexOf(1), kind).toBe(9)
    }
  })

  test('labels name display bins C to B, whatever the kind, and say what the file kept', () => {
    expect(pitchLabels(12)).toEqual([...PITCH_ORDER])
    expect(pitchLabels(12)[0]).toBe('C')
    expect(pitchLabels(24).slice(0, 4)).toEqual(['C', 'C+1', 'C#', 'C#+1'])
    expect(pitchOrderNote('hpcp')).toBe("pitch classes C (bottom) to B (top), as for every feature; the hpcp file's bin 0 is A")
    expect(pitchOrderNote('crema')).toBe('pitch classes C (bottom) to B (top), as for every feature')
  })

  test('the real files of a C-major performance agree once shown: C, G and E are the strongest classes of HPCP and crema alike', async () => {
    const shown: Partial<Record<ChromaKind, number[]>> = {}
    for (const kind of ['hpcp', 'crema'] as const) {
      const matrix = await readChroma(FILES[kind], kind)
      const chroma = toChroma(answer(kind, matrix.frames, 12, matrix.data))
      shown[kind] = meanProfile(chroma.values, 12)
      expect(topThree(shown[kind]!).map((b) => PITCH_ORDER[b]), kind).toEqual(['C', 'G', 'E'])
    }
    // And the two profiles line up bin for bin (they would not, one rotated by 3, without the mapping).
    const correlation = pearson(shown.hpcp!, shown.crema!)
    expect(correlation).toBeGreaterThan(0.95)
  })
})

function pearson(x: number[], y: number[]): number {
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length
  const mx = mean(x)
  const my = mean(y)
  let sxy = 0
  let sxx = 0
  let syy = 0
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my)
    sxx += (x[i]! - mx) ** 2
    syy += (y[i]! - my) ** 2
  }
  return sxy / Math.sqrt(sxx * syy)
}
