// electron-builder.yml, read by electron-builder's own loader and checked against its own JSON
// schema (app-builder-lib's scheme.json, with ajv as electron-builder runs it), then against what
// a package of Refrain needs: the installers, the native addon outside the archive, and every
// bundled resource shipped where resourcesDir() looks for it in a packaged app. The packages
// themselves cannot be built on this machine (Electron's download is unreachable); see README.
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, relative, sep } from 'node:path'
import { Ajv, type ValidateFunction } from 'ajv'
import { beforeAll, describe, expect, test } from 'vitest'
import { REPO } from './helpers/fixtures'

const require = createRequire(import.meta.url)
// electron-builder's own modules, resolved from where electron-builder is installed.
const builderRequire = createRequire(require.resolve('app-builder-lib/package.json', { paths: [require.resolve('electron-builder/package.json')] }))
const { getConfig } = builderRequire('./out/util/config/config.js') as { getConfig: (projectDir: string) => Promise<BuilderConfig> }
const { minimatch } = builderRequire('minimatch') as { minimatch: (path: string, pattern: string, options: { dot: boolean }) => boolean }

interface ExtraResource {
  from: string
  /** Below the resources folder; absent: the resources folder itself. */
  to?: string
  filter: string[]
}
interface BuilderConfig {
  appId?: string
  productName?: string
  electronVersion?: string
  /** electron-builder's loader turns a list of patterns into one { filter } set. */
  files?: (string | { filter?: string[] })[]
  asarUnpack?: string[]
  extraResources?: ExtraResource[]
  linux?: { target?: string[] }
  mac?: { target?: string[] }
  win?: { target?: string[] }
  [key: string]: unknown
}

let config: BuilderConfig
let validate: ValidateFunction

beforeAll(async () => {
  config = await getConfig(REPO)
  const schema = JSON.parse(readFileSync(builderRequire.resolve('./scheme.json'), 'utf8')) as object
  // The options electron-builder validates with (app-builder-lib's schemaValidator).
  validate = new Ajv({ allErrors: true, verbose: true, coerceTypes: true, strict: false }).compile(schema)
})

/** Every file below `dir`, as paths relative to it with forward slashes. */
function filesUnder(dir: string, root = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return filesUnder(path, root)
    return entry.isFile() ? [relative(root, path).split(sep).join('/')] : []
  })
}

describe('electron-builder.yml', () => {
  test('is the configuration electron-builder loads, and its schema accepts it', () => {
    expect(config.appId).toBe('org.refrain.workstation')
    const copy = structuredClone(config)
    const valid = validate(copy)
    expect(validate.errors ?? []).toEqual([])
    expect(valid).toBe(true)
  })

  test('the schema check would catch a misplaced or misspelled option', () => {
    expect(validate({ ...structuredClone(config), linux: { targets: ['deb'] } })).toBe(false)
    expect(validate({ ...structuredClone(config), asarUnpak: ['**/*.node'] })).toBe(false)
  })

  test('Refrain, as AppImage and deb, dmg, and an NSIS installer, on the pinned Electron', () => {
    expect(config.productName).toBe('Refrain')
    expect(config.linux?.target).toEqual(['AppImage', 'deb'])
    expect(config.mac?.target).toEqual(['dmg'])
    expect(config.win?.target).toEqual(['nsis'])
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { optionalDependencies: Record<string, string> }
    expect(config.electronVersion).toBe(pkg.optionalDependencies.electron)
  })

  test('better-sqlite3\'s native addon is unpacked from the archive', () => {
    const addons = filesUnder(join(REPO, 'node_modules', 'better-sqlite3')).filter((path) => path.endsWith('.node'))
    expect(addons).toContain('build/Release/better_sqlite3.node')
    for (const addon of addons) {
      expect(config.asarUnpack?.some((pattern) => minimatch(`node_modules/better-sqlite3/${addon}`, pattern, { dot: true }))).toBe(true)
    }
  })

  test('every file of resources/ ships beside the archive at the path it has in the checkout', () => {
    // Where each file lands in the packaged resources folder, as electron-builder copies extraResources.
    const shipped = new Map<string, string>()
    for (const { from, to = '.', filter } of config.extraResources ?? []) {
      for (const path of filesUnder(join(REPO, from))) {
        if (filter.some((pattern) => minimatch(path, pattern, { dot: true }))) shipped.set(`${from}/${path}`, join(to, path).split(sep).join('/'))
      }
    }
    const resources = filesUnder(join(REPO, 'resources')).map((path) => `resources/${path}`)
    for (const file of resources) expect(shipped.get(file), file).toBe(file.slice('resources/'.length))
    // What the app opens by name: the bundled library and the calibration.
    expect([...shipped.values()]).toEqual(
      expect.arrayContaining(['calibration.json', 'da-tacos/da-tacos_metadata/da-tacos_benchmark_subset_metadata.json.gz', 'demo/demo_metadata.json']),
    )
    // The data is not packed into the archive as well.
    const packed = (config.files ?? []).flatMap((set) => (typeof set === 'string' ? [set] : (set.filter ?? [])))
    expect(packed).toContain('out/**')
    expect(packed.filter((pattern) => !pattern.startsWith('!')).some((pattern) => minimatch('resources/calibration.json', pattern, { dot: true }))).toBe(false)
  })
})
