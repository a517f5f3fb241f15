// Finding a job's mistakes on its page, against the real backend: a DTW job on four demo works
// and three unrelated tracks (DTW at its equal-error threshold both accepts pairs of different
// works and misses versions here), its queries worst first, one query's list, the false
// positives and missed versions, one opened in Compare whose breadcrumb names the job and leads
// back to the same row, the filtered view exported, and where the full matrix lies with the order
// of its rows.
import { readFileSync } from 'node:fs'
import type { Locator, Page } from '@playwright/test'
import { parseCsv } from '../src-main/importer/plan'
import { demoSubset } from '../test/helpers/demo-subset'
import { expect, openApp, scratchDir, test } from './helpers'

async function scoreFolder(page: Page, folder: string): Promise<string> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Batch' }).click()
  await page.getByTestId('batch-folder').fill(folder)
  await page.getByTestId('batch-method-dtw').check()
  await page.getByTestId('batch-start').click()
  await expect(page).toHaveURL(/#\/batch\/[^/?]+$/)
  await expect(page.getByTestId('batch-job')).toHaveAttribute('data-state', 'done', { timeout: 180_000 })
  return decodeURIComponent(page.url().split('#/batch/')[1]!)
}

/** The count a filter's button shows beside its name: "False positives (7)". */
const countOn = async (button: Locator) => Number(/\((\d+)\)/.exec((await button.textContent())!)![1])

const numbers = async (rows: Locator, attribute: string) => (await rows.evaluateAll((trs, a) => trs.map((tr) => tr.getAttribute(a) ?? ''), attribute)).map((v) => (v === '' ? null : Number(v)))

