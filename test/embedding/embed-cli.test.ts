// `refrain embed` as a user runs it: every performance of a dataset embedded and stored; a second
// run reuses them all; a changed feature file (re-indexed) is embedded again and only it; another
// model is its own set; a dataset that is not indexed, or a file that is no model, is one line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readdirSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { assertCliBuilt, runCli } from '../helpers/cli'
import { removeTempDirs, tempDir } from '../helpers/fixtures'
import { datasetOf, demoWorks, runPython } from './helpers'

let home: string
let folder: string
let modelA: string
let modelB: string
const env = () => ({ home, extra: { REFRAIN_DEFAULT_LIBRARY: '0' } })

beforeAll(async () => {
  assertCliBuilt()
  home = tempDir()
  const dir = tempDir()
  folder = datasetOf(dir, 'embedset', demoWorks().multi.slice(0, 3))
  modelA = join(dir, 'a.onnx')
  modelB = join(dir, 'b.onnx')
  runPython(['export.py', '--init-seed', '3', '--out', modelA])
  runPython(['export.py', '--init-seed', '4', '--out', modelB])
  expect((await runCli(['index', folder, '--json'], env())).code).toBe(0)
}, 240_000)

afterAll(() => removeTempDirs())

async function embed(model: string) {
  const run = await runCli(['embed', 'embedset', '--model', model, '--ep', 'cpu', '--workers', '2', '--json'], env(), 120_000)
  expect(run.code, run.stderr).toBe(0)
  return JSON.parse(run.stdout) as { items: number; embedded: number; reused: number; failed: number; provider: string; model: { id: string } }
}

describe('refrain embed', () => {
  it('embeds every performance once, then reuses them; a changed file alone is embedded again', async () => {
    const first = await embed(modelA)
    expect(first.items).toBe(15)
    expect([first.embedded, first.reused, first.failed]).toEqual([15, 0, 0])
    expect(first.provider).toMatch(/^CPU/)
    const again = await embed(modelA)
    expect([again.embedded, again.reused]).toEqual([0, 15])

    // One file rewritten (a new modification time: the index's rule for "changed"), indexed again.
    const target = join(folder, 'embedset_hpcp', `${demoWorks().multi[0]}_hpcp`)
    const h5 = join(target, readdirSync(target).sort()[0]!)
    utimesSync(h5, new Date(), new Date(Date.now() + 5000))
    expect((await runCli(['index', folder, '--json'], env())).code).toBe(0)
    const changed = await embed(modelA)
    expect([changed.embedded, changed.reused]).toEqual([1, 14])

    const other = await embed(modelB)
    expect(other.model.id).not.toBe(first.model.id)
    expect([other.embedded, other.reused]).toEqual([15, 0])
  }, 300_000)

  it('names what is wrong in one line: an unknown dataset, a file that is not a model', async () => {
    const missing = await runCli(['embed', 'nosuchset', '--model', modelA], env())
    expect(missing.code).toBe(4)
    expect(missing.stderr.trim()).toBe('refrain: no dataset named "nosuchset" is indexed')
    const junk = join(tempDir(), 'junk.onnx')
    writeFileSync(junk, 'not a model')
    const bad = await runCli(['embed', 'embedset', '--model', junk], env())
    expect(bad.code).not.toBe(0)
    expect(bad.stderr.trim().split('\n')).toHaveLength(1)
    expect(bad.stderr).toContain(junk.replace(/\.onnx$/, ''))
  })
})
