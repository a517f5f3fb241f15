// `node scripts/bench/similarity.mjs [--quick] [--json]`: speed of the alignment similarity core
// against the reference implementation (essentia.js, AGPL, benchmark peer only) on the same inputs.
//   Qmax: our cross-similarity + alignment vs essentia.js ChromaCrossSimilarity + CoverSongSimilarity
//   (default parameters, serra09, asymmetric), 250-, 500- and 1000-frame pairs of real Da-TACOS HPCP
//   (the shipped performance: an excerpt against a transposed, 10%-slower version of a later one),
//   the distances compared; and our DTW (OTI, unconstrained, and with a 10% band) per pair.
// Goal: ours at least 50x faster than the peer at every size, with the same distances.
// The TypeScript sources are bundled once into a temporary folder under node_modules/.cache with
// rolldown (installed with vite), so this runs on plain Node 20 without a TypeScript loader.
import { createRequire } from 'node:module'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'rolldown'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const args = new Set(process.argv.slice(2))
const QUICK = args.has('--quick')
const JSON_OUT = args.has('--json')
const SIZES = [250, 500, 1000]
const GOAL = 50
const HPCP = join(root, 'resources', 'da-tacos', 'features_sample', 'da-tacos_coveranalysis_subset_hpcp', 'W_163992_hpcp', 'P_547131_hpcp.h5')

