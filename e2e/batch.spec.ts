// The Batch page against the real scorer: a small Da-TACOS-layout folder (demo works of five
// versions plus unrelated singles, their real HPCP) typed as a server path, scored with Qmax,
// followed to the end, evaluated, browsed (every query's best pairs, one query's list), exported,
// and a pair opened in Compare. And a larger job cancelled, shown stopped, resumed and finished.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from '@playwright/test'
import { expect, openApp, scratchDir, test } from './helpers'

const demo = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'demo')

type Metadata = Record<string, Record<string, { perf_id: string }>>

/**
 * A dataset folder `<name>_metadata.json` + `<name>_hpcp/W_…_hpcp/P_…_hpcp.h5` holding the first
 * `works` demo works that have several versions and the first `singles` single-version works.
 */
function demoSubset(name: string, works: number, singles: number): { dir: string; performances: number } {
  const meta = JSON.parse(readFileSync(join(demo, 'demo_metadata.json'), 'utf8')) as Metadata
  const ids = Object.keys(meta).sort()
  const multi = ids.filter((w) => Object.keys(meta[w]!).length > 1).slice(0, works)
  const single = ids.filter((w) => Object.keys(meta[w]!).length === 1).slice(0, singles)
  const dir = scratchDir(name)
  const subset: Metadata = {}
  let performances = 0
  for (const w of [...multi, ...single]) {
    subset[w] = meta[w]!
    const folder = join(dir, `${name}_hpcp`, `${w}_hpcp`)
    mkdirSync(folder, { recursive: true })
    for (const p of Object.keys(meta[w]!)) {
      copyFileSync(join(demo, 'demo_hpcp', `${w}_hpcp`, `${p}_hpcp.h5`), join(folder, `${p}_hpcp.h5`))
      performances++
    }
  }
  writeFileSync(join(dir, `${name}_metadata.json`), JSON.stringify(subset, null, 1))
  return { dir, performances }
}

const batchNav = (page: Page) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Batch' })

