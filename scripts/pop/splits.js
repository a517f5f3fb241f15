// The split by work into train / validation / test: seeded, disjoint, covering every work, so
// no figure is ever reported on works a model trained on.
import { rng } from '../demo/random.js'

export const SPLITS = ['train', 'validation', 'test']

/** Shares of validation and test (the rest is train), rounded to whole works. */
export function splitWorks(workIds, seed, { validation = 0.15, test = 0.15 } = {}) {
  const ids = rng(seed, 'split').shuffle([...workIds].sort())
  const nTest = Math.round(ids.length * test)
  const nVal = Math.round(ids.length * validation)
  const sorted = (xs) => xs.sort()
  return {
    train: sorted(ids.slice(nTest + nVal)),
    validation: sorted(ids.slice(nTest, nTest + nVal)),
    test: sorted(ids.slice(0, nTest)),
  }
}
