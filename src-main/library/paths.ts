// Where Refrain keeps its database and finds its bundled resources. The CLI, web mode and
// the Electron app all resolve the same per-user folder, so they share one library.
import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join, posix, resolve, win32 } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The per-user data folder: REFRAIN_HOME, else the operating system's convention. */
export function appHome(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.REFRAIN_HOME) return resolve(env.REFRAIN_HOME)
  // An empty or relative variable would put the database under whatever folder we started in.
  const isAbsolute = platform === 'win32' ? win32.isAbsolute : posix.isAbsolute
  const absolute = (value: string | undefined) => (value && isAbsolute(value) ? value : null)
  if (platform === 'win32') return join(absolute(env.APPDATA) ?? join(homedir(), 'AppData', 'Roaming'), 'Refrain')
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Refrain')
  return join(absolute(env.XDG_DATA_HOME) ?? join(homedir(), '.local', 'share'), 'refrain')
}

/** Where web mode puts uploaded audio: uploads/<uploadId>/… in the per-user folder (imports link to these files). */
export function uploadsDir(): string {
  return join(appHome(), 'uploads')
}

/** `--db` wins; otherwise refrain.db in the per-user folder. */
export function defaultDbPath(explicit?: string): string {
  return explicit ? resolve(explicit) : join(appHome(), 'refrain.db')
}

/** The project folder holding resources/: found by walking up from this module, wherever the bundler put it. */
export function resourcesDir(): string {
  if (process.env.REFRAIN_RESOURCES) return resolve(process.env.REFRAIN_RESOURCES)
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const candidate = join(dir, 'resources')
    if (existsSync(join(candidate, 'da-tacos'))) return candidate
    const parent = dirname(dir)
    if (parent === dir) throw new Error('cannot find Refrain\'s resources folder (set REFRAIN_RESOURCES)')
    dir = parent
  }
}

/**
 * The embedded default library: the real Da-TACOS metadata with the one real feature sample,
 * and the demo library of real music (features and audio) where it is present.
 */
export function defaultLibraryDirs(): string[] {
  return ['da-tacos', 'demo'].map((name) => join(resourcesDir(), name)).filter((dir) => existsSync(dir))
}

/** The built renderer served in web mode. */
export function rendererDir(): string {
  return join(dirname(resourcesDir()), 'out', 'renderer')
}

/** The version in package.json, read once. */
let version: string | null = null
export function appVersion(): string {
  version ??= (JSON.parse(readFileSync(join(dirname(resourcesDir()), 'package.json'), 'utf8')) as { version: string }).version
  return version
}