async function loadCore() {
  // Inside node_modules so the bundle's own imports (h5wasm) resolve from the project.
  const cache = join(root, 'node_modules', '.cache')
  mkdirSync(cache, { recursive: true })
  const dir = mkdtempSync(join(cache, 'refrain-bench-similarity-'))
  try {
    await build({
      input: { similarity: join(root, 'src-main', 'similarity', 'index.ts'), features: join(root, 'src-main', 'dataset', 'features.ts') },
      external: (id) => !id.startsWith('.') && !id.startsWith('/') && !/^[A-Za-z]:/.test(id),
      platform: 'node',
      output: { dir, format: 'esm', entryFileNames: '[name].mjs' },
      logLevel: 'silent',
    })
    const similarity = await import(pathToFileURL(join(dir, 'similarity.mjs')).href)
    const features = await import(pathToFileURL(join(dir, 'features.mjs')).href)
    return { similarity, features }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function loadPeer() {
  const require = createRequire(import.meta.url)
  const { EssentiaWASM, Essentia } = require('essentia.js')
  const ess = new Essentia(EssentiaWASM)
  const toVV = (seq) => {
    const vv = new EssentiaWASM.VectorVectorFloat()
    for (let t = 0; t < seq.frames; t++) {
      const v = ess.arrayToVector(seq.data.subarray(t * seq.bins, (t + 1) * seq.bins))
      vv.push_back(v)
      v.delete()
    }
    return vv
  }
  return { ess, toVV }
}

function excerpt(seq, start, frames) {
  return { frames, bins: seq.bins, data: seq.data.slice(start * seq.bins, (start + frames) * seq.bins) }
}

/** Linear-interpolation time stretch (factor > 1: longer) to exactly `frames` frames. */
function stretchTo(seq, frames) {
  const data = new Float32Array(frames * seq.bins)
  for (let t = 0; t < frames; t++) {
    const x = (t * (seq.frames - 1)) / (frames - 1)
    const lo = Math.floor(x)
    const hi = Math.min(lo + 1, seq.frames - 1)
    const f = x - lo
    for (let b = 0; b < seq.bins; b++) data[t * seq.bins + b] = seq.data[lo * seq.bins + b] * (1 - f) + seq.data[hi * seq.bins + b] * f
  }
  return { frames, bins: seq.bins, data }
}

const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]
// The project's machine has 2 cores shared with other work; the fastest run of each side is the
// figure least disturbed by the rest of the machine, and it is what the ratio compares (medians
// are printed too).

function time(fn, minRuns, minMs) {
  const times = []
  let result
  const started = performance.now()
  while (times.length < minRuns || performance.now() - started < minMs) {
    const t0 = performance.now()
    result = fn()
    times.push(performance.now() - t0)
    if (times.length >= 200) break
  }
  return { ms: Math.min(...times), median: median(times), runs: times.length, result }
}

const { similarity: S, features: F } = await loadCore()
const peer = loadPeer()
const song = await F.readChroma(HPCP, 'hpcp')
const full = { frames: song.frames, bins: song.bins, data: song.data }

const rows = []
for (const n of SIZES) {
  // Skip the silent intro; the reference is a later section, transposed by 3 and 10% slower.
  const q = excerpt(full, 2000, n)
  const r = S.transpose(stretchTo(excerpt(full, 2000 + Math.round(n / 4), Math.round(n / 1.1)), n), 3)
  // Warm up both (JIT, WASM) before timing.
  S.qmaxSimilarity(q, r)
  const ours = time(() => S.qmaxSimilarity(q, r).distance, QUICK ? 5 : 20, QUICK ? 300 : 1500)
  const qv = peer.toVV(q)
  const rv = peer.toVV(r)
  const peerRun = () => {
    const csm = peer.ess.ChromaCrossSimilarity(qv, rv, 0.095, 9, 1, 12, true, false, false).csm
    const out = peer.ess.CoverSongSimilarity(csm, 'serra09', 0.5, 0.5, 'asymmetric')
    csm.delete()
    out.scoreMatrix.delete()
    return out.distance
  }
  const theirs = time(peerRun, QUICK ? 1 : 3, 0)
  qv.delete()
  rv.delete()
  const dtwFree = time(() => S.dtw(q, r).distance, 3, QUICK ? 200 : 500)
  const dtwBand = time(() => S.dtw(q, r, { band: Math.round(n / 10) }).distance, 3, QUICK ? 200 : 500)
  rows.push({
    frames: n,
    oursMs: ours.ms,
    oursMedianMs: ours.median,
    peerMs: theirs.ms,
    peerMedianMs: theirs.median,
    ratio: theirs.ms / ours.ms,
    oursDistance: ours.result,
    peerDistance: theirs.result,
    agree: Math.abs(ours.result - theirs.result) < 1e-4 || ours.result === theirs.result,
    dtwMs: dtwFree.ms,
    dtwMedianMs: dtwFree.median,
    dtwBandMs: dtwBand.ms,
    dtwDistance: dtwFree.result,
  })
}

const met = rows.every((r) => r.ratio >= GOAL && r.agree)
if (JSON_OUT) {
  console.log(JSON.stringify({ goal: GOAL, met, rows }))
} else {
  console.log('Qmax similarity (cross-recurrence + alignment, default parameters), ms per pair, fastest run (median):')
  console.log('  frames            refrain          essentia.js    ratio   distance (refrain / essentia.js)')
  for (const r of rows) {
    console.log(
      `  ${String(r.frames).padStart(6)} ${r.oursMs.toFixed(2).padStart(9)} (${r.oursMedianMs.toFixed(2).padStart(7)}) ${r.peerMs.toFixed(0).padStart(8)} (${r.peerMedianMs.toFixed(0).padStart(6)}) ${(r.ratio.toFixed(0) + 'x').padStart(8)}   ` +
        `${r.oursDistance.toFixed(6)} / ${r.peerDistance.toFixed(6)} ${r.agree ? 'agree' : 'DISAGREE'}`,
    )
  }
  console.log('DTW (cosine, OTI), ms per pair, fastest run (median):')
  for (const r of rows) {
    console.log(`  ${String(r.frames).padStart(6)} ${r.dtwMs.toFixed(2).padStart(9)} (${r.dtwMedianMs.toFixed(2)}) unconstrained ${r.dtwBandMs.toFixed(2).padStart(8)} with a 10% band`)
  }
  console.log(`  goal: >= ${GOAL}x faster than essentia.js with the same distances: ${met ? 'met' : 'NOT MET'}`)
}
process.exitCode = met ? 0 : 1
