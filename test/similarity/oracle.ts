// The reference implementation (essentia.js 0.1.3, AGPL) as a test oracle only: its
// ChromaCrossSimilarity and CoverSongSimilarity on the same inputs as ours. Nothing in src-main
// imports this; the WASM vectors it creates are freed after every call.
import { createRequire } from 'node:module'
import type { ChromaSeq } from '../../src-main/similarity'

const require = createRequire(import.meta.url)
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any
let instance: { ess: Any; wasm: Any } | null = null

function oracle(): { ess: Any; wasm: Any } {
  if (!instance) {
    const { EssentiaWASM, Essentia } = require('essentia.js') as Any
    instance = { ess: new Essentia(EssentiaWASM), wasm: EssentiaWASM }
  }
  return instance
}

function toVectorVector(data: ArrayLike<number>, rows: number, cols: number): Any {
  const { ess, wasm } = oracle()
  const vv = new wasm.VectorVectorFloat()
  for (let i = 0; i < rows; i++) {
    const row = new Float32Array(cols)
    for (let j = 0; j < cols; j++) row[j] = data[i * cols + j]
    const v = ess.arrayToVector(row)
    vv.push_back(v)
    v.delete()
  }
  return vv
}

function fromVectorVector(vv: Any): { rows: number; cols: number; data: Float32Array } {
  const { ess } = oracle()
  const rows = vv.size()
  const first = rows ? vv.get(0) : null
  const cols = first ? first.size() : 0
  first?.delete()
  const data = new Float32Array(rows * cols)
  for (let i = 0; i < rows; i++) {
    const v = vv.get(i)
    data.set(ess.vectorToArray(v), i * cols)
    v.delete()
  }
  return { rows, cols, data }
}

export interface OracleCrossParams {
  binarizePercentile?: number
  frameStackSize?: number
  frameStackStride?: number
  noti?: number
  oti?: boolean
}

export function oracleCrossSimilarity(q: ChromaSeq, r: ChromaSeq, p: OracleCrossParams = {}) {
  const { ess } = oracle()
  const a = toVectorVector(q.data, q.frames, q.bins)
  const b = toVectorVector(r.data, r.frames, r.bins)
  try {
    const out = ess.ChromaCrossSimilarity(a, b, p.binarizePercentile ?? 0.095, p.frameStackSize ?? 9, p.frameStackStride ?? 1, p.noti ?? 12, p.oti ?? true, false, false)
    const m = fromVectorVector(out.csm)
    out.csm.delete()
    return m
  } finally {
    a.delete()
    b.delete()
  }
}

export function oracleCoverSongSimilarity(
  csm: { rows: number; cols: number; data: ArrayLike<number> },
  alignmentType: 'serra09' | 'chen17' = 'serra09',
  disExtension = 0.5,
  disOnset = 0.5,
  distanceType: 'asymmetric' | 'symmetric' = 'asymmetric',
) {
  const { ess } = oracle()
  const a = toVectorVector(csm.data, csm.rows, csm.cols)
  try {
    const out = ess.CoverSongSimilarity(a, alignmentType, disExtension, disOnset, distanceType)
    const score = fromVectorVector(out.scoreMatrix)
    out.scoreMatrix.delete()
    return { distance: out.distance as number, score }
  } finally {
    a.delete()
  }
}
