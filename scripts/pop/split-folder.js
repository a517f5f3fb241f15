#!/usr/bin/env node
// Writes one split of a pop set (train, validation or test) as a dataset folder of its own in
// the Da-TACOS layout, so `refrain score <folder>` ranks only that split's works.
//
//   node scripts/pop/split-folder.js <popset folder> <train|validation|test> <new folder>
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { datasetPaths, writeJsonAtomic } from './dataset.js'
import { SPLITS } from './splits.js'

const [src, split, dest] = process.argv.slice(2)
if (!src || !SPLITS.includes(split) || !dest) {
  console.error('usage: node scripts/pop/split-folder.js <popset folder> <train|validation|test> <new folder>')
  process.exit(2)
}
const from = datasetPaths(resolve(src))
const to = datasetPaths(resolve(dest))
if (existsSync(to.metadata)) {
  console.error(`${dest} already holds a dataset; give a new folder`)
  process.exit(1)
}
const works = JSON.parse(readFileSync(join(resolve(src), 'splits.json'), 'utf8'))[split]
const meta = JSON.parse(readFileSync(from.metadata, 'utf8'))
const subset = {}
let perfs = 0
for (const w of works) {
  subset[w] = meta[w]
  for (const p of Object.keys(meta[w])) {
    const file = join(`${w}_hpcp`, `${p}_hpcp.h5`)
    mkdirSync(dirname(join(to.hpcp, file)), { recursive: true })
    copyFileSync(join(from.hpcp, file), join(to.hpcp, file))
    perfs++
  }
}
writeJsonAtomic(to.metadata, subset)
console.log(`${basename(resolve(dest))}: ${works.length} ${split} works, ${perfs} performances`)
