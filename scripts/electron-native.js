// better-sqlite3 is a native addon, and Node and Electron speak different ABIs. npm install
// builds it for Node (the CLI and web mode); for the Electron window we build a second copy
// for Electron's ABI, kept beside it, and hand its path to better-sqlite3's nativeBinding.
// A prebuilt binary is tried first; otherwise node-gyp compiles against Electron's headers.
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export function electronSqliteBinding(root, electronVersion) {
  const target = join(root, 'node_modules', '.refrain-electron', `better_sqlite3-electron-${electronVersion}-${process.platform}-${process.arch}.node`)
  if (existsSync(target)) return target
  console.log(`refrain: building better-sqlite3 for Electron ${electronVersion} (once)…`)
  const work = mkdtempSync(join(tmpdir(), 'refrain-sqlite-'))
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'
  try {
    cpSync(join(root, 'node_modules', 'better-sqlite3'), work, { recursive: true })
    rmSync(join(work, 'build'), { recursive: true, force: true })
    const run = (args) => execFileSync(npx, ['--yes', ...args], { cwd: work, stdio: 'inherit' })
    try {
      run(['prebuild-install', '--runtime', 'electron', '--target', electronVersion])
    } catch {
      run(['node-gyp', 'rebuild', '--release', '--runtime=electron', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers'])
    }
    mkdirSync(join(target, '..'), { recursive: true })
    cpSync(join(work, 'build', 'Release', 'better_sqlite3.node'), target)
    return target
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}
