#!/usr/bin/env node
// Writes a pop set's splits with the works of another set taken out of train and validation, for
// training a model that can then be tested on that other set: the shipped model trained on the full
// set's splits less resources/popset-small's works, so anyone can check its card's test MAP on the
// small set, which ships. Test keeps its works (a model is never chosen on them).
//
//   node scripts/pop/holdout-splits.js <popset folder> <held-out set folder> <splits.json to write>
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { datasetPaths, writeJsonAtomic } from './dataset.js'

const [set, heldOut, out] = process.argv.slice(2)
if (!set || !heldOut || !out) {
  console.error('usage: node scripts/pop/holdout-splits.js <popset folder> <held-out set folder> <splits.json to write>')
  process.exit(2)
}
const splits = JSON.parse(readFileSync(resolve(set, 'splits.json'), 'utf8'))
const held = new Set(Object.keys(JSON.parse(readFileSync(datasetPaths(resolve(heldOut)).metadata, 'utf8'))))
const keep = (works) => works.filter((w) => !held.has(w))
const result = { train: keep(splits.train), validation: keep(splits.validation), test: splits.test }
writeJsonAtomic(resolve(out), result)
console.log(`${out}: train ${result.train.length} of ${splits.train.length}, validation ${result.validation.length} of ${splits.validation.length} works (${held.size} held out), test ${result.test.length}`)