test('a job’s worst queries, its false positives opened in Compare and back to the same row, the filtered view exported', async ({ page }) => {
  test.setTimeout(240_000)
  const subset = demoSubset(scratchDir('joberrs'), 'joberrs', { works: 4, singles: 3 })
  const n = subset.works.size
  await openApp(page)
  const jobId = await scoreFolder(page, subset.folder)
  // The threshold as the page prints it (4 decimals): comparisons below allow for the rounding.
  const threshold = Number(/≤\s*([\d.]+)/.exec((await page.getByTestId('batch-threshold').textContent())!)![1])
  const map = Number(await page.getByTestId('batch-map').textContent())

  // Every query, worst first: the APs rise down the table, the queries without versions last, and their mean is the MAP.
  const mistakes = page.getByTestId('job-errors')
  const queries = page.getByTestId('job-query-row')
  await expect(queries).toHaveCount(n)
  const aps = await numbers(queries, 'data-ap')
  const scored = aps.filter((ap): ap is number => ap !== null)
  expect(scored).toHaveLength(n - 3)
  expect(aps.slice(-3)).toEqual([null, null, null])
  expect(scored).toEqual([...scored].sort((a, b) => a - b))
  expect(Math.abs(scored.reduce((a, b) => a + b, 0) / scored.length - map)).toBeLessThan(6e-4)
  // Sorted the other way by a click on its heading.
  await page.getByTestId('job-sort-ap').click()
  await expect(page.getByTestId('job-sort-ap').locator('..')).toHaveAttribute('aria-sort', 'descending')
  await expect.poll(async () => (await numbers(queries, 'data-ap'))[0]).toBe(Math.max(...scored))
  await page.getByTestId('job-sort-ap').click()
  await expect.poll(async () => (await numbers(queries, 'data-ap'))[0]).toBe(scored[0])

  // The worst query opens its ranked list, marked in the table.
  const worst = (await queries.first().getAttribute('data-perf'))!
  await queries.first().click()
  await expect(page).toHaveURL(new RegExp(`queryPerf=${worst}`))
  await expect(page.getByTestId('batch-query-title')).toBeVisible()
  await expect(page.getByTestId('batch-pair')).toHaveCount(n - 1)
  for (const q of await page.getByTestId('batch-pair').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-query')))) expect(q).toBe(worst)
  await expect(queries.first()).toHaveAttribute('aria-current', 'true')
  await page.getByTestId('batch-all-queries').click()

  // Every unordered pair once, closest first; then the pairs of different works at or below the threshold.
  await page.getByTestId('job-view-pairs').click()
  const pairs = page.getByTestId('job-pair-row')
  await expect(page.getByTestId('job-pairs-total')).toHaveText(String((n * (n - 1)) / 2))
  const falsePositives = await countOn(page.getByTestId('job-filter-false-positives'))
  expect(falsePositives).toBeGreaterThan(1)
  await page.getByTestId('job-filter-false-positives').click()
  await expect(page).toHaveURL(/view=pairs&filter=false-positives/)
  await expect(page.getByTestId('job-pairs-total')).toHaveText(String(falsePositives))
  await expect(pairs).toHaveCount(falsePositives)
  for (const same of await pairs.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-same-work')))) expect(same).toBe('false')
  const distances = (await numbers(pairs, 'data-distance')) as number[]
  expect(distances).toEqual([...distances].sort((a, b) => a - b))
  expect(Math.max(...distances)).toBeLessThanOrEqual(threshold + 5e-5)
  // Each row: both directions, each with its rank; the distance is their mean.
  const cells = (await pairs.nth(1).locator('td').allTextContents()).slice(3).map(Number)
  expect(cells[0]).toBeCloseTo((cells[1] + cells[3]) / 2, 3)
  expect(Number.isInteger(cells[2]) && Number.isInteger(cells[4])).toBe(true)

  // The missed versions: pairs of one work above the threshold, farthest first.
  const missedCount = await countOn(page.getByTestId('job-filter-missed'))
  expect(missedCount).toBeGreaterThan(0)
  await page.getByTestId('job-filter-missed').click()
  await expect(page.getByTestId('job-pairs-total')).toHaveText(String(missedCount))
  const ascending = (await numbers(pairs, 'data-distance')) as number[]
  await page.getByTestId('job-sort-distance').click()
  await expect(page.getByTestId('job-sort-distance').locator('..')).toHaveAttribute('aria-sort', 'descending')
  await expect.poll(async () => numbers(pairs, 'data-distance')).toEqual([...ascending].reverse())
  expect(ascending).toEqual([...ascending].sort((a, b) => a - b))
  expect(Math.min(...ascending)).toBeGreaterThan(threshold - 5e-5)
  for (const same of await pairs.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-same-work')))) expect(same).toBe('true')

  // A false positive in Compare: the breadcrumb names the job, and leads back to the same row.
  await page.getByTestId('job-filter-false-positives').click()
  await expect(page.getByTestId('job-sort-distance').locator('..')).toHaveAttribute('aria-sort', 'ascending')
  await expect.poll(async () => numbers(pairs, 'data-distance')).toEqual(distances)
  const row = pairs.nth(1)
  const [a, b] = [await row.getAttribute('data-a'), await row.getAttribute('data-b')]
  const rowDistance = Number(await row.getAttribute('data-distance'))
  await row.click()
  await expect(page).toHaveURL(new RegExp(`#/compare/joberrs/${a}/joberrs/${b}\\?.*from=`))
  // Aligned as the job aligned it (its settings in the address), and judged by the job's own calibration.
  await expect(page).toHaveURL(/[?&]frameStackSize=9&binarizePercentile=0\.095&disOnset=0\.5&disExtension=0\.5&/)
  await expect(page.getByTestId('threshold-source')).toHaveValue(`jobs:joberrs`)
  await expect.poll(async () => Number(await page.getByTestId('threshold-dtw').getAttribute('data-threshold'))).toBeCloseTo(threshold, 4)
  expect(Number(await page.getByTestId('distance-dtw').textContent())).toBeCloseTo(rowDistance, 4)
  const breadcrumb = page.getByTestId('compare-breadcrumb')
  await expect(breadcrumb).toHaveText(/^Batch › dtw .+ on joberrs › Compare$/)
  // Looking closer (another downsampling, the sides swapped) keeps the way back to the job.
  await page.getByTestId('compare-downsample').selectOption('20')
  await expect(page).toHaveURL(/[?&]downsample=20&.*from=/)
  await page.getByTestId('compare-swap').click()
  await expect(page).toHaveURL(new RegExp(`#/compare/joberrs/${b}/joberrs/${a}\\?.*from=`))
  await expect(breadcrumb).toHaveText(/^Batch › dtw .+ on joberrs › Compare$/)
  await page.getByTestId('compare-back-to-job').click()
  await expect(page).toHaveURL(new RegExp(`#/batch/${jobId}\\?view=pairs&filter=false-positives&order=asc&at=1$`))
  const back = page.locator(`[data-testid="job-pair-row"][data-a="${a}"][data-b="${b}"]`)
  await expect(back).toBeFocused()
  await expect(back).toBeInViewport()
  // Browser Back from Compare lands there too.
  await back.click()
  await expect(page).toHaveURL(/#\/compare\//)
  await page.goBack()
  await expect(back).toBeFocused()

  // Export what the filter shows: every false positive, in the order on screen.
  const downloading = page.waitForEvent('download')
  await mistakes.getByTestId('job-export-csv').click()
  const download = await downloading
  expect(download.suggestedFilename()).toBe(`refrain-${jobId.slice(0, 8)}-pairs-false-positives.csv`)
  const [head, ...lines] = parseCsv(readFileSync((await download.path())!, 'utf8'))
  expect(head!.slice(10)).toEqual(['same_work', 'distance', 'd_ab', 'rank_ab', 'd_ba', 'rank_ba'])
  expect(lines).toHaveLength(falsePositives)
  expect(lines.map((l) => [l[1], l[6]])).toEqual(await pairs.evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-a'), tr.getAttribute('data-b')])))
  for (const line of lines) {
    expect(line[10]).toBe('false')
    expect(Number(line[11])).toBeLessThanOrEqual(threshold + 5e-5)
  }

  // Where the whole matrix is, and the line that loads it.
  await expect(page.getByTestId('job-matrix-python')).toHaveText(new RegExp(`^numpy\\.fromfile\\(".*${jobId}\\.f32", dtype='<f4'\\)\\.reshape\\(${n}, ${n}\\)$`))
  // The rows' order: the items CSV, one line per row (rows and columns are one set here), in matrix order.
  // In web mode the browser saves it too, and the page links it again.
  const itemsSaved = page.waitForEvent('download')
  await page.getByTestId('job-matrix-items').click()
  const items = parseCsv(readFileSync((await (await itemsSaved).path())!, 'utf8'))
  await expect(page.getByTestId('job-matrix-items-path').getByTestId('download-link')).toHaveAttribute('title', /-items\.csv$/)
  // The .npy export saves the matrix, and links the items CSV written beside it.
  const npySaved = page.waitForEvent('download')
  await page.getByTestId('job-export-menu').locator('summary').click()
  await page.getByTestId('job-export-menu-npy').click()
  expect((await npySaved).suggestedFilename()).toMatch(/\.npy$/)
  const beside = page.getByTestId('job-export-menu-written').getByTestId('download-link')
  await expect(beside).toHaveText(/-items\.csv$/)
  const besideSaved = page.waitForEvent('download')
  await beside.click()
  expect(parseCsv(readFileSync((await (await besideSaved).path())!, 'utf8'))).toHaveLength(n + 1)
  expect(items).toHaveLength(n + 1)
  expect(items.slice(1).map((item) => [item[0], Number(item[1])])).toEqual(Array.from({ length: n }, (_, i) => ['both', i]))
  await page.screenshot({ path: 'test-results/job-errors.png', fullPage: true })
})
