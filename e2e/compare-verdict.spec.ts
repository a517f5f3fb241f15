// Compare's verdict and alignment against the real backend and the demo library: the metadata's
// "same work", the operating point moved to a target false-positive rate (the threshold moves, and
// for a pair near the line the verdict with it), the combined verdict and where each distance
// falls among the calibration's pairs; the matrix's three kinds, square cells or fill, saved as
// PNG and as SVG that parses; a chromagram saved; the alignment settings set in Compare and in
// the Batch form, where a non-default frame stack shows in the job's label.
import { readFileSync } from 'node:fs'
import type { Download, Locator, Page } from '@playwright/test'
import { apiCall, expect, openApp, test } from './helpers'

const WORK = 'W_1930204178'
const COMPARE = `#/compare/demo/P_9365642800/demo/P_6216201852`
// Two versions of W_2334104007 whose DTW distance (0.126) lies between the bundled calibration's
// 1 %-false-positive threshold (0.121) and its equal-error-rate one (0.134).
const NEAR_LINE = `#/compare/demo/P_1023972944/demo/P_3127895750`

async function expectCompared(page: Page) {
  await expect(page.getByTestId('recurrence-canvas')).toHaveAttribute('data-drawn', 'true', { timeout: 60_000 })
}

const pixels = (canvas: Locator) => canvas.evaluate((c) => (c as HTMLCanvasElement).toDataURL())
const threshold = async (page: Page, method: string) => Number(await page.getByTestId(`threshold-${method}`).getAttribute('data-threshold'))

/** The saved file's text and how the page's own XML parser reads it as SVG. */
async function parsedSvg(page: Page, download: Download) {
  const text = readFileSync((await download.path())!, 'utf8')
  const parsed = await page.evaluate((svg) => {
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml')
    return { root: doc.documentElement.nodeName, errors: doc.getElementsByTagName('parsererror').length, images: doc.getElementsByTagName('image').length }
  }, text)
  return { text, parsed }
}

test('the verdict: same work by the metadata, the operating point moved to a target false-positive rate, the combined verdict and the distributions', async ({ page }) => {
  await openApp(page, COMPARE)
  await expectCompared(page)
  await expect(page.getByTestId('work-relation')).toContainText(`same work ${WORK} (Islamey`)
  // The demo pair is judged by the demo's own calibration: nothing to warn about.
  await expect(page.getByTestId('threshold-source')).toHaveValue(/^(bundled|jobs:demo)$/)
  await expect(page.getByTestId('calibration-warning')).toHaveCount(0)
  await expect(page.getByTestId('combined-verdict')).toHaveAttribute('data-verdict', 'versions')
  await expect(page.getByTestId('combined-verdict')).toContainText('majority of the calibrated methods; a tie goes by their mean P(versions) ≥ 0.5')
  await expect(page.getByTestId('fpr-qmax')).toHaveText(/^\d+\.\d+ %$/)
  // A "versions" verdict beside a small P(versions) is explained on the page, not only on hover.
  await expect(page.getByTestId('probability-note')).toContainText('no contradiction')
  // Each distance marked on its calibration's distributions (the bars, the threshold, this pair).
  const plot = page.getByTestId('plot-pair-qmax')
  await expect(plot).toContainText('this pair')
  await expect(plot.locator('.mark-rule.role-mark line, .mark-rule.role-mark path')).toHaveCount(2)
  await page.screenshot({ path: 'test-results/compare-verdict.png', fullPage: true })

  const eer = await threshold(page, 'qmax')
  await page.getByTestId('op-fpr-1').click()
  await expect(page.getByTestId('threshold-qmax')).toContainText('false-positive rate 1.0 %')
  // The choice is kept in the address: a reload (or the link) shows the same verdicts.
  await expect(page).toHaveURL(/[?&]op=fpr%3A0\.01(&|$)/)
  await page.reload()
  await expectCompared(page)
  await expect(page.getByTestId('threshold-qmax')).toContainText('false-positive rate 1.0 %')
  const strict = await threshold(page, 'qmax')
  expect(strict).toBeLessThan(eer)
  // A typed target: 20 % lets more through than the EER's few percent.
  await page.getByTestId('op-fpr-typed').fill('20')
  await page.getByTestId('op-fpr-typed').press('Enter')
  await expect(page.getByTestId('threshold-qmax')).toContainText('false-positive rate 20.0 %')
  const typed20 = await threshold(page, 'qmax')
  expect(typed20).toBeGreaterThan(eer)
  // A target out of range is refused, saying so, and the table keeps the last one; an emptied field goes back to the EER.
  await page.getByTestId('op-fpr-typed').fill('0.001')
  await page.getByTestId('op-fpr-typed').press('Enter')
  await expect(page.getByTestId('op-fpr-problem')).toHaveText('A target false-positive rate is between 0.01 and 99 %.')
  expect(await threshold(page, 'qmax')).toBe(typed20)
  await page.getByTestId('op-fpr-typed').fill('')
  await page.getByTestId('op-fpr-typed').press('Enter')
  await expect(page.getByTestId('op-fpr-problem')).toHaveCount(0)
  await expect.poll(() => threshold(page, 'qmax')).toBe(eer)
  await page.getByTestId('op-fpr-1').click()
  await page.getByTestId('op-eer').click()
  await expect.poll(() => threshold(page, 'qmax')).toBe(eer)
})

