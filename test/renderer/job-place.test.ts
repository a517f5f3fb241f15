// A job page's place in the address (view, sort, filter, the row last opened) and Compare's way
// back to it: what hrefFor writes parseHash reads back, and a hand-edited address falls back to
// the defaults instead of breaking the page.
import { describe, expect, it } from 'vitest'
import { compareHref, hrefFor, parseHash } from '../../src-renderer/src/router'

const a = { dataset: 'demo', perfId: 'P_1' }
const b = { dataset: 'demo', perfId: 'P_2' }

describe('a job page’s place in the address', () => {
  it('round-trips the view, its sort, filter and row, beside a query', () => {
    const route = { name: 'batch-job' as const, jobId: 'abc', query: a, place: { view: 'pairs' as const, filter: 'false-positives' as const, order: 'desc' as const, at: 137 } }
    expect(parseHash(hrefFor(route))).toEqual(route)
    expect(parseHash(hrefFor({ name: 'batch-job', jobId: 'abc', place: { view: 'queries', sort: 'firstRank', order: 'asc' } }))).toEqual({ name: 'batch-job', jobId: 'abc', place: { view: 'queries', sort: 'firstRank', order: 'asc' } })
    expect(parseHash('#/batch/abc')).toEqual({ name: 'batch-job', jobId: 'abc' })
  })

  it('drops values it does not know', () => {
    expect(parseHash('#/batch/abc?view=graph&sort=title&order=up&filter=fp&at=-3')).toEqual({ name: 'batch-job', jobId: 'abc' })
    expect(parseHash('#/batch/abc?view=pairs&at=2.5')).toEqual({ name: 'batch-job', jobId: 'abc', place: { view: 'pairs' } })
  })

  it('lets Compare name the job page it came from, and nothing else', () => {
    const from = hrefFor({ name: 'batch-job', jobId: 'abc', place: { view: 'pairs', at: 4 } })
    expect(parseHash(compareHref(a, b, { downsample: 10, from }))).toEqual({ name: 'compare', a, b, downsample: 10, from })
    expect(parseHash(compareHref(a, b, { from: '#/datasets' }))).toEqual({ name: 'compare', a, b })
  })

  it("keeps Compare's alignment settings, so a reload or a shared address shows the same alignment", () => {
    const alignment = { frameStackSize: 12, binarizePercentile: 0.2, disOnset: 0.7, disExtension: 0.3, band: 25 }
    const from = hrefFor({ name: 'batch-job', jobId: 'abc' })
    expect(parseHash(compareHref(a, b, { feature: 'crema', alignment, from }))).toEqual({ name: 'compare', a, b, feature: 'crema', alignment, from })
    // Hand-edited nonsense is dropped (the backend refuses numbers out of range with their limits).
    expect(parseHash('#/compare/demo/P_1/demo/P_2?frameStackSize=many&band=&disOnset=0.9')).toEqual({ name: 'compare', a, b, alignment: { disOnset: 0.9 } })
  })
})
