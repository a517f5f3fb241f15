// The embedding path at Da-TACOS scale on this machine (`npm run bench` runs it; the numbers are
// written to EMBEDDING_BENCH_OUT as JSON):
//   - the whole library embedded: 15,000 tracks (the benchmark subset's count, from its real
//     metadata) of synthetic hpcp of Da-TACOS-like lengths (240 s ± 60 s, within 60–600 s), by the
//     shipped model on the worker pool (CPU provider), generated and embedded 500 at a time
//     (EMBEDDING_BENCH_TRACKS sets a smaller library for a quick look);
//   - the full ranking of that library: every query's distances to every candidate and their rank
//     order, on one thread (the scoring job spreads it over the workers);
//   - a full-length Qmax pair (k = 10, about 2,000 frames a side), timed, for the two-stage
//     re-rank at K = 10 and 100 and for full Qmax over all pairs, extrapolated to 2 workers.
// Synthetic chroma costs what real chroma costs: the model and the aligners do the same work.
import { availableParallelism } from 'node:os'
import { gunzipSync } from 'node:zlib'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { embedSequences } from '../../src-main/embedding'
import { shippedModels } from '../../src-main/embedding/models'
import { rankOrder } from '../../src-main/eval/rankings'
import { FRAME_RATE } from '../../src-main/dataset/features'
import { pairDistance, pairWorkspace } from '../../src-main/scoring/pair'
import { SCORE_DEFAULTS } from '../../src-main/scoring/parameters'
import { downsample, normaliseFrames } from '../../src-main/similarity'

const CHUNK = 500
const DIM = 128

function lcg(seed: number) {
  let s = seed >>> 0
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32
}

function seconds(next: () => number): number {
  // Box–Muller around 240 s.
  const z = Math.sqrt(-2 * Math.log(next() || 1e-9)) * Math.cos(2 * Math.PI * next())
  return Math.min(600, Math.max(60, 240 + 60 * z))
}

function chroma(frames: number, next: () => number): Float32Array {
  const data = new Float32Array(frames * 12)
  for (let i = 0; i < data.length; i++) data[i] = next()
  return data
}

it('the embedding path at Da-TACOS scale', async () => {
  const benchmark = JSON.parse(gunzipSync(readFileSync(join('resources', 'da-tacos', 'da-tacos_metadata', 'da-tacos_benchmark_subset_metadata.json.gz'))).toString('utf8')) as Record<string, Record<string, unknown>>
  const library = Object.values(benchmark).reduce((n, perfs) => n + Object.keys(perfs).length, 0)
  expect(library).toBe(15000)
  const model = shippedModels()[0]!
  const next = lcg(2026)

  // The whole library, embedded a chunk at a time (its chroma would not fit in memory at once).
  const tracks = Number(process.env.EMBEDDING_BENCH_TRACKS ?? library)
  const workers = availableParallelism()
  const lengths: number[] = []
  const embedded: Float32Array[] = []
  let provider = ''
  const started = performance.now()
  for (let from = 0; from < tracks; from += CHUNK) {
    const items = Array.from({ length: Math.min(CHUNK, tracks - from) }, (_, i) => {
      const s = seconds(next)
      lengths.push(s)
      const frames = Math.round(s * FRAME_RATE)
      return { id: String(from + i), chroma: { data: chroma(frames, next), frames } }
    })
    const outcome = await embedSequences({ model, items, ep: 'cpu', workers, chunk: 16 })
    expect(outcome.embeddings.size).toBe(items.length)
    provider = outcome.providerText
    for (const item of items) embedded.push(outcome.embeddings.get(item.id)!)
  }
  const embedSeconds = (performance.now() - started) / 1000
  const perSecond = tracks / embedSeconds

  // The full ranking: every query against every track, distances then rank order.
  const vectors = new Float32Array(tracks * DIM)
  embedded.forEach((v, i) => vectors.set(v, i * DIM))
  const row = new Float32Array(tracks)
  const rankStarted = performance.now()
  for (let q = 0; q < tracks; q++) {
    for (let c = 0; c < tracks; c++) {
      let dot = 0
      for (let d = 0; d < DIM; d++) dot += vectors[q * DIM + d] * vectors[c * DIM + d]
      row[c] = Math.sqrt(Math.max(0, 2 - 2 * dot))
    }
    rankOrder(row, 0, tracks, q)
  }
  const rankSeconds = (performance.now() - rankStarted) / 1000

  // A full-length Qmax pair at the default k = 10.
  const params = { ...SCORE_DEFAULTS, method: 'qmax' as const }
  const prepare = (frames: number) => normaliseFrames(downsample({ data: chroma(frames, next), frames, bins: 12 }, params.downsample, 'mean'), 'max')
  const workspace = pairWorkspace()
  const pairs = 5
  const qmaxStarted = performance.now()
  for (let p = 0; p < pairs; p++) pairDistance(prepare(Math.round(240 * FRAME_RATE)), prepare(Math.round(240 * FRAME_RATE)), params, workspace)
  const qmaxPair = (performance.now() - qmaxStarted) / 1000 / pairs

  const result = {
    library: tracks,
    workers,
    meanTrackSeconds: lengths.reduce((a, b) => a + b, 0) / lengths.length,
    provider,
    embeddingsPerSecond: perSecond,
    embedSeconds,
    rankSeconds,
    embeddingEvaluationSeconds: embedSeconds + rankSeconds,
    qmaxPairSeconds: qmaxPair,
    rerankK10Seconds: (tracks * 10 * qmaxPair) / workers,
    rerankK100Seconds: (tracks * 100 * qmaxPair) / workers,
    fullQmaxSeconds: (tracks * (tracks - 1) * qmaxPair) / workers,
  }
  writeFileSync(process.env.EMBEDDING_BENCH_OUT ?? 'embedding-bench.json', JSON.stringify(result, null, 2))
})
