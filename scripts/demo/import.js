// Runs the built `refrain import` on a staged folder of audio, into a throwaway library: the
// builders want its Da-TACOS-layout output, never rows in the developer's own library.
import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { basename, dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/** @returns the import's JSON summary ({imported, filesSeen, failed, …}) */
export function refrainImport({ stage, out, works = null, workers = null, quiet = false }) {
  const cli = join(ROOT, 'bin', 'refrain.js')
  const help = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' })
  if (!/\bimport\b/.test(`${help.stdout}${help.stderr}`)) {
    throw new Error('`refrain import` is not available in this build (run `npx electron-vite build` first)')
  }
  const args = [cli, 'import', stage, '--out', out, '--json']
  if (works) args.push('--works', works)
  if (workers) args.push('--workers', String(workers))
  if (!quiet) console.log(`$ node ${args.map((a) => (a.includes(' ') ? JSON.stringify(a) : relative(ROOT, a) || a)).join(' ')}`)
  const home = join(dirname(stage), `${basename(stage)}.home`)
  rmSync(home, { recursive: true, force: true })
  const env = { ...process.env, REFRAIN_HOME: home, REFRAIN_DEFAULT_LIBRARY: '0' }
  const res = spawnSync(process.execPath, args, { encoding: 'utf8', env, stdio: ['ignore', 'pipe', quiet ? 'pipe' : 'inherit'], maxBuffer: 1 << 28 })
  rmSync(home, { recursive: true, force: true })
  if (res.status !== 0) throw new Error(`refrain import exited ${res.status}: ${res.stdout.slice(-2000)}${res.stderr ? res.stderr.slice(-1000) : ''}`)
  return JSON.parse(res.stdout)
}
