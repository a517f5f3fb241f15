// Starts the real backend in web mode on a fresh database (which first indexes the embedded
// Da-TACOS library) and hands its URL to the tests in REFRAIN_E2E_URL. Builds the app first
// when the build is missing or older than the sources.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

function newestMtime(dir: string): number {
  let newest = 0
  if (!existsSync(dir)) return newest
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p))
    else newest = Math.max(newest, statSync(p).mtimeMs)
  }
  return newest
}

function ensureBuilt(): void {
  const outputs = [join(root, 'out/main/cli.js'), join(root, 'out/renderer/index.html')]
  const builtAt = Math.min(...outputs.map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)))
  const sourcesAt = Math.max(...['src-main', 'src-renderer', 'src-preload'].map((d) => newestMtime(join(root, d))))
  if (builtAt > 0 && builtAt >= sourcesAt) return
  const r = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) throw new Error('e2e: `electron-vite build` failed')
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  ensureBuilt()
  const home = mkdtempSync(join(tmpdir(), 'refrain-e2e-'))
  process.env.REFRAIN_E2E_TMP = home
  const child = spawn(process.execPath, [join(root, 'bin/refrain.js'), 'serve', '--port', '0', '--db', join(home, 'refrain.db'), '--json'], {
    cwd: root,
    env: { ...process.env, REFRAIN_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d
  })
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`e2e: the backend did not print its URL within 120 s\n${stderr}`)), 120_000)
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d
      // One JSON object (pretty-printed or on one line) once the server is ready.
      const start = stdout.indexOf('{')
      const end = stdout.lastIndexOf('}')
      if (start < 0 || end < start) return
      try {
        const parsed = JSON.parse(stdout.slice(start, end + 1)) as { url?: string }
        if (parsed.url) {
          clearTimeout(timer)
          resolve(parsed.url)
        }
      } catch {
        /* not complete yet */
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`e2e: the backend exited (code ${code}) before it was ready\n${stderr}`))
    })
  })
  process.env.REFRAIN_E2E_URL = url

  return async () => {
    if (child.exitCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      child.kill('SIGTERM')
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))])
      if (child.exitCode === null) child.kill('SIGKILL')
    }
    rmSync(home, { recursive: true, force: true })
  }
}