test('a pair near the line: versions at the equal error rate, not versions at a 1 % false-positive rate', async ({ page }) => {
  await openApp(page, NEAR_LINE)
  await expectCompared(page)
  await expect(page.getByTestId('verdict-dtw')).toHaveText('versions')
  await page.getByTestId('op-fpr-1').click()
  await expect(page.getByTestId('verdict-dtw')).toHaveText('not versions')
  await expect(page.getByTestId('threshold-dtw')).toContainText('>')
  // Re-judged, not re-aligned: the matrix is the one drawn before.
  await expect(page.getByTestId('recurrence-canvas')).toHaveAttribute('data-drawn', 'true')
})

test('the matrix: three kinds with different pixels, square cells or fill, saved as PNG and as SVG that parses', async ({ page }) => {
  await openApp(page, COMPARE)
  await expectCompared(page)
  const canvas = page.getByTestId('recurrence-canvas')
  const seen = new Set<string>()
  for (const kind of ['recurrence', 'similarity', 'cost']) {
    await page.getByTestId(`matrix-kind-${kind}`).click()
    await expect(canvas).toHaveAttribute('data-kind', kind)
    seen.add(await pixels(canvas))
  }
  expect(seen.size).toBe(3)

  // Square cells: the two performances on one scale; Fill stretches each to its side of the box.
  const square = (await canvas.boundingBox())!
  await page.getByTestId('matrix-fit-fill').click()
  await expect.poll(async () => (await canvas.boundingBox())!.width).not.toBe(square.width)
  await page.getByTestId('matrix-fit-square').click()

  const svgSaved = page.waitForEvent('download')
  await page.getByTestId('recurrence-svg').click()
  const svg = await svgSaved
  expect(svg.suggestedFilename()).toBe('refrain-P_9365642800-P_6216201852-cost-square.svg')
  const { text, parsed } = await parsedSvg(page, svg)
  expect(parsed).toEqual({ root: 'svg', errors: 0, images: 1 })
  // The axes are text, the paths vector.
  // Each axis names its performance by title and performer: two versions of one work share a title.
  expect(text).toContain('Second (m:ss): Islamey, Op. 18 (transposed +1, church organ) — Chen')
  expect(text).toContain('First (m:ss) ↓: Islamey, Op. 18 — Chen')
  expect(text).toMatch(/<path d="M[^"]+L/)

  const pngSaved = page.waitForEvent('download')
  await page.getByTestId('recurrence-png').click()
  const png = readFileSync((await (await pngSaved).path())!)
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG')
})

