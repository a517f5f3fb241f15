// `npm start`: the Electron window where Electron is installed; otherwise the same renderer
// and backend in web mode on 127.0.0.1 (what `refrain serve` does), with its URL printed.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { electronSqliteBinding } from './electron-native.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const args = process.argv.slice(2)

if (!existsSync(join(root, 'out', 'main', 'cli.js')) || !existsSync(join(root, 'out', 'renderer', 'index.html'))) {
  const built = spawnSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' })
  if (built.status !== 0) process.exit(built.status ?? 1)
}

function electronBinary() {
  try {
    const path = require('electron')
    return typeof path === 'string' && existsSync(path) ? path : null
  } catch {
    return null
  }
}

const run = (command, commandArgs, env = process.env) => {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', env })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)))
}

const electron = electronBinary()
if (electron) {
  const version = require('electron/package.json').version
  const binding = electronSqliteBinding(root, version)
  run(electron, [root, ...args], { ...process.env, REFRAIN_SQLITE_BINDING: binding })
} else {
  console.log('Electron is not installed on this machine (its binary could not be downloaded), so Refrain runs in web mode.')
  run(process.execPath, [join(root, 'bin', 'refrain.js'), 'serve', ...args])
}
