// `npm run bench`: speed goals measured against a peer in the same run, never as timed tests.
//   indexing: both full Da-TACOS metadata files (25,000 performances) into a fresh database,
//   Refrain's indexer (goal: under 5 s on the project's 2-core machine) against a plain
//   Python json+sqlite3 peer doing less (no validation, no artists table, no resumability).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const metadata = join(root, 'resources', 'da-tacos', 'da-tacos_metadata')
const RUNS = 3
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

function fresh(run) {
  const dir = mkdtempSync(join(tmpdir(), 'refrain-bench-'))
  try {
    return run(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function refrainIndex() {
  return fresh((dir) => {
    const started = performance.now()
    const out = execFileSync(process.execPath, [join(root, 'bin', 'refrain.js'), 'index', metadata, '--json', '--db', join(dir, 'bench.db')], {
      env: { ...process.env, REFRAIN_DEFAULT_LIBRARY: '0' },
      encoding: 'utf8',
    })
    const summary = JSON.parse(out)
    if (summary.performances !== 25000) throw new Error(`expected 25000 performances, indexed ${summary.performances}`)
    return { indexSeconds: summary.seconds, wallSeconds: (performance.now() - started) / 1000 }
  })
}

function peerIndex() {
  return fresh((dir) => {
    const started = performance.now()
    const out = execFileSync('/usr/bin/python3', [join(root, 'scripts', 'bench', 'peer_index.py'), metadata, join(dir, 'peer.db')], { encoding: 'utf8' })
    const result = JSON.parse(out)
    if (result.performances !== 25000) throw new Error(`peer indexed ${result.performances}`)
    return { indexSeconds: result.seconds, wallSeconds: (performance.now() - started) / 1000 }
  })
}

const ours = Array.from({ length: RUNS }, refrainIndex)
const peer = Array.from({ length: RUNS }, peerIndex)
const oursIndex = median(ours.map((r) => r.indexSeconds))
const oursWall = median(ours.map((r) => r.wallSeconds))
const peerIndexS = median(peer.map((r) => r.indexSeconds))
const peerWall = median(peer.map((r) => r.wallSeconds))

console.log(`Indexing both Da-TACOS metadata files (25,000 performances), median of ${RUNS} fresh runs:`)
console.log(`  refrain index                 ${oursIndex.toFixed(2)} s indexing, ${oursWall.toFixed(2)} s wall (process start included)`)
console.log(`  peer (python json+sqlite3)    ${peerIndexS.toFixed(2)} s indexing, ${peerWall.toFixed(2)} s wall`)
console.log(`  ratio refrain/peer (wall)     ${(oursWall / peerWall).toFixed(2)}x`)
console.log(`  goal: under 5 s wall          ${oursWall < 5 ? 'met' : 'NOT MET'}`)
process.exitCode = oursWall < 5 ? 0 : 1
