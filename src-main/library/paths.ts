// Where Refrain keeps its database and finds its bundled resources. The CLI, web mode and
// the Electron app all resolve the same per-user folder, so they share one library.
import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, isAbsolute, join, posix, relative, resolve, sep, win32 } from 'node:path'
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

/** Where to look for the resources folder; each field defaults to this process's own. */
export interface ResourceLookup {
  env?: NodeJS.ProcessEnv
  /** Electron's resources folder (`process.resourcesPath`); absent under plain Node. */
  resourcesPath?: string
  /** The folder of the running bundle, where the search starts. */
  moduleDir?: string
}

const here = () => dirname(fileURLToPath(import.meta.url))

/** True when `child` is `parent` or lies inside it. */
function isInside(child: string, parent: string): boolean {
  const path = relative(resolve(parent), resolve(child))
  return path === '' || (path !== '..' && !path.startsWith('..' + sep) && !isAbsolute(path))
}

/**
 * The folder holding da-tacos/, demo/, calibration.json (and models/): REFRAIN_RESOURCES if set;
 * in a packaged app, Electron's resources folder, where electron-builder puts them as
 * extraResources; otherwise (development, the CLI, tests) the repository's resources/.
 */
export function resourcesDir(lookup: ResourceLookup = {}): string {
  const env = lookup.env ?? process.env
  if (env.REFRAIN_RESOURCES) return resolve(env.REFRAIN_RESOURCES)
  const moduleDir = lookup.moduleDir ?? here()
  // A packaged app's code lies inside resources/app.asar; an unpackaged `electron .` also has a
  // resourcesPath (Electron's own, under node_modules), which must not be taken for ours.
  const resourcesPath = 'resourcesPath' in lookup ? lookup.resourcesPath : (process as { resourcesPath?: string }).resourcesPath
  if (resourcesPath && isInside(moduleDir, resourcesPath)) return resolve(resourcesPath)
  // Walking up finds resources/ wherever the bundler put this module (src-main/library, out/main).
  let dir = moduleDir
  for (;;) {
    const candidate = join(dir, 'resources')
    if (existsSync(join(candidate, 'da-tacos'))) return candidate
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`cannot find Refrain's resources folder above ${moduleDir} (set REFRAIN_RESOURCES)`)
    dir = parent
  }
}

/** The application's own folder, holding package.json and out/: the repository, or app.asar when packaged. */
export function appRoot(moduleDir: string = here()): string {
  let dir = moduleDir
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`cannot find Refrain's package.json above ${moduleDir}`)
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
  return join(appRoot(), 'out', 'renderer')
}

/** The version in package.json, read once. */
let version: string | null = null
export function appVersion(): string {
  version ??= (JSON.parse(readFileSync(join(appRoot(), 'package.json'), 'utf8')) as { version: string }).version
  return version
}
