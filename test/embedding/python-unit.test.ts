// The training package's own unit tests (training/tests, Python's unittest): the evaluation by
// hand and by simulation, the model's invariance and sizes, the losses, seeded augmentation.
import { spawnSync } from 'node:child_process'
import { expect, it } from 'vitest'
import { PYTHON, TRAINING } from './helpers'

it('training/tests pass under the Python that trains', () => {
  const run = spawnSync(PYTHON, ['-m', 'unittest', 'discover', '-s', 'tests'], {
    cwd: TRAINING,
    encoding: 'utf8',
    timeout: 110_000,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', OMP_NUM_THREADS: '1' },
  })
  expect(run.stderr).toMatch(/Ran \d+ tests/)
  expect(run.stderr.trim().split('\n').pop()).toBe('OK')
  expect(run.status).toBe(0)
}, 120_000)
