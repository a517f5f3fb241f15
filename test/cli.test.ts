// The built CLI, run as a user runs it: `node bin/refrain.js …`, with REFRAIN_HOME in a temp
// folder (or --db), checking exit codes, stdout and stderr.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { PerformanceDetail } from '../src-main/api/contract'
import { assertCliBuilt, runCli, spawnCli, type CliResult } from './helpers/cli'
import { makeMixedFolder, REPO, removeTempDirs, RUNNING_AS_ROOT, tempDir, writeHpcp } from './helpers/fixtures'

let dir: string
let home: string
let template: string
let pristine: string
let firstRun: CliResult
/** An empty resources folder: a new database's first run then has no bundled library to index. */
let emptyResources: string

beforeAll(async () => {
  assertCliBuilt()
  dir = tempDir()
  home = join(dir, 'home')
  template = join(dir, 'template.db')
  pristine = join(dir, 'pristine.db')
  emptyResources = join(dir, 'empty-resources')
  mkdirSync(join(emptyResources, 'da-tacos'), { recursive: true })
  firstRun = await runCli(['datasets', '--db', template], { home })
  // Tests below run concurrently and some open the template; copies come from this untouched one.
  copyFileSync(template, pristine)
}, 60_000)

afterAll(removeTempDirs)

/** A private copy of the database holding the bundled library. */
function libraryCopy(): string {
  const path = join(tempDir(), 'refrain.db')
  copyFileSync(pristine, path)
  return path
}

const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '')
const noStackTrace = (text: string) => expect(text).not.toMatch(/^\s+at .+\(.*:\d+:\d+\)|^\s+at file:/m)

describe.concurrent('first run', () => {
  test('a new database gets the bundled library (Da-TACOS metadata, and the demo library when built), and says so', () => {
    expect(firstRun.code).toBe(0)
    const said = /^first run: indexed the bundled library \((\d+) performances\) in [\d.]+ s\n$/.exec(firstRun.stderr)
    expect(said).not.toBeNull()
    const daTacos = 25000
    if (existsSync(join(REPO, 'resources', 'demo'))) expect(Number(said![1])).toBeGreaterThan(daTacos)
    else expect(Number(said![1])).toBe(daTacos)
    const table = lines(firstRun.stdout)
    expect(table[0]).toMatch(/^dataset\s+kind\s+works\s+performances\s+with features\s+root$/)
    expect(table.find((line) => line.startsWith('benchmark'))).toMatch(/^benchmark\s+da-tacos\s+3000\s+15000\s+0\s/)
    expect(table.find((line) => line.startsWith('coveranalysis'))).toMatch(/^coveranalysis\s+da-tacos\s+5000\s+10000\s+1\s/)
  })
})

describe.concurrent('search', () => {
  test('search "Aki Aleong" --json finds P_547131', async () => {
    const result = await runCli(['search', 'Aki Aleong', '--json', '--db', template], { home })
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    const found = JSON.parse(result.stdout) as { performances: { perfId: string; artist: string }[]; works: { workId: string }[] }
    expect(found.performances.find((p) => p.perfId === 'P_547131')).toMatchObject({ artist: 'Aki Aleong' })
    expect(found.works.map((w) => w.workId)).toContain('W_163992')
  })

  test('as text, words given as separate arguments', async () => {
    const result = await runCli(['search', 'aki', 'aleong', '--db', template], { home })
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^P_547131\s+W_163992\s+coveranalysis\s+1961\s+Aki Aleong\s+Trade Winds, Trade Winds$/m)
  })

  test('piped into a reader that stops early (| head): the output just ends, exit 0, no error', async () => {
    const child = spawnCli(['search', 'a', '--limit', '500', '--db', template], { home })
    let stderr = ''
    child.stderr!.on('data', (chunk) => (stderr += chunk))
    // Read the first chunk, then close the pipe as head does.
    await new Promise((resolve) => child.stdout!.once('data', resolve))
    child.stdout!.destroy()
    const code = await new Promise((resolve) => child.on('close', resolve))
    expect(stderr).not.toMatch(/EPIPE|Error/)
    expect(code).toBe(0)
  })

  test('nothing found: exit 4', async () => {
    const result = await runCli(['search', 'zzzzqxv', '--db', template], { home })
    expect(result.code).toBe(4)
    expect(result.stdout).toContain('nothing matches "zzzzqxv"')
  })

  test('--limit must be a positive whole number: exit 2', async () => {
    const result = await runCli(['search', 'aki', '--limit', '0', '--db', template], { home })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^refrain: --limit must be a positive whole number/)
  })
})

