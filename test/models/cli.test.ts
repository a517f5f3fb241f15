// `refrain train` and `refrain models` as a user runs them: two epochs on a tiny dataset of real
// demo HPCP print a line per epoch (loss, validation MAP) and write a model that `refrain
// models` then lists with its card and can make active; a dataset without versions, a Python
// without PyTorch and a dataset that is not indexed are one line each.
import { chmodSync, existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertCliBuilt, runCli, spawnCli } from '../helpers/cli'
import { removeTempDirs, tempDir } from '../helpers/fixtures'
import { datasetOf, demoWorks, runPython } from '../embedding/helpers'

let home: string
let dir: string
const env = (extra: Record<string, string> = {}) => ({ home, extra: { REFRAIN_DEFAULT_LIBRARY: '0', REFRAIN_PYTHON: '/usr/bin/python3', ...extra } })

beforeAll(async () => {
  assertCliBuilt()
  home = tempDir('refrain-train-cli-')
  dir = tempDir()
  const { multi, single } = demoWorks()
  const sets = [
    datasetOf(dir, 'tiny', multi.slice(0, 8)),
    datasetOf(dir, 'tinyval', [...multi.slice(10, 14), ...single.slice(0, 4)]),
    datasetOf(dir, 'singles', single.slice(0, 5)),
  ]
  expect((await runCli(['index', ...sets, '--json'], env())).code).toBe(0)
}, 120_000)

afterAll(() => removeTempDirs())

describe('refrain train', () => {
  it('prints loss and validation MAP per epoch, writes the model, and refrain models lists it', async () => {
    const out = join(dir, 'mine', 'tiny-model.onnx')
    const run = await runCli(['train', '--dataset', 'tiny', '--val', 'tinyval', '--loss', 'triplet', '--epochs', '2', '--seed', '5', '--out', out], env(), 180_000)
    expect(run.code, run.stderr).toBe(0)
    const epochs = run.stdout.split('\n').filter((line) => line.startsWith('epoch '))
    expect(epochs).toHaveLength(2)
    expect(epochs[0]).toMatch(/^epoch 1\/2 triplet: loss \d+\.\d{4}, validation MAP 0\.\d{3} \(chance 0\.\d{3}\), \d+\.\d s$/)
    expect(epochs[1]).toMatch(/^epoch 2\/2 /)
    expect(existsSync(out)).toBe(true)
    expect(existsSync(join(dir, 'mine', 'tiny-model.card.json'))).toBe(true)

    const listed = await runCli(['models', '--json'], env())
    expect(listed.code, listed.stderr).toBe(0)
    const list = JSON.parse(listed.stdout) as { models: { name: string; id: string; path: string; card: { loss: string; epochs: number; trainingData: string; valMap: number } }[]; provider: { provider: string | null } }
    const model = list.models.find((m) => m.name === 'tiny-model')!
    expect(model.path).toBe(join(home, 'models', 'tiny-model.onnx'))
    expect(model.card).toMatchObject({ loss: 'triplet', epochs: 2 })
    expect(model.card.trainingData).toMatch(/^tiny \(/)
    expect(model.card.valMap).toBeGreaterThan(0)

    const use = await runCli(['models', '--use', model.id.slice(0, 12)], env())
    expect(use.stdout).toContain(`active model: tiny-model (${model.id.slice(0, 12)})`)
    const text = await runCli(['models'], env(), 60_000)
    expect(text.stdout).toMatch(/^\* tiny-model /m)
    expect(text.stdout).toMatch(/^execution provider for tiny-model: (CPU|CUDA)/m)
  }, 240_000)

  it('--json: one JSON line per epoch, then a summary line', async () => {
    const run = await runCli(['train', '--dataset', 'tiny', '--loss', 'contrastive', '--epochs', '2', '--json'], env(), 180_000)
    expect(run.code, run.stderr).toBe(0)
    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; epoch?: number; valMap?: number; model?: { path: string } })
    expect(lines.map((l) => [l.type, l.epoch])).toEqual([['epoch', 1], ['epoch', 2], ['done', undefined]])
    expect(lines[0].valMap).toBeGreaterThan(0)
    expect(existsSync(lines[2].model!.path)).toBe(true)
  }, 240_000)

  it('Ctrl-C: "stopping: keeping the best epoch", the best epoch written, exit 130', async () => {
    const out = join(dir, 'stopped', 'stopped.onnx')
    const child = spawnCli(['train', '--dataset', 'tiny', '--val', 'tinyval', '--loss', 'triplet', '--epochs', '200', '--out', out], env())
    let stdout = ''
    let stderr = ''
    let interrupted = false
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk
      // Once: a second Ctrl-C quits at once, as the note says.
      if (!interrupted && /^epoch 1\/200 /m.test(stdout)) {
        interrupted = true
        child.kill('SIGINT')
      }
    })
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk))
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(code, stderr).toBe(130)
    expect(stderr).toContain('stopping: keeping the best epoch')
    expect(stdout).toMatch(/^stopped; the best epoch was kept: stopped \(/m)
    expect(stdout.split('\n').filter((line) => line.startsWith('epoch ')).length).toBeLessThan(200)
    expect(existsSync(out)).toBe(true)
  }, 240_000)

  it('a dataset without versions: one line, exit 1', async () => {
    const run = await runCli(['train', '--dataset', 'singles', '--epochs', '1'], env())
    expect(run.code).toBe(1)
    expect(run.stderr).toBe(`refrain: ${join(dir, 'singles')}: the training data has no work with two or more performances (no versions to learn from)\n`)
  })

  it('a Python without PyTorch: one line saying what to install', async () => {
    // The python3 first on PATH (here pyenv's, without torch); else Debian's with its site packages off.
    const which = runPython(['-c', 'import shutil, sys; print(shutil.which("python3") or "")']).trim()
    const bare = join(dir, 'python-without-torch')
    writeFileSync(bare, `#!/bin/sh\nexec /usr/bin/python3 -S "$@"\n`)
    chmodSync(bare, 0o755)
    const pathPython = which && runPython(['-c', `import subprocess; print(subprocess.run([${JSON.stringify(which)}, '-c', 'import torch'], capture_output=True).returncode)`]).trim() !== '0' ? which : bare
    const run = await runCli(['train', '--dataset', 'tiny', '--epochs', '1'], env({ REFRAIN_PYTHON: pathPython }))
    expect(run.code).toBe(1)
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
    expect(run.stderr).toMatch(/^refrain: \S+ lacks the Python modules? .*torch.*: install them with `apt-get install python3-torch python3-onnx python3-h5py python3-numpy`/)
  })

  it('a dataset that is not indexed: one line, exit 4', async () => {
    const run = await runCli(['train', '--dataset', 'nowhere'], env())
    expect(run.code).toBe(4)
    expect(run.stderr).toBe('refrain: no dataset named "nowhere" is indexed (see refrain datasets)\n')
  })
})
