// Shared by the embedding tests: the Python that has PyTorch (Debian's, as the README says),
// small Da-TACOS-layout datasets cut from the demo library's real HPCP, and running a Python
// helper to completion.
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { REPO } from '../helpers/fixtures'

export const PYTHON = process.env.REFRAIN_PYTHON ?? '/usr/bin/python3'
export const TRAINING = join(REPO, 'training')
export const DEMO = join(REPO, 'resources', 'demo')

type Metadata = Record<string, Record<string, Record<string, unknown>>>

export function demoMetadata(): Metadata {
  return JSON.parse(readFileSync(join(DEMO, 'demo_metadata.json'), 'utf8')) as Metadata
}

/** The demo's works with versions, then its single tracks, in file order. */
export function demoWorks(): { multi: string[]; single: string[] } {
  const entries = Object.entries(demoMetadata())
  return {
    multi: entries.filter(([, p]) => Object.keys(p).length > 1).map(([w]) => w),
    single: entries.filter(([, p]) => Object.keys(p).length === 1).map(([w]) => w),
  }
}

export function demoH5(workId: string, perfId: string): string {
  return join(DEMO, 'demo_hpcp', `${workId}_hpcp`, `${perfId}_hpcp.h5`)
}

/** A Da-TACOS-layout dataset `<parent>/<name>` holding these demo works (all their performances). */
export function datasetOf(parent: string, name: string, workIds: readonly string[]): string {
  const metadata = demoMetadata()
  const folder = join(parent, name)
  for (const workId of workIds) {
    const from = join(DEMO, 'demo_hpcp', `${workId}_hpcp`)
    const to = join(folder, `${name}_hpcp`, `${workId}_hpcp`)
    mkdirSync(to, { recursive: true })
    for (const file of readdirSync(from)) copyFileSync(join(from, file), join(to, file))
  }
  writeFileSync(join(folder, `${name}_metadata.json`), JSON.stringify(Object.fromEntries(workIds.map((w) => [w, metadata[w]]))))
  return folder
}

/** Runs a Python script of training/ and returns its stdout; throws with its stderr if it fails. */
export function runPython(args: string[], timeout = 120_000): string {
  const run = spawnSync(PYTHON, args, { cwd: TRAINING, encoding: 'utf8', timeout, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } })
  if (run.status !== 0) throw new Error(`${PYTHON} ${args.join(' ')} failed (${run.status}): ${run.stderr || run.stdout}`)
  return run.stdout
}
