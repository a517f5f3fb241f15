// The HTML report printed to PDF by a Chromium found on this machine (headless, --print-to-pdf):
// REFRAIN_CHROMIUM when set, else chromium, chromium-browser, google-chrome or google-chrome-stable
// on the PATH, else Playwright's own download. Without one, the message says what to install or to
// write HTML instead. (The Electron app could print with its own renderer; that is its door's part.)
import { execFile } from 'node:child_process'
import { accessSync, constants, existsSync, readdirSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ioError, unsupported } from '../errors'
import type { OutputFile } from './output-file'

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']
const PRINT_TIMEOUT_MS = 120_000

const executable = (path: string) => {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.REFRAIN_CHROMIUM) return executable(env.REFRAIN_CHROMIUM) ? env.REFRAIN_CHROMIUM : null
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of NAMES) if (executable(join(dir, name))) return join(dir, name)
  }
  const cache = env.PLAYWRIGHT_BROWSERS_PATH ?? join(homedir(), '.cache', 'ms-playwright')
  const builds = existsSync(cache) ? readdirSync(cache).filter((d) => /^chromium-\d+$/.test(d)).sort().reverse() : []
  for (const build of builds) {
    const chrome = join(cache, build, 'chrome-linux', 'chrome')
    if (executable(chrome)) return chrome
  }
  return null
}

/** The Chromium to print with, or the message saying what to do without one (asked before the report is built). */
export function requireChromium(): string {
  const chromium = findChromium()
  if (!chromium) throw unsupported(`no Chromium found to print the PDF (looked for ${NAMES.join(', ')} on the PATH and REFRAIN_CHROMIUM): install Chromium, or write --format html and print that`)
  return chromium
}

/** Prints `html` with `chromium` into `file` (the report's temporary file, renamed into place by the caller). */
export async function writePdf(file: OutputFile, html: string, chromium: string): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), 'refrain-pdf-'))
  try {
    const page = join(scratch, 'report.html')
    const pdf = join(scratch, 'report.pdf')
    await writeFile(page, html)
    const args = ['--headless', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking', `--user-data-dir=${join(scratch, 'profile')}`, '--no-pdf-header-footer', `--print-to-pdf=${pdf}`, pathToFileURL(page).href]
    // Chromium will not start as root inside its sandbox.
    if (process.getuid?.() === 0) args.unshift('--no-sandbox')
    await new Promise<void>((resolve, reject) => {
      execFile(chromium, args, { timeout: PRINT_TIMEOUT_MS }, (error, _stdout, stderr) => {
        if (error) reject(ioError(`${chromium} could not print the report: ${(stderr || error.message).trim().split('\n').at(-1)}`, error))
        else resolve()
      })
    })
    const bytes = await readFile(pdf).catch(() => null)
    if (!bytes || bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw ioError(`${chromium} ran but wrote no PDF`)
    await file.write(bytes)
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}
