#!/usr/bin/env node
// MAP per kind of query version (original, arrangement, melody, accompaniment, melody+bass) for
// every finished scoring job of a pop set, read from the jobs' matrices: which covers are hard.
//
//   node scripts/pop/by-kind.js <REFRAIN_HOME of the jobs> <pop set folder>
import Database from 'better-sqlite3'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const [home, set] = process.argv.slice(2)
if (!home || !set) {
  console.error('usage: node scripts/pop/by-kind.js <REFRAIN_HOME of the jobs> <pop set folder>')
  process.exit(2)
}
const manifest = JSON.parse(readFileSync(join(set, 'manifest.json'), 'utf8'))
const kindOfPerf = new Map(manifest.versions.map((v) => [manifest.results[v.file].perf, v.kind]))
const db = new Database(join(home, 'refrain.db'), { readonly: true })
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length
for (const job of db.prepare("SELECT id, params, matrix_path FROM score_jobs WHERE status = 'done' ORDER BY created_at").all()) {
  const items = db.prepare('SELECT work_label, path FROM score_items WHERE job_id = ? AND side = 0 ORDER BY idx').all(job.id)
  const kinds = items.map((i) => kindOfPerf.get(/(P_\d+)_hpcp\.h5$/.exec(i.path)?.[1]))
  if (kinds.some((k) => !k)) continue // a job on another dataset
  const bytes = readFileSync(job.matrix_path.startsWith('/') ? job.matrix_path : join(home, job.matrix_path))
  const m = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4)
  const n = items.length
  const ap = {}
  for (let q = 0; q < n; q++) {
    const ranked = [...Array(n).keys()].filter((c) => c !== q).sort((a, b) => m[q * n + a] - m[q * n + b] || a - b)
    let hits = 0
    let sum = 0
    ranked.forEach((c, r) => {
      if (items[c].work_label === items[q].work_label) sum += ++hits / (r + 1)
    })
    ;(ap[kinds[q]] ??= []).push(hits ? sum / hits : 0)
  }
  const all = Object.values(ap).flat()
  console.log(`${JSON.parse(job.params).method} (${job.id.slice(0, 8)}): ${Object.keys(ap).sort().map((k) => `${k} ${mean(ap[k]).toFixed(3)}`).join(', ')}; all ${mean(all).toFixed(4)}`)
}