async function startJob(page: Page, folder: string, method: 'dtw' | 'qmax' | 'dmax' | 'embedding' | 'two-stage', k?: number): Promise<string> {
  await batchNav(page).click()
  await expect(page).toHaveURL(/#\/batch$/)
  await expect(page.getByRole('heading', { name: 'Batch scoring', level: 1 })).toBeVisible()
  await expect(page.getByTestId('batch-start')).toBeDisabled()
  await page.getByTestId('batch-folder').fill(folder)
  await page.getByTestId(`batch-method-${method}`).check()
  if (k !== undefined) await page.getByTestId('batch-k').fill(String(k))
  // The model select: only for the methods that embed; by default the model in use.
  const model = page.getByTestId('batch-model')
  if (method === 'embedding' || method === 'two-stage') {
    await expect(model).toBeEnabled()
    await expect(model.locator('option:checked')).toHaveText('in use (refrain-hpcp-cnn)')
  } else await expect(model).toBeDisabled()
  await page.getByTestId('batch-start').click()
  await expect(page).toHaveURL(/#\/batch\/[^/?]+$/)
  return decodeURIComponent(page.url().split('#/batch/')[1]!)
}

test('score a folder with Qmax, follow it, read the evaluation, browse the ranked pairs and open one in Compare', async ({ page }) => {
  const { dir, performances } = demoSubset('batchmini', 3, 3)
  expect(performances).toBe(18)
  await openApp(page)
  const jobId = await startJob(page, dir, 'qmax')

  const job = page.getByTestId('batch-job')
  await expect(job).toBeVisible()
  await expect(page.getByTestId('batch-source')).toHaveText('batchmini')
  await expect(page.getByTestId('batch-params')).toContainText('qmax hpcp')
  await expect(job).toHaveAttribute('data-state', 'done', { timeout: 180_000 })
  const pairs = 18 * 17
  await expect(page.getByTestId('batch-pairs')).toHaveText(`${pairs} / ${pairs}`)
  await expect(page.getByTestId('batch-status').first()).toHaveText('Done')

  // Evaluated as it finished: MAP over the 15 versions' queries, the 3 singles excluded.
  const evaluation = page.getByTestId('batch-evaluation')
  await expect(page.getByTestId('batch-evaluate')).toHaveCount(0)
  await expect(page.getByTestId('batch-map')).toHaveText(/^\d\.\d{3}$/)
  expect(Number(await page.getByTestId('batch-map').textContent())).toBeGreaterThan(0.5)
  await expect(page.getByTestId('batch-eval-queries')).toContainText('15')
  await expect(page.getByTestId('batch-eval-queries')).toContainText('3 excluded')
  await expect(evaluation).toContainText('ROC AUC')

  // The seed's plot: both distance distributions as bars, the threshold as a rule with its value; the ROC curve.
  const threshold = Number(/≤\s*([\d.]+)/.exec((await page.getByTestId('batch-threshold').textContent())!)![1])
  const distancesPlot = page.getByTestId('plot-distances')
  // One bar per bin and kind (60 bins each), drawn as paths; the threshold as one rule.
  await expect(distancesPlot.locator('.mark-rect.role-mark path')).toHaveCount(120)
  await expect(distancesPlot.locator('.mark-rule.role-mark line, .mark-rule.role-mark path')).toHaveCount(1)
  await expect(distancesPlot).toContainText(`threshold ${threshold.toPrecision(4)}`)
  await expect(page.getByTestId('plot-roc')).toContainText('ROC curve (AUC')
  // Saved as SVG: a file that parses as SVG and holds the same threshold label.
  const saving = page.waitForEvent('download')
  await page.getByTestId('plot-distances-svg').click()
  const saved = await saving
  expect(saved.suggestedFilename()).toBe(`refrain-${jobId.slice(0, 8)}-distances.svg`)
  const svg = readFileSync((await saved.path())!, 'utf8')
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml')
    return { root: doc.documentElement.nodeName, error: doc.getElementsByTagName('parsererror').length }
  }, svg)
  expect(parsed).toEqual({ root: 'svg', error: 0 })
  expect(svg).toContain(`threshold ${threshold.toPrecision(4)}`)
  const savingPng = page.waitForEvent('download')
  await page.getByTestId('plot-roc-png').click()
  const png = readFileSync((await (await savingPng).path())!)
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG')
  await page.screenshot({ path: 'test-results/batch-done.png', fullPage: true })

  // Every query's best candidates, closest first: the top pairs are versions of one work.
  const rows = page.getByTestId('batch-pair')
  await expect(rows.first()).toBeVisible()
  for (let i = 0; i < 5; i++) await expect(rows.nth(i)).toHaveAttribute('data-same-work', 'true')
  const distances = (await page.getByTestId('batch-distance').allTextContents()).map(Number)
  expect(distances.slice(0, 20)).toEqual([...distances.slice(0, 20)].sort((a, b) => a - b))

  // Export what is shown: one CSV line per pair of the view.
  const total = Number((await page.getByTestId('batch-results-total').textContent())!.replace(/,/g, ''))
  const downloading = page.waitForEvent('download')
  await page.getByTestId('batch-export-csv').click()
  const csv = readFileSync((await (await downloading).path())!, 'utf8').trim().split(/\r\n/)
  expect(csv[0]).toBe('query_dataset,query_perf_id,query_work_id,query_title,query_artist,rank,candidate_dataset,candidate_perf_id,candidate_work_id,candidate_title,candidate_artist,distance,same_work')
  expect(csv.length - 1).toBe(total)

  // Keyboard: Q on a pair shows that query's ranked list; its first candidate is a version.
  const query = (await rows.first().getAttribute('data-query'))!
  await rows.first().focus()
  await page.keyboard.press('q')
  await expect(page).toHaveURL(new RegExp(`#/batch/${jobId}\\?queryDataset=batchmini&queryPerf=${query}$`))
  await expect(page.getByTestId('batch-query-title')).toBeVisible()
  await expect(rows).toHaveCount(17)
  for (const q of await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-query')))) expect(q).toBe(query)
  await expect(rows.first()).toHaveAttribute('data-same-work', 'true')
  await expect(rows.first().locator('td').first()).toHaveText('1')

  // A pair opens Compare for those two performances.
  const candidate = (await rows.first().getAttribute('data-candidate'))!
  await rows.first().click()
  await expect(page).toHaveURL(new RegExp(`#/compare/batchmini/${query}/batchmini/${candidate}(\\?|$)`))
  await expect(page.getByRole('heading', { name: 'Compare', level: 1 })).toBeVisible()
  await expect(page.locator(`main a[href="#/performance/batchmini/${query}"]`).first()).toBeVisible()
  await expect(page.locator(`main a[href="#/performance/batchmini/${candidate}"]`).first()).toBeVisible()

  // Back: the job list has it, done, with its MAP.
  await page.goBack()
  await expect(page.getByTestId('batch-query-title')).toBeVisible()
  await batchNav(page).click()
  const listed = page.locator(`[data-testid="batch-job-row"][data-job="${jobId}"]`)
  await expect(listed.getByTestId('batch-status')).toHaveText('Done')
  await expect(listed.getByTestId('batch-job-map')).toHaveText(/^\d\.\d{3}$/)
  await page.screenshot({ path: 'test-results/batch-list.png', fullPage: true })
})

test('a folder that does not exist is refused with a readable error', async ({ page }) => {
  const missing = join(scratchDir('batchmissing'), 'no-such-folder')
  await openApp(page)
  await batchNav(page).click()
  await page.getByTestId('batch-folder').fill(missing)
  await page.getByTestId('batch-start').click()
  await expect(page.getByTestId('error')).toContainText('Could not start the job')
  await expect(page.getByTestId('error')).toContainText(missing)
  await expect(page).toHaveURL(/#\/batch$/)
})

test('cancel a running job, see it stopped, resume it and see it finish', async ({ page }) => {
  // 110 performances, 11,990 DTW pairs: about 40 s on 2 cores, so even a machine many times
  // faster is still running when the Cancel that follows the first progress report lands.
  test.setTimeout(300_000)
  const { dir, performances } = demoSubset('batchstop', 20, 10)
  await openApp(page)
  await startJob(page, dir, 'dtw')
  const job = page.getByTestId('batch-job')
  // Cancel once some pairs are done: the job is far from its end by then.
  await expect(page.getByTestId('batch-progress-text')).toContainText(/[1-9][\d,]* \/ [\d,]+ pairs/, { timeout: 120_000 })
  await expect(page.getByTestId('status-score')).toBeVisible()
  await page.screenshot({ path: 'test-results/batch-running.png', fullPage: true })
  await page.getByTestId('batch-cancel').click()
  await expect(job).toHaveAttribute('data-state', 'stopped')
  await expect(page.getByTestId('batch-stopped-note')).toBeVisible()
  await expect(page.getByTestId('status-score')).toHaveCount(0)
  const pairs = performances * (performances - 1)
  const stoppedAt = Number((await page.getByTestId('batch-pairs').textContent())!.split('/')[0]!.replace(/,/g, ''))
  expect(stoppedAt).toBeGreaterThan(0)
  expect(stoppedAt).toBeLessThan(pairs)

  await page.getByTestId('batch-resume').click()
  await expect(job).toHaveAttribute('data-state', 'done', { timeout: 300_000 })
  await expect(page.getByTestId('batch-pairs')).toHaveText(`${pairs.toLocaleString('en-US')} / ${pairs.toLocaleString('en-US')}`)
  await page.screenshot({ path: 'test-results/batch-resumed.png', fullPage: true })

  // More pairs than a page: PageDown on a pair turns to the next hundred.
  await page.getByTestId('batch-pair').first().focus()
  await page.keyboard.press('PageDown')
  await expect(page.getByTestId('batch-pager')).toContainText('101–200 of')
  await expect(page.getByTestId('batch-pair').first()).toBeFocused()

  // Delete it: confirmed, back on the list, gone from it.
  const jobId = new URL(page.url()).hash.replace('#/batch/', '').split('?')[0]!
  page.once('dialog', (dialog) => void dialog.accept())
  await page.getByTestId('batch-delete').click()
  await expect(page).toHaveURL(/#\/batch$/)
  await expect(page.locator(`[data-testid="batch-job-row"][data-job="${jobId}"]`)).toHaveCount(0)
})

test('score a folder by the shipped embedding model, then two-stage: plots, stage-1 recall, and the embedding row in Compare', async ({ page }) => {
  const { dir, performances } = demoSubset('embedmini', 3, 3)
  expect(performances).toBe(18)
  await openApp(page)
  await startJob(page, dir, 'embedding')
  await expect(page.getByTestId('batch-params')).toContainText('embedding model in use')
  await expect(page.getByTestId('batch-job')).toHaveAttribute('data-state', 'done', { timeout: 120_000 })
  await expect(page.getByTestId('batch-map')).toHaveText(/^\d\.\d{3}$/)
  // The distance distributions as bars on 60 shared bins, with the job's threshold as a rule.
  await expect(page.getByTestId('plot-distances').locator('.mark-rect.role-mark path')).toHaveCount(120)
  await expect(page.getByTestId('plot-distances').locator('.mark-rule.role-mark line, .mark-rule.role-mark path')).toHaveCount(1)

  // Two-stage with K = 4: each query's 4 nearest by embedding aligned by Qmax; the evaluation says how many versions they kept.
  await startJob(page, dir, 'two-stage', 4)
  await expect(page.getByTestId('batch-params')).toContainText('two-stage K=4')
  await expect(page.getByTestId('batch-job')).toHaveAttribute('data-state', 'done', { timeout: 120_000 })
  const recall = Number((await page.getByTestId('batch-stage1-recall').textContent())!)
  expect(recall).toBeGreaterThan(0)
  expect(recall).toBeLessThanOrEqual(1)

  // A ranked pair opens Compare, whose scores include the embedding's.
  await page.getByTestId('batch-pair').first().click()
  await expect(page).toHaveURL(/#\/compare\//)
  await expect(page.getByTestId('score-embedding')).toBeVisible({ timeout: 60_000 })
  expect(Number(await page.getByTestId('score-embedding').locator('td').nth(1).textContent())).toBeGreaterThanOrEqual(0)
})
