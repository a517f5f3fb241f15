// The Batch form's rule for "nothing to compare" (src-renderer/src/featureShortage.ts): a dataset
// scored against itself needs two performances with the feature's file, against another each side
// needs one; the sentence names the dataset, its count, and where the Da-TACOS features come from.
import { describe, expect, test } from 'vitest'
import type { DatasetInfo } from '../../src-main/api/contract'
import { featureShortage } from '../../src-renderer/src/featureShortage'

function dataset(name: string, kind: DatasetInfo['kind'], counts: Partial<DatasetInfo['featureCounts']>, performances = 15000): DatasetInfo {
  const featureCounts = { hpcp: 0, crema: 0, cens: 0, mfcc: 0, madmom: 0, key: 0, tags: 0, ...counts }
  return { name, kind, root: '/r', works: 1, performances, withFeatures: Math.max(...Object.values(featureCounts)), featureCounts }
}

describe('featureShortage', () => {
  const benchmark = dataset('benchmark', 'da-tacos', {})
  const coveranalysis = dataset('coveranalysis', 'da-tacos', { hpcp: 1, crema: 1 }, 10000)
  const demo = dataset('demo', 'user', { hpcp: 252 }, 252)

  test('the bundled Da-TACOS metadata has no features here: Start is refused, saying how many and where to get them', () => {
    expect(featureShortage(benchmark, undefined, ['hpcp'])).toBe(
      'benchmark has 0 of 15,000 performances with the hpcp feature; a job needs at least 2. Download the Da-TACOS features from https://github.com/MTG/da-tacos and index their folder on the Datasets page.',
    )
    expect(featureShortage(coveranalysis, undefined, ['hpcp'])).toMatch(/^coveranalysis has 1 of 10,000 performances with the hpcp feature; a job needs at least 2\./)
  })

  test('two performances with the file are enough; the feature is the one the job reads', () => {
    expect(featureShortage(demo, undefined, ['hpcp'])).toBeNull()
    expect(featureShortage(demo, undefined, ['crema'])).toMatch(/^demo has 0 of 252 performances with the crema feature; .* Index its feature files on the Datasets page/)
    expect(featureShortage(demo, undefined, ['hpcp', 'cens'])).toMatch(/cens feature/)
  })

  test('against another dataset each side needs one', () => {
    expect(featureShortage(coveranalysis, demo, ['hpcp'])).toBeNull()
    expect(featureShortage(demo, benchmark, ['hpcp'])).toMatch(/^benchmark has 0 of 15,000 performances/)
    // Against itself by name is the square job.
    expect(featureShortage(coveranalysis, coveranalysis, ['hpcp'])).toMatch(/needs at least 2/)
  })

  test('nothing chosen yet: nothing to say', () => {
    expect(featureShortage(undefined, undefined, ['hpcp'])).toBeNull()
  })
})
