// eval/histogram.ts on cases counted by hand.
import { describe, expect, it } from 'vitest'
import { distanceHistogram } from '../../src-main/eval/histogram'

const pairs = (versions: number[], nonVersions: number[]) => ({ versions: Float64Array.from(versions), nonVersions: Float64Array.from(nonVersions) })

describe('distanceHistogram', () => {
  it('bins both kinds on shared equal-width edges; the top edge belongs to the last bin', () => {
    // Range [0, 4] in 4 bins: [0,1) [1,2) [2,3) [3,4].
    const h = distanceHistogram(pairs([0, 0.5, 1, 4], [2.5, 3, 3.9, 4]), 4)!
    expect(h.edges).toEqual([0, 1, 2, 3, 4])
    expect(h.versions).toEqual([2, 1, 0, 1])
    expect(h.nonVersions).toEqual([0, 0, 1, 3])
    expect(h.infinite).toEqual({ versions: 0, nonVersions: 0 })
  })

  it('counts infinite distances apart, and gives one bin a width when every distance is equal', () => {
    const h = distanceHistogram(pairs([2, Infinity], [2, Infinity, Infinity]), 3)!
    expect(h.edges).toEqual([2, 3, 4, 5])
    expect(h.versions).toEqual([1, 0, 0])
    expect(h.nonVersions).toEqual([1, 0, 0])
    expect(h.infinite).toEqual({ versions: 1, nonVersions: 2 })
    expect(distanceHistogram(pairs([Infinity], [Infinity]))).toBeNull()
  })
})
