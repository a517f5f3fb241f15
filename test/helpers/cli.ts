// Runs the built CLI (`node bin/refrain.js`, which loads out/main/cli.js) as a user would,
// always with REFRAIN_HOME pointing into a temp folder so no test touches the real per-user library.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { REPO } from './fixtures'

export const CLI = join(REPO, 'bin', 'refrain.js')
const BUILT = join(REPO, 'out', 'main', 'cli.js')

function newestSource(dir: string): { path: string; mtimeMs: number } {
  let newest = { path: dir, mtimeMs: 0 }
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    const candidate = entry.isDirectory() ? newestSource(path) : { path, mtimeMs: statSync(path).mtimeMs }
    if (candidate.mtimeMs > newest.mtimeMs) newest = candidate
  }
  return newest
}

/** The CLI tests test the build: refuse to run against a missing or stale one. */
export function assertCliBuilt(): void {
  if (!existsSync(BUILT)) throw new Error('out/main/cli.js is missing: build it with `npx electron-vite build` (npm test does)')
  const source = newestSource(join(REPO, 'src-main'))
  if (source.mtimeMs > statSync(BUILT).mtimeMs) {
    throw new Error(`out/main/cli.js is older than ${source.path}: rebuild with \`npx electron-vite build\` (npm test does)`)
  }
}

export interface CliEnv {
  /** REFRAIN_HOME for the run (required: never the real per-user folder). */
  home: string
  extra?: Record<string, string | undefined>
  /** A command to run node under, e.g. ['setpriv', '--reuid=65534', …] to run as another user. */
  via?: string[]
}

function environment({ home, extra = {} }: CliEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, REFRAIN_HOME: home, ...extra }
  delete env.REFRAIN_RESOURCES
  if (extra.REFRAIN_RESOURCES) env.REFRAIN_RESOURCES = extra.REFRAIN_RESOURCES
  for (const [key, value] of Object.entries(extra)) if (value === undefined) delete env[key]
  return env
}

export function spawnCli(args: string[], env: CliEnv): ChildProcess {
  const [command, ...prefix] = [...(env.via ?? []), process.execPath]
  return spawn(command, [...prefix, CLI, ...args], { cwd: REPO, env: environment(env), stdio: ['ignore', 'pipe', 'pipe'] })
}

export interface CliResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export function runCli(args: string[], env: CliEnv, timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, env)
    let stdout = ''
    let stderr = ''
    child.stdout!.on('data', (chunk) => (stdout += chunk))
    child.stderr!.on('data', (chunk) => (stderr += chunk))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`refrain ${args.join(' ')} did not finish in ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`))
    }, timeoutMs)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr })
    })
  })
}
