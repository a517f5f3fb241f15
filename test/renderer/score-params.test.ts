// The Batch views' scoring parameters (src-renderer/src/scoreParams.ts) say what the backend's do
// (src-main/scoring/parameters.ts): the page cannot bundle the backend's module (it carries zod),
// so this is where a changed default, range, method or label would show.
import { expect, test } from 'vitest'
import { SCORE_DEFAULTS, SCORE_LIMITS, SCORE_METHODS, describeParams as backendLabel, type ScoreParams } from '../../src-main/scoring/parameters'
import { FORM_DEFAULTS, LIMITS, METHOD_NAMES, describeParams } from '../../src-renderer/src/scoreParams'

test('a new job’s form starts from the backend’s defaults, within its limits, offering its methods', () => {
  const { method, ...rest } = FORM_DEFAULTS
  expect(rest).toEqual(SCORE_DEFAULTS)
  expect(SCORE_METHODS).toContain(method)
  expect(LIMITS).toEqual(SCORE_LIMITS)
  expect([...METHOD_NAMES].sort()).toEqual([...SCORE_METHODS].sort())
})

test('a parameter set is labelled as the backend labels it (job lists, threshold origins)', () => {
  const sets: ScoreParams[] = [
    { ...SCORE_DEFAULTS, method: 'qmax' },
    { ...SCORE_DEFAULTS, method: 'dtw', keyShift: 'all', band: 5, feature: 'crema', downsample: 20, downsampleMethod: 'median' },
    { ...SCORE_DEFAULTS, method: 'dtw' },
    { ...SCORE_DEFAULTS, method: 'dmax', feature: 'cens', downsample: 1 },
  ]
  for (const p of sets) expect(describeParams(p)).toBe(backendLabel(p))
  expect(describeParams(sets[0]!)).toBe('qmax hpcp ↓10')
})