describe.concurrent('show', () => {
  test('show P_547131 --json lists the 7 features with their shapes', async () => {
    const result = await runCli(['show', 'P_547131', '--json', '--db', template], { home })
    expect(result.code).toBe(0)
    const perf = JSON.parse(result.stdout) as PerformanceDetail
    expect(perf).toMatchObject({ perfId: 'P_547131', workId: 'W_163992', artist: 'Aki Aleong', year: 1961, key: { key: 'C', scale: 'major' } })
    expect(Object.fromEntries(perf.featureFiles.map((f) => [f.kind, f.shape]))).toEqual({
      cens: [15227, 12],
      crema: [12, 15226],
      hpcp: [15227, 12],
      key: [],
      madmom: [15227],
      mfcc: [13, 15183],
      tags: [50],
    })
  })

  test('show P_547131 as text: metadata, key and the feature table', async () => {
    const result = await runCli(['show', 'P_547131', '--db', template], { home })
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('') // not a first run any more: nothing indexed, nothing said
    expect(result.stdout).toMatch(/^P_547131 {2}Trade Winds, Trade Winds — Aki Aleong$/m)
    expect(result.stdout).toMatch(/^key:\s+C major \(strength 0\.\d\d\)$/m)
    expect(result.stdout).toMatch(/^\s+hpcp\s+\(15227, 12\)\s+2:56\s/m)
    expect(result.stdout).toMatch(/^\s+crema\s+\(12, 15226\)\s/m)
  })

  test('show W_163992 prints both performances', async () => {
    const result = await runCli(['show', 'W_163992', '--db', template], { home })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('2 performances')
    expect(result.stdout).toMatch(/^P_547131\s+1961\s+no\s+cens,crema,hpcp,key,madmom,mfcc,tags\s+Aki Aleong\s/m)
    expect(result.stdout).toMatch(/^P_547140\s+1961\s+no\s+-\s+Dodie Stevens\s/m)
  })

  test('an id that is not indexed: exit 4 and one line', async () => {
    const result = await runCli(['show', 'P_999999999', '--db', template], { home })
    expect(result.code).toBe(4)
    expect(result.stderr).toBe('refrain: no performance P_999999999 is indexed\n')
  })

  test('something that is not an id: exit 2', async () => {
    const result = await runCli(['show', 'Trade Winds', '--db', template], { home })
    expect(result.code).toBe(2)
    expect(lines(result.stderr)).toEqual(['refrain: refrain show needs a work id (W_…) or a performance id (P_…)'])
  })
})

