// The ONNX model run by onnxruntime-node (in the embed workers, as the app runs it) gives
// PyTorch's embeddings within 1e-4 on real demo HPCP of several lengths; Node's preprocessing is
// Python's; the exported model is transposition-invariant; and sequences the model cannot embed
// (NaN, shorter than its receptive field) are reported by name while the others are embedded.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readChroma } from '../../src-main/dataset/features'
import { embedSequences } from '../../src-main/embedding'
import { loadModelCard } from '../../src-main/embedding/card'
import { preprocessChroma } from '../../src-main/embedding/preprocess'
import { removeTempDirs, tempDir } from '../helpers/fixtures'
import { demoH5, demoMetadata, runPython } from './helpers'

afterAll(removeTempDirs)

interface Reference {
  items: { path: string; rawFrames: number; input: number[]; embedding: number[] }[]
}

// 141 raw frames is the shortest the model takes (8 after downsampling by 20); 141 and 1000 end
// in a partial block; 0 is the whole file (about 24 s, 2,000+ frames).
const LENGTHS = [141, 1000, 0]

let dir: string
let model: string
let reference: Reference
let files: string[]

beforeAll(() => {
  dir = tempDir('refrain-embed-parity-')
  model = join(dir, 'untrained.onnx')
  const metadata = demoMetadata()
  // Three real performances: two versions of one work and another work's.
  const [w1, w2] = Object.keys(metadata).filter((w) => Object.keys(metadata[w]).length > 1)
  const [p1, p2] = Object.keys(metadata[w1])
  files = [demoH5(w1, p1), demoH5(w1, p2), demoH5(w2, Object.keys(metadata[w2])[0])]
  runPython(['export.py', '--init-seed', '7', '--out', model, '--reference', ...files, '--frames', LENGTHS.join(','), '--reference-out', join(dir, 'ref.json')])
  reference = JSON.parse(readFileSync(join(dir, 'ref.json'), 'utf8')) as Reference
}, 120_000)

async function prefix(path: string, frames: number) {
  const chroma = await readChroma(path, 'hpcp')
  const n = frames || chroma.frames
  return { data: chroma.data.slice(0, n * 12), frames: n }
}

describe('ONNX export', () => {
  it('has a card that describes it (opset 17, dynamic time, 128-d, at most 20 MB)', () => {
    const { card, bytes } = loadModelCard(model)
    expect(card.opset).toBe(17)
    expect(card.input.shape).toEqual(['batch', 'time', 12])
    expect(card.output.dim).toBeLessThanOrEqual(512)
    expect(card.input.minFrames).toBe(8)
    expect(bytes.length).toBeLessThan(20 * 1024 * 1024)
  })

  it("Node's preprocessing is Python's on real files (downsampling by 20, unit max per frame)", async () => {
    for (const ref of reference.items) {
      const seq = await prefix(ref.path, ref.rawFrames)
      const x = preprocessChroma(seq, 20)
      expect(x.length).toBe(ref.input.length)
      let worst = 0
      for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - ref.input[i]))
      expect(worst).toBe(0)
    }
  })

  it('onnxruntime-node equals PyTorch within 1e-4 on real inputs of several lengths', async () => {
    const items = await Promise.all(reference.items.map(async (ref, i) => ({ id: `r${i}`, chroma: await prefix(ref.path, ref.rawFrames) })))
    const out = await embedSequences({ model, items, workers: 2, chunk: 3, ep: 'cpu' })
    expect(out.problems).toEqual([])
    expect(out.provider).toBe('cpu')
    const lengths = new Set<number>()
    let worst = 0
    reference.items.forEach((ref, i) => {
      const got = out.embeddings.get(`r${i}`)!
      expect(got.length).toBe(128)
      lengths.add(ref.input.length / 12)
      for (let k = 0; k < got.length; k++) worst = Math.max(worst, Math.abs(got[k] - ref.embedding[k]))
      // L2-normalised, as the card says.
      expect(Math.hypot(...got)).toBeCloseTo(1, 5)
    })
    expect(lengths.size).toBe(3)
    expect(worst).toBeLessThan(1e-4)
    console.log(`ONNX Runtime vs PyTorch: max |difference| ${worst.toExponential(2)} over ${reference.items.length} embeddings`)
  })

  it('is transposition-invariant: a performance in all 12 keys embeds the same', async () => {
    const seq = await prefix(files[0], 1000)
    const items = Array.from({ length: 12 }, (_, shift) => {
      const data = new Float32Array(seq.data.length)
      for (let t = 0; t < seq.frames; t++) for (let b = 0; b < 12; b++) data[t * 12 + ((b + shift) % 12)] = seq.data[t * 12 + b]
      return { id: `k${shift}`, chroma: { data, frames: seq.frames } }
    })
    const out = await embedSequences({ model, items, workers: 1 })
    const base = out.embeddings.get('k0')!
    for (let shift = 1; shift < 12; shift++) {
      const e = out.embeddings.get(`k${shift}`)!
      expect(Math.max(...e.map((v, k) => Math.abs(v - base[k])))).toBeLessThan(1e-5)
    }
  })

  it('reports NaN chroma, a too-short sequence and a missing file by name; embeds the rest', async () => {
    const good = await prefix(files[0], 0)
    const nan = { data: good.data.slice(), frames: good.frames }
    nan.data[5 * 12 + 3] = Number.NaN
    const short = await prefix(files[1], 140)
    const out = await embedSequences({
      model,
      workers: 1,
      items: [
        { id: 'good', chroma: good },
        { id: 'P_nan', chroma: nan },
        { id: 'P_short', chroma: short },
        { id: 'P_gone', path: join(dir, 'P_gone_hpcp.h5') },
      ],
    })
    expect([...out.embeddings.keys()]).toEqual(['good'])
    const byId = Object.fromEntries(out.problems.map((p) => [p.id, p.message]))
    expect(byId.P_nan).toMatch(/^P_nan: chroma frame 5 holds NaN/)
    expect(byId.P_short).toMatch(/^P_short: 140 frames \(1\.6 s\) is too short for the model: it needs at least 141 frames \(8 after downsampling by 20/)
    expect(byId.P_gone).toMatch(/^P_gone.*P_gone_hpcp\.h5/)
    for (const message of Object.values(byId)) expect(message).not.toContain('\n')
  })
})
