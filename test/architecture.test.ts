// The backend's module structure: no import cycles in src-main (madge, resolving with the
// project's tsconfig), and no module outside src-main/electron importing 'electron', so the
// CLI, the web server and the workers run in plain Node.
//
// Type-only imports count as edges: a cycle through `import type` costs nothing at run time,
// but the two modules still cannot be read, tested or moved apart.
import { readdirSync, readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import ts from 'typescript'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

// madge ships no types; this is the part of its API used here.
interface MadgeResult {
  obj(): Record<string, string[]>
  circular(): string[][]
  warnings(): { skipped: string[] }
}
type Madge = (path: string, config: Record<string, unknown>) => Promise<MadgeResult>
const madge = createRequire(import.meta.url)('madge') as Madge

const ROOT = join(import.meta.dirname, '..')
const SRC = join(ROOT, 'src-main')

function graph(dir: string): Promise<MadgeResult> {
  return madge(dir, { baseDir: dir, fileExtensions: ['ts', 'tsx'], tsConfig: join(ROOT, 'tsconfig.json') })
}

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => f.split(sep).join('/'))
    .sort()
}

const temp: string[] = []
afterAll(() => temp.forEach((d) => rmSync(d, { recursive: true, force: true })))

describe('import cycles', () => {
  test('the check sees a cycle, type-only ones included', async () => {
    // Without this, a misconfigured madge that resolves nothing would pass the real check.
    const dir = mkdtempSync(join(tmpdir(), 'refrain-cycles-'))
    temp.push(dir)
    writeFileSync(join(dir, 'a.ts'), "import { b } from './b'\nexport const a = () => b\n")
    writeFileSync(join(dir, 'b.ts'), "import type { C } from './c'\nexport const b: C = 1\n")
    writeFileSync(join(dir, 'c.ts'), "import type { a } from './a'\nexport type C = ReturnType<typeof a> | number\n")
    expect((await graph(dir)).circular()).toEqual([['a.ts', 'b.ts', 'c.ts']])
  })

  describe('src-main', () => {
    let res: MadgeResult
    beforeAll(async () => {
      res = await graph(SRC)
    })

    test('the graph is whole: every source file in it, every relative import resolved', () => {
      // An unresolved import would silently cut the graph, and a cycle with it. The one folder
      // outside src-main that it may import is src-shared (the plots and help text both halves draw).
      const [inside, outside] = [[], []] as [string[], string[]]
      for (const file of Object.keys(res.obj())) (file.startsWith('../') ? outside : inside).push(file)
      expect(inside.sort()).toEqual(sources(SRC))
      expect(outside.filter((f) => !f.startsWith('../src-shared/'))).toEqual([])
      expect(res.warnings().skipped.filter((s) => s.startsWith('.'))).toEqual([])
    })

    test('has no import cycle', () => {
      expect(res.circular().map((cycle) => cycle.join(' -> '))).toEqual([])
    })
  })
})

test("only src-main/electron imports 'electron'", () => {
  const offenders: string[] = []
  for (const file of sources(SRC)) {
    if (file.startsWith('electron/')) continue
    const text = readFileSync(join(SRC, file), 'utf8')
    // TypeScript's own scan: static imports and re-exports (type-only ones too), require() and import().
    const { importedFiles } = ts.preProcessFile(text, true, true)
    for (const imp of importedFiles) {
      if (/^electron(\/|$)/.test(imp.fileName)) offenders.push(`${relative(ROOT, join(SRC, file))} imports '${imp.fileName}'`)
    }
  }
  expect(offenders).toEqual([])
})
