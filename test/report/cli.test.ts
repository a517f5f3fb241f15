// `refrain report` as a user runs it on a fresh library (the bundled Da-TACOS metadata indexed on
// first run): the benchmark subset's cover relationships in the seed project's two files, the
// line that says what was written, and the refusals with their exit codes.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertCliBuilt, runCli } from '../helpers/cli'
import { removeTempDirs, REPO, tempDir } from '../helpers/fixtures'

const seed = (name: string) => gunzipSync(readFileSync(join(REPO, 'test', 'report', 'seed', `${name}.gz`))).toString('utf8')
let env: { home: string }
let out: string

beforeAll(() => {
  assertCliBuilt()
  env = { home: tempDir() }
  out = tempDir()
})

afterAll(() => removeTempDirs())

describe('refrain report', () => {
  it('benchmark --format txt --out <folder>: cover_relationships.txt in it, the seed file byte for byte', async () => {
    const run = await runCli(['report', 'benchmark', '--format', 'txt', '--out', out], env, 120_000)
    expect(run.code).toBe(0)
    const path = join(out, 'cover_relationships.txt')
    expect(run.stdout).toBe(`wrote ${path} (1,657,603 bytes, 3,000 works)\n`)
    expect(readFileSync(path, 'utf8')).toBe(seed('cover_relationships.txt'))
  }, 120_000)

  it('benchmark --format json --seed-mapping --out <file>: the seed cover_mapping.json byte for byte', async () => {
    const path = join(out, 'seed.json')
    const run = await runCli(['report', 'benchmark', '--format', 'json', '--seed-mapping', '--out', path, '--json'], env)
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual({ path, paths: [path], bytes: 259_028, rows: 1000 })
    expect(readFileSync(path, 'utf8')).toBe(seed('cover_mapping.json'))
  })

  it('refuses with a one-line message and the documented exit code', async () => {
    const jobOnly = await runCli(['report', 'benchmark', '--format', 'npy', '--out', out], env)
    expect(jobOnly.code).toBe(1)
    expect(jobOnly.stderr).toBe('refrain: --format npy needs a scoring job, and "benchmark" is a dataset (see refrain jobs)\n')
    const missing = await runCli(['report', 'nothing', '--format', 'txt', '--out', out], env)
    expect(missing.code).toBe(4)
    expect(missing.stderr).toMatch(/^refrain: "nothing" is neither an indexed dataset/)
    const noFormat = await runCli(['report', 'benchmark'], env)
    expect(noFormat.code).toBe(2)
    expect(noFormat.stderr).toBe('refrain: --format must be one of txt, json, csv, items, npy, html, pdf\n')
  })
})
