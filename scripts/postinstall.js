// Runs after `npm install`. Electron is an optional dependency: on a machine that cannot
// download its binary (offline, or only the npm registry reachable) npm drops it and the
// install still succeeds; `npm start` then serves web mode. Here we fetch just Electron's
// type declarations from the npm registry so the shell still type-checks. Never fatal.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const require = createRequire(import.meta.url)
const ELECTRON_VERSION = '41.7.1'
const typesDir = join(process.cwd(), 'node_modules', '.refrain-types')

function electronInstalled() {
  try {
    require.resolve('electron/package.json')
    return true
  } catch {
    return false
  }
}

if (electronInstalled()) {
  rmSync(typesDir, { recursive: true, force: true })
} else if (!existsSync(join(typesDir, 'electron.d.ts'))) {
  console.log(`refrain: Electron ${ELECTRON_VERSION} could not be installed here (its binary downloads from outside the npm registry); npm start will serve web mode.`)
  const work = mkdtempSync(join(tmpdir(), 'refrain-electron-'))
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
    const tarball = execFileSync(npm, ['pack', `electron@${ELECTRON_VERSION}`, '--silent'], { cwd: work, encoding: 'utf8' }).trim().split('\n').pop()
    execFileSync('tar', ['-xzf', tarball, 'package/electron.d.ts'], { cwd: work })
    mkdirSync(typesDir, { recursive: true })
    renameSync(join(work, 'package', 'electron.d.ts'), join(typesDir, 'electron.d.ts'))
  } catch (error) {
    console.warn(`refrain: could not fetch Electron's type declarations (${error.message.split('\n')[0]}); only type-checking of the Electron shell is affected.`)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}
