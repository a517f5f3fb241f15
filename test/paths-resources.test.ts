// library/paths.ts: the one lookup of the bundled resources folder, in a packaged app (Electron's
// resources folder), under `electron .` in a checkout, and under plain Node (CLI, web mode, tests),
// on folder trees laid out as each case lays them out.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { appRoot, resourcesDir } from '../src-main/library/paths'
import { REPO, removeTempDirs, tempDir } from './helpers/fixtures'

afterAll(removeTempDirs)

function folders(root: string, ...paths: string[]): void {
  for (const path of paths) mkdirSync(join(root, path), { recursive: true })
}

/** An installed app as electron-builder lays it out: code in app.asar, data as extraResources beside it. */
function packagedTree(resources: string): { resources: string; bundle: string } {
  const root = tempDir()
  const resourcesFolder = join(root, resources)
  folders(resourcesFolder, 'app.asar/out/main', 'da-tacos', 'demo')
  writeFileSync(join(resourcesFolder, 'calibration.json'), '{}')
  writeFileSync(join(resourcesFolder, 'app.asar', 'package.json'), JSON.stringify({ name: 'refrain', version: '9.9.9' }))
  // A checkout of Refrain above the install, which a lookup that walks up would wrongly take.
  folders(root, 'resources/da-tacos')
  return { resources: resourcesFolder, bundle: join(resourcesFolder, 'app.asar', 'out', 'main') }
}

describe('resourcesDir', () => {
  test('packaged on macOS: Contents/Resources, not a resources/ folder found by walking up', () => {
    const app = packagedTree('Refrain.app/Contents/Resources')
    expect(resourcesDir({ env: {}, resourcesPath: app.resources, moduleDir: app.bundle })).toBe(app.resources)
  })

  test('packaged on Linux and Windows: <install>/resources', () => {
    const app = packagedTree('opt/Refrain/resources')
    expect(resourcesDir({ env: {}, resourcesPath: app.resources, moduleDir: app.bundle })).toBe(app.resources)
  })

  test('`electron .` in a checkout: the repository\'s resources/, not Electron\'s own resources folder', () => {
    const repo = tempDir()
    folders(repo, 'resources/da-tacos', 'out/main', 'node_modules/electron/dist/resources/da-tacos')
    const electronResources = join(repo, 'node_modules', 'electron', 'dist', 'resources')
    expect(resourcesDir({ env: {}, resourcesPath: electronResources, moduleDir: join(repo, 'out', 'main') })).toBe(join(repo, 'resources'))
  })

  test('plain Node (the CLI and web mode, from out/main or the sources): the repository\'s resources/', () => {
    expect(resourcesDir({ env: {}, resourcesPath: undefined, moduleDir: join(REPO, 'out', 'main') })).toBe(join(REPO, 'resources'))
    expect(resourcesDir({ env: {} })).toBe(join(REPO, 'resources'))
  })

  test('REFRAIN_RESOURCES wins over both, made absolute', () => {
    const app = packagedTree('opt/Refrain/resources')
    expect(resourcesDir({ env: { REFRAIN_RESOURCES: '/srv/refrain-data' }, resourcesPath: app.resources, moduleDir: app.bundle })).toBe('/srv/refrain-data')
  })

  test('no resources anywhere above: an error that says how to point at them', () => {
    const lonely = tempDir()
    folders(lonely, 'out/main')
    expect(() => resourcesDir({ env: {}, resourcesPath: undefined, moduleDir: join(lonely, 'out', 'main') })).toThrow(/REFRAIN_RESOURCES/)
  })
})

describe('appRoot', () => {
  test('the folder holding package.json: app.asar when packaged, the repository otherwise', () => {
    const app = packagedTree('opt/Refrain/resources')
    expect(appRoot(app.bundle)).toBe(join(app.resources, 'app.asar'))
    expect(appRoot(join(REPO, 'out', 'main', 'chunks'))).toBe(REPO)
  })
})