describe.concurrent('index', () => {
  test('a path that does not exist: exit 1 and a one-line message naming it, no stack trace', async () => {
    const missing = join(dir, 'no', 'such', 'folder')
    const result = await runCli(['index', missing, '--db', libraryCopy()], { home })
    expect(result.code).toBe(1)
    expect(lines(result.stderr)).toEqual([`error: ${missing}: does not exist`])
    noStackTrace(result.stderr)
    expect(result.stdout).toMatch(/0 files indexed, 0 unchanged, 1 failed/)
  })

  test('a folder of good and bad files: exit 3 (partial), each bad file named once, nothing from HDF5', async () => {
    const folder = await makeMixedFolder(tempDir())
    const result = await runCli(['index', folder.root, '--db', libraryCopy()], { home })
    expect(result.code).toBe(3)
    noStackTrace(result.stderr)
    expect(result.stderr).not.toMatch(/HDF5-DIAG|#000:/)
    const reported = lines(result.stderr)
    for (const file of [folder.brokenMetadata, folder.notHdf5, folder.wrongShape, folder.missingDataset, folder.truncated, folder.empty]) {
      expect(reported.filter((line) => line.startsWith(`error: ${file}: `)), file).toHaveLength(1)
    }
    expect(reported.filter((line) => line.startsWith(`warning: ${folder.nan}: `))).toHaveLength(1)
    expect(reported.every((line) => /^(error|warning): \//.test(line))).toBe(true)
    expect(result.stdout).toMatch(/^indexing done in [\d.]+ s: \d+ files indexed, 0 unchanged, \d+ failed; /m)
  })

  // Root reads any file whatever its mode, so as root the CLI runs as "nobody" (uid 65534) through
  // setpriv; as any other user it runs as itself. Skipped only as root without setpriv.
  const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((path) => existsSync(path))
  test.skipIf(RUNNING_AS_ROOT && !setpriv)('an unreadable file (chmod 000): reported as permission denied, naming it', async () => {
    const open = tempDir()
    chmodSync(open, 0o755)
    const file = await writeHpcp(join(open, 'mine_hpcp', 'W_1_hpcp', 'P_1_hpcp.h5'), 'W_1', 'P_1')
    const readable = await writeHpcp(join(open, 'mine_hpcp', 'W_1_hpcp', 'P_2_hpcp.h5'), 'W_1', 'P_2')
    chmodSync(file, 0o000)
    const writable = join(open, 'home')
    mkdirSync(join(writable, 'resources', 'da-tacos'), { recursive: true })
    chmodSync(writable, 0o777)
    const via = RUNNING_AS_ROOT ? [setpriv!, '--reuid=65534', '--regid=65534', '--clear-groups'] : undefined
    const result = await runCli(['index', join(open, 'mine_hpcp'), '--db', join(writable, 'refrain.db')], {
      home: writable,
      extra: { REFRAIN_RESOURCES: join(writable, 'resources') },
      via,
    })
    expect(result.code, result.stderr).toBe(3)
    const reported = lines(result.stderr).filter((line) => line.startsWith('error: '))
    expect(reported).toHaveLength(1)
    expect(reported[0].startsWith(`error: ${file}: `), reported[0]).toBe(true)
    expect(reported[0]).toMatch(/permission denied/i)
    expect(result.stderr).not.toContain(readable)
  })

  test('with no path: exit 2', async () => {
    const result = await runCli(['index', '--db', libraryCopy()], { home })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/needs at least one file or folder/)
  })
})

describe.concurrent('usage', () => {
  test('an unknown command: exit 2, pointing to --help, and no database is created', async () => {
    const where = join(tempDir(), 'home')
    const result = await runCli(['frobnicate'], { home: where })
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('refrain: unknown command "frobnicate" (try refrain --help)\n')
    expect(existsSync(join(where, 'refrain.db'))).toBe(false)
  })

  test('no arguments: exit 2 with the usage', async () => {
    const result = await runCli([], { home: join(tempDir(), 'home') })
    expect(result.code).toBe(2)
    expect(result.stdout + result.stderr).toMatch(/Usage:\n\s+refrain index <path\.\.\.>/)
  })

  test('--help: exit 0 with the usage', async () => {
    const result = await runCli(['--help'], { home: join(tempDir(), 'home') })
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^refrain — /)
    expect(result.stdout).toContain('Exit codes:')
  })

  test('an unknown option: exit 2', async () => {
    const result = await runCli(['search', 'aki', '--frob'], { home: join(tempDir(), 'home') })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^refrain: .*--frob.*\(try refrain --help\)\n$/)
  })

  test('an option value that looks like an option: Node\'s advice on lines of its own, no escaped line breaks, exit 2', async () => {
    const result = await runCli(['score', 'demo', '--method', 'dtw', '--band', '-1'], { home: join(tempDir(), 'home') })
    expect(result.code).toBe(2)
    expect(result.stderr).not.toContain('\\n')
    expect(result.stderr).toMatch(/^refrain: Option '--band' argument is ambiguous\.\n {2}Did you forget/)
    expect(result.stderr).toContain("use '--band=-XYZ'. (try refrain --help)\n")
  })

  test('--version prints package.json\'s version', async () => {
    const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }
    const result = await runCli(['--version'], { home: join(tempDir(), 'home') })
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(`${version}\n`)
  })
})

describe.concurrent('where the database is', () => {
  test('REFRAIN_HOME: refrain.db appears there', async () => {
    const where = join(tempDir(), 'my home')
    const result = await runCli(['datasets', '--json'], { home: where, extra: { REFRAIN_RESOURCES: emptyResources } })
    expect(result.code).toBe(0)
    expect(existsSync(join(where, 'refrain.db'))).toBe(true)
  })

  test('--db wins over REFRAIN_HOME', async () => {
    const where = join(tempDir(), 'home')
    const explicit = join(tempDir(), 'elsewhere', 'lib.db')
    const result = await runCli(['datasets', '--json', '--db', explicit], { home: where, extra: { REFRAIN_RESOURCES: emptyResources } })
    expect(result.code).toBe(0)
    expect(existsSync(explicit)).toBe(true)
    expect(existsSync(join(where, 'refrain.db'))).toBe(false)
  })
})
