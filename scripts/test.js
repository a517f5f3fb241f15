// `npm test`: type-check, lint, build, unit/integration tests (vitest), end-to-end tests
// (Playwright in Chromium against the real backend in web mode), then one closing line
// "N passed, N failed" over all of them. Exits non-zero if anything failed or did not run.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const results = join(root, 'test-results')
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const run = (args) => spawnSync(npx, args, { cwd: root, stdio: 'inherit' }).status

mkdirSync(results, { recursive: true })
const tally = { passed: 0, failed: 0, skipped: 0 }
const problems = []

if (run(['tsc', '--noEmit', '-p', 'tsconfig.json']) === 0) tally.passed++
else {
  tally.failed++
  problems.push('type-check failed')
}

// One check, like the type-check: any lint error (or warning) fails it.
if (spawnSync(npm, ['run', '--silent', 'lint'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' }).status === 0) tally.passed++
else {
  tally.failed++
  problems.push('lint failed')
}

if (run(['electron-vite', 'build']) !== 0) {
  console.error('build failed: the tests need the built app')
  console.log(`${tally.passed} passed, ${tally.failed + 1} failed`)
  process.exit(1)
}

function readReport(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return null
  }
}

const unitReport = join(results, 'unit-report.json')
rmSync(unitReport, { force: true })
run(['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${unitReport}`])
const unit = readReport(unitReport)
if (unit) {
  tally.passed += unit.numPassedTests
  tally.failed += unit.numFailedTests
  tally.skipped += unit.numPendingTests + unit.numTodoTests
  if (unit.numFailedTestSuites > 0 && unit.numFailedTests === 0) {
    tally.failed += unit.numFailedTestSuites
    problems.push(`${unit.numFailedTestSuites} unit test files failed to load`)
  }
} else {
  tally.failed++
  problems.push('vitest produced no report')
}

const e2eReport = join(results, 'e2e-report.json')
rmSync(e2eReport, { force: true })
if (!existsSync('/usr/bin/chromium') && !process.env.REFRAIN_CHROMIUM) problems.push('Chromium is not installed (apt-get install chromium)')
run(['playwright', 'test'])
const e2e = readReport(e2eReport)
if (e2e?.stats) {
  tally.passed += e2e.stats.expected + e2e.stats.flaky
  tally.failed += e2e.stats.unexpected
  tally.skipped += e2e.stats.skipped
  if (e2e.errors?.length) {
    tally.failed += e2e.errors.length
    problems.push(`${e2e.errors.length} end-to-end errors outside tests`)
  }
} else {
  tally.failed++
  problems.push('playwright produced no report')
}

for (const problem of problems) console.error(`test: ${problem}`)
console.log(`${tally.passed} passed, ${tally.failed} failed${tally.skipped ? `, ${tally.skipped} skipped` : ''}`)
process.exit(tally.failed > 0 ? 1 : 0)
