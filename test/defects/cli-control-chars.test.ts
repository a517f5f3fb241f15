// Defect 3: ids, titles, dataset and file names holding terminal control sequences (ESC, OSC,
// CSI, a newline) were printed raw by the CLI: a crafted metadata file could clear the screen,
// set the window title or forge output lines. Run the real CLI over such a dataset: what it
// prints holds no control character but the newlines ending its own lines, and shows each one
// escaped instead.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { safeText } from '../../src-main/cli/output'
import { assertCliBuilt, runCli } from '../helpers/cli'
import { metadataEntry, removeTempDirs, tempDir } from '../helpers/fixtures'

const TITLE = 'Title\x1b]0;pwned\x07 \x9b2J\nforged: done'
const DATASET = 'evil\x1b[2J'
let dir: string
let db: string
const env = () => ({ home: join(dir, 'home'), extra: { REFRAIN_DEFAULT_LIBRARY: '0' } })

/** Any control character other than the line feeds that end printed lines. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/

beforeAll(async () => {
  assertCliBuilt()
  dir = tempDir()
  db = join(dir, 'refrain.db')
  const root = join(dir, 'data')
  mkdirSync(root, { recursive: true })
  writeFileSync(join(root, `${DATASET}_metadata.json`), JSON.stringify({ W_1: { P_1: metadataEntry('W_1', 'P_1', { perf_title: TITLE, perf_artist: 'Art\rist' }) } }))
  // A broken feature file in a folder whose name holds a colour escape: its error names it.
  const bad = join(root, 'bad\x1b[31m', 'mine_hpcp', 'W_1_hpcp')
  mkdirSync(bad, { recursive: true })
  writeFileSync(join(bad, 'P_1_hpcp.h5'), 'not hdf5')
}, 60_000)

afterAll(removeTempDirs)

describe('control characters in what the CLI prints', () => {
  test('safeText escapes C0, DEL and C1, newline included, and leaves other text alone', () => {
    expect(safeText('a\x1b]0;t\x07b\nc\td\x7f\x9bé歌')).toBe('a\\x1b]0;t\\x07b\\nc\\td\\x7f\\x9bé歌')
  })

  test('index messages, datasets, search and show escape them; --json keeps the value, escaped', async () => {
    const index = await runCli(['index', join(dir, 'data'), '--db', db], env())
    expect(index.code).toBe(3)
    expect(index.stderr).toContain('bad\\x1b[31m')
    expect(index.stderr).not.toMatch(RAW_CONTROL)

    const datasets = await runCli(['datasets', '--db', db], env())
    expect(datasets.stdout).toContain('evil\\x1b[2J')
    expect(datasets.stdout).not.toMatch(RAW_CONTROL)

    const search = await runCli(['search', 'Title', '--db', db], env())
    expect(search.code).toBe(0)
    expect(search.stdout).toContain('Title\\x1b]0;pwned\\x07 \\x9b2J\\nforged: done')
    expect(search.stdout).not.toMatch(RAW_CONTROL)
    expect(search.stdout).not.toMatch(/^forged/m)

    const show = await runCli(['show', 'P_1', '--db', db], env())
    expect(show.code).toBe(0)
    expect(show.stdout).toContain('Art\\rist')
    expect(show.stdout).not.toMatch(RAW_CONTROL)

    const json = await runCli(['search', 'Title', '--json', '--db', db], env())
    expect(json.stdout).not.toMatch(RAW_CONTROL)
    expect((JSON.parse(json.stdout) as { performances: { title: string }[] }).performances[0].title).toBe(TITLE)
  })
})