test('a chromagram saved as SVG that parses and as PNG', async ({ page }) => {
  await openApp(page, COMPARE)
  await expectCompared(page)
  const first = page.getByTestId('chromagram').first()
  await expect(first.getByTestId('chromagram-canvas')).toHaveAttribute('data-drawn', 'hpcp')
  const svgSaved = page.waitForEvent('download')
  await first.getByTestId('chroma-svg').click()
  const svg = await svgSaved
  expect(svg.suggestedFilename()).toBe('refrain-demo-P_9365642800-hpcp.svg')
  expect((await parsedSvg(page, svg)).parsed).toEqual({ root: 'svg', errors: 0, images: 1 })
  const pngSaved = page.waitForEvent('download')
  await first.getByTestId('chroma-png').click()
  expect(readFileSync((await (await pngSaved).path())!).subarray(1, 4).toString('latin1')).toBe('PNG')
})

test('alignment settings in Compare: a longer frame stack is the one the matrix is drawn with', async ({ page }) => {
  await openApp(page, COMPARE)
  await expectCompared(page)
  await expect(page.getByTestId('recurrence-readout')).toContainText('frame stacks of 9 frames')
  await expect(page.getByTestId('compare-params-summary')).toHaveText('Alignment settings: defaults')
  await page.getByTestId('compare-params').locator('summary').click()
  await expect(page.getByTestId('compare-frameStackSize')).toHaveValue('9')
  // Each field shows its default and range, from the backend's one definition.
  await expect(page.getByTestId('compare-frameStackSize-range')).toHaveText(/^default 9 · 1–\d+$/)
  await page.getByTestId('compare-frameStackSize').fill('12')
  await page.getByTestId('compare-apply').click()
  await expect(page.getByTestId('recurrence-readout')).toContainText('frame stacks of 12 frames', { timeout: 60_000 })
  // The address keeps the setting: a reload shows the same alignment, the form says 12.
  await expect(page).toHaveURL(/[?&]frameStackSize=12(&|$)/)
  await page.reload()
  await expect(page.getByTestId('recurrence-readout')).toContainText('frame stacks of 12 frames', { timeout: 60_000 })
  await expect(page.getByTestId('compare-params-summary')).toHaveText('Alignment settings: frame stack 12')
  await page.getByTestId('compare-params').locator('summary').click()
  await expect(page.getByTestId('compare-frameStackSize')).toHaveValue('12')
  // No calibration was measured with a 12-frame stack: Qmax and Dmax say so; DTW (which has no stack) keeps its threshold.
  await expect(page.getByTestId('verdict-qmax')).toHaveText('uncalibrated')
  await expect(page.getByTestId('verdict-dtw')).not.toHaveText('uncalibrated')
})

/** A call to the backend from outside the page, as the CLI would make it. */
test("alignment settings in the Batch form: a non-default Qmax frame stack is in the job's label", async ({ page }) => {
  await openApp(page, '#/batch')
  await page.getByTestId('batch-dataset').selectOption('demo')
  await page.getByTestId('batch-method-qmax').check()
  await expect(page.getByTestId('batch-frameStackSize')).toBeEnabled()
  await expect(page.getByTestId('batch-frameStackSize')).toHaveValue('9')
  await page.getByTestId('batch-frameStackSize').fill('0')
  await expect(page.getByTestId('batch-form-problem')).toContainText('Frame stack must be between 1 and 64')
  await page.getByTestId('batch-frameStackSize').fill('12')
  await expect(page.getByTestId('batch-form-problem')).toHaveCount(0)
  await page.getByTestId('batch-start').click()
  await expect(page).toHaveURL(/#\/batch\/[^/?]+$/)
  const jobId = decodeURIComponent(page.url().split('#/batch/')[1]!)
  try {
    await expect(page.getByTestId('batch-params')).toContainText('qmax hpcp ↓10 stack 12')
    // DTW does not stack frames: the field says so.
    await page.goBack()
    await page.getByTestId('batch-method-dtw').check()
    await expect(page.getByTestId('batch-frameStackSize')).toBeDisabled()
  } finally {
    await apiCall('score.cancel', { jobId })
    await expect.poll(async () => (await apiCall<{ status: string }>('score.job', { jobId })).status, { timeout: 60_000 }).not.toBe('running')
    await apiCall('score.delete', { jobId })
  }
})
