// The Compare view against the real backend and the demo library the e2e server indexes: two
// versions of Balakirev's Islamey (Chen as performed, and a version transposed up a semitone on
// church organ), the matrix and its paths drawn, the scores with their verdicts, linked hover
// times, the chromagrams' shared zoom and the matrix's own, a missing feature's message, and the
// ways in: the Work page's pick-two and the Performance page's "Compare with…"; and a scoring job
// running meanwhile, which neither asks for the comparison again nor changes the view. The
// verdict's choices, the matrix's kinds and exports, and the alignment settings: compare-verdict.spec.ts.
import type { Locator, Page } from '@playwright/test'
import { apiCall, expect, openApp, test } from './helpers'

const WORK = 'W_1930204178'
const PERFORMED = 'P_9365642800'
const TRANSPOSED = 'P_6216201852'
const COMPARE = `#/compare/demo/${PERFORMED}/demo/${TRANSPOSED}`

/** Pixels of the matrix canvas: grey (recurrence) and each path colour, as shares of the plot. */
async function matrixPixels(canvas: Locator) {
  return canvas.evaluate((el) => {
    const c = el as HTMLCanvasElement
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data
    let grey = 0
    let red = 0
    let blue = 0
    let orange = 0
    for (let i = 0; i < d.length; i += 4) {
      const [r, g, b] = [d[i]!, d[i + 1]!, d[i + 2]!]
      if (Math.max(r, g, b) - Math.min(r, g, b) < 8 && r < 120) grey++
      else if (r > 180 && g < 90 && b < 90) red++
      else if (b > 160 && r < 80) blue++
      else if (r > 200 && g > 110 && g < 170 && b < 60) orange++
    }
    const n = c.width * c.height
    return { grey: grey / n, red: red / n, blue: blue / n, orange: orange / n }
  })
}

async function expectCompared(page: Page) {
  await expect(page.getByRole('heading', { name: 'Compare', level: 1 })).toBeVisible()
  await expect(page.getByTestId('recurrence-canvas')).toHaveAttribute('data-drawn', 'true', { timeout: 60_000 })
}

test('two demo versions: transposition, matrix with paths, scores and verdicts, linked hover times', async ({ page }) => {
  await openApp(page, COMPARE)
  await expectCompared(page)
  await expect(page.getByTestId('compare-first')).toContainText('Islamey')
  await expect(page.getByTestId('compare-second')).toContainText('Islamey')

  // The second is moved down the semitone it was transposed up, and says so.
  await expect(page.getByTestId('compare-shift')).toContainText('second transposed −1 st')
  await expect(page.getByRole('heading', { name: /^Second: .* · transposed −1 st$/ })).toBeVisible()

  // Both chromagrams drawn.
  const chromas = page.getByTestId('chromagram-canvas')
  await expect(chromas).toHaveCount(2)
  await expect(chromas.nth(0)).toHaveAttribute('data-drawn', 'hpcp')
  await expect(chromas.nth(1)).toHaveAttribute('data-drawn', 'hpcp')

  // The matrix: recurrent cells in grey and all three paths in their colours.
  const canvas = page.getByTestId('recurrence-canvas')
  const px = await matrixPixels(canvas)
  expect(px.grey, 'recurrent cells').toBeGreaterThan(0.005)
  expect(px.red, 'DTW path').toBeGreaterThan(0.0005)
  expect(px.blue, 'Qmax path').toBeGreaterThan(0.0002)
  expect(px.orange, 'Dmax path').toBeGreaterThan(0.0002)
  for (const item of await page.getByTestId('path-legend').getByRole('listitem').all()) {
    expect(Number(await item.getAttribute('data-points'))).toBeGreaterThan(1)
  }

  // Scores: one row per method, each judged "versions" against its equal-error-rate threshold from
  // the demo's own calibration (the bundled one, or a demo job with the same parameters evaluated since).
  const scores = page.getByTestId('compare-scores')
  for (const method of ['dtw', 'qmax', 'dmax']) {
    await expect(scores.getByTestId(`verdict-${method}`)).toHaveText('versions')
    await expect(scores.getByTestId(`score-${method}`)).toContainText('(equal error rate)')
    await expect(scores.getByTestId(`origin-${method}`)).toHaveAttribute('title', /^bundled: the demo library|^job [0-9a-f]{8} \(demo,/)
  }
  await expect(scores.getByTestId('score-qmax').locator('td').nth(1)).toHaveText(/^\d+\.\d{4}$/)

  // Hovering the matrix gives both times and marks them on both chromagrams.
  const box = (await canvas.boundingBox())!
  await canvas.hover({ position: { x: box.width * 0.5, y: box.height * 0.4 } })
  await expect(page.getByTestId('recurrence-readout')).toHaveText(/^first \d\d:\d\d\.\d · second \d\d:\d\d\.\d$/)
  await expect(page.getByTestId('chroma-mark')).toHaveCount(2)
  await expect(page.getByTestId('chroma-mark').nth(0)).toBeVisible()
  await expect(page.getByTestId('chroma-mark').nth(1)).toBeVisible()

  // Hovering the first chromagram marks where the warping path takes it on the second.
  const first = (await chromas.nth(0).boundingBox())!
  await chromas.nth(0).hover({ position: { x: first.width * 0.5, y: first.height * 0.5 } })
  await expect(page.getByTestId('chroma-mark').nth(1)).toBeVisible()
  await expect(page.getByTestId('recurrence-readout')).toHaveText(/^first \d\d:\d\d\.\d · second \d\d:\d\d\.\d$/)
})

const pixels = (canvas: Locator) => canvas.evaluate((c) => (c as HTMLCanvasElement).toDataURL())

test('a long comparison shows the stage it is in, step by step, until the matrix is drawn', async ({ page }) => {
  // Every frame (no downsampling): about 4,000 x 4,000 frame pairs, seconds of alignment.
  await openApp(page, `${COMPARE}?downsample=1`)
  const progress = page.getByTestId('compare-progress')
  await expect(progress).toContainText(/Comparing: the (cross-similarity matrix|Qmax alignment|Dmax alignment|DTW alignment and its path) \(step \d of 8\)/)
  const bar = progress.getByRole('progressbar', { name: 'Comparison progress' })
  await expect(bar).toHaveAttribute('max', '8')
  // The steps only go forwards, and the bar with them.
  const seen: number[] = []
  for (;;) {
    // Read without waiting: the bar is gone the moment the result is in.
    const text = await page.evaluate(() => document.querySelector('[data-testid="compare-progress"]')?.textContent ?? null)
    if (text === null) break
    const step = Number(text.match(/step (\d) of 8/)?.[1] ?? NaN)
    if (Number.isFinite(step)) seen.push(step)
    await page.waitForTimeout(50)
  }
  expect(seen.length).toBeGreaterThan(1)
  expect(seen).toEqual([...seen].sort((x, y) => x - y))
  expect(new Set(seen).size).toBeGreaterThan(1)
  await expectCompared(page)
  await expect(page.getByTestId('compare-shift')).toContainText(/\d{4} × \d{4} frames/)
})

test('zoom: + zooms both chromagrams together; the matrix zooms and pans on its own, and 0 on it fits it again', async ({ page }) => {
  await openApp(page, COMPARE)
  await expectCompared(page)
  const views = page.getByTestId('chroma-view')
  const matrix = page.getByTestId('recurrence-canvas')
  await expect(views.nth(0)).toContainText('×1.0')
  const fitted = await pixels(matrix)
  await page.keyboard.press('+')
  await expect(views.nth(0)).toContainText('×1.5')
  await expect(views.nth(1)).toHaveText(await views.nth(0).innerText())
  expect(await pixels(matrix)).toBe(fitted)

  await matrix.focus()
  await page.keyboard.press('+')
  await expect.poll(() => pixels(matrix)).not.toBe(fitted)
  // Keys on the matrix are the matrix's: the chromagrams stay where they were.
  await expect(views.nth(0)).toContainText('×1.5')
  const zoomed = await pixels(matrix)
  await page.keyboard.press('ArrowRight')
  await expect.poll(() => pixels(matrix)).not.toBe(zoomed)
  await page.keyboard.press('0')
  await expect.poll(() => pixels(matrix)).toBe(fitted)
})

test('a feature neither performance has: its button is disabled and the address gives the backend message', async ({ page }) => {
  await openApp(page, COMPARE)
  await expectCompared(page)
  await expect(page.getByTestId('compare-feature-crema')).toBeDisabled()
  await openApp(page, `${COMPARE}?feature=crema`)
  await expect(page.getByTestId('error')).toContainText(`performance ${PERFORMED} has no crema feature indexed`)
  await expect(page.getByTestId('compare-no-feature').first()).toBeVisible()
})

test('Swap puts the transposed version first; the other is then moved the other way', async ({ page }) => {
  await openApp(page, COMPARE)
  await expectCompared(page)
  await page.getByTestId('compare-swap').click()
  await expect(page).toHaveURL(new RegExp(`#/compare/demo/${TRANSPOSED}/demo/${PERFORMED}$`))
  await expect(page.getByTestId('compare-shift')).toContainText('second transposed +1 st')
})

test('Swap keeps each distance and verdict: a pair of unequal lengths is judged by the mean of its two directions, which swap', async ({ page }) => {
  // Two demo recordings of different works and lengths, near Qmax's line: judged one way round, Swap flipped the verdict.
  await openApp(page, '#/compare/demo/P_4644338633/demo/P_6949730839')
  await expectCompared(page)
  const read = async (method: string) => ({
    distance: await page.getByTestId(`distance-${method}`).evaluate((td) => td.firstChild?.textContent ?? ''),
    directions: (await page.getByTestId(`directions-${method}`).textContent())!.split(' ⇄ '),
    verdict: await page.getByTestId(`verdict-${method}`).textContent(),
  })
  // Both chromagrams open on the whole of the longer recording (24.5 s against 21.2 s), whichever loaded last.
  await expect(page.getByTestId('chroma-view')).toHaveCount(2)
  for (const view of await page.getByTestId('chroma-view').all()) await expect(view).toHaveText(/^00:00\.0 – 00:24\.\d · ×1\.0$/)
  const before = { qmax: await read('qmax'), dmax: await read('dmax'), combined: await page.getByTestId('combined-verdict').getAttribute('data-verdict') }
  expect(before.qmax.directions[0]).not.toBe(before.qmax.directions[1])
  await page.getByTestId('compare-swap').click()
  await expect(page).toHaveURL(/#\/compare\/demo\/P_6949730839\/demo\/P_4644338633$/)
  await expectCompared(page)
  await expect(page.getByTestId('directions-qmax')).toHaveText(`${before.qmax.directions[1]} ⇄ ${before.qmax.directions[0]}`)
  for (const method of ['qmax', 'dmax'] as const) {
    const after = await read(method)
    expect(after.distance, method).toBe(before[method].distance)
    expect(after.verdict, method).toBe(before[method].verdict)
  }
  await expect(page.getByTestId('combined-verdict')).toHaveAttribute('data-verdict', before.combined!)
})

test('from the Work page: tick two performances and Compare', async ({ page }) => {
  await openApp(page, `#/work/demo/${WORK}`)
  const compare = page.getByTestId('compare-picked')
  await expect(compare).toBeDisabled()
  await page.getByLabel(`Pick ${PERFORMED} to compare`).check()
  await expect(compare).toBeDisabled()
  await page.getByLabel(`Pick ${TRANSPOSED} to compare`).check()
  await expect(page.getByTestId('pick-status')).toHaveText(`${PERFORMED} with ${TRANSPOSED}`)
  // Ticking is not opening the row: the work page stays, the picks kept in its address.
  await expect(page).toHaveURL(new RegExp(`#/work/demo/${WORK}\\?pick=${PERFORMED},${TRANSPOSED}$`))
  await compare.click()
  await expect(page).toHaveURL(new RegExp(`${COMPARE}$`))
  await expectCompared(page)
})

test('from the Performance page: Compare with… another version of the work, or one found by search', async ({ page }) => {
  await openApp(page, `#/performance/demo/${PERFORMED}`)
  const panel = page.getByTestId('compare-with')
  await expect(panel.getByTestId('compare-versions').getByTestId('compare-candidate')).toHaveCount(4)
  // Other specs index copies of demo works into datasets of their own: pick the demo's own copy.
  await panel.getByLabel('Compare with: search title or artist').fill('Islamey church organ')
  const found = panel.getByTestId('compare-found').locator('li', { hasText: TRANSPOSED }).filter({ has: page.getByTitle('dataset demo') })
  await found.getByTestId('compare-candidate').click()
  await expect(page).toHaveURL(new RegExp(`${COMPARE}$`))
  await expectCompared(page)
})

/** A call to the backend from outside the page (as another window or the CLI would start a job). */
test('a scoring job running meanwhile: its progress shows in the status bar, and Compare is neither asked again nor changed', async ({ page }) => {
  let compares = 0
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/similarity.compare') compares++
  })
  await openApp(page, COMPARE)
  await expectCompared(page)
  const players = page.getByTestId('audio-player')
  await expect(players).toHaveCount(2)
  for (const player of await players.all()) await expect(player).toHaveAttribute('data-state', 'ready')
  // The distribution plots are drawn (Vega renders them after the scores arrive).
  for (const method of ['dtw', 'qmax', 'dmax']) await expect(page.getByTestId(`plot-pair-${method}`)).toContainText('this pair')
  expect(compares).toBe(1)

  // Every change to the view from now on, outside the waveforms (wavesurfer's own), by where it happened.
  await page.evaluate(() => {
    const w = window as unknown as { changes: string[] }
    w.changes = []
    new MutationObserver((records) => {
      for (const r of records) {
        const at = r.target instanceof Element ? r.target : r.target.parentElement
        if (!at?.closest('[data-testid="waveform"]')) w.changes.push(`${r.type} on ${at?.closest('[data-testid]')?.getAttribute('data-testid') ?? at?.tagName}`)
      }
    }).observe(document.querySelector('.compare-page')!, { subtree: true, childList: true, attributes: true, characterData: true })
  })

  // Parameters no comparison uses, so that even finished it would calibrate nothing shown here.
  const { jobId } = await apiCall<{ jobId: string }>('score.start', { source: 'demo', params: { method: 'qmax', downsample: 7 } })
  try {
    const status = page.getByTestId('status-score')
    await expect(status).toContainText(/\d+\/[\d,]+ pairs$/, { timeout: 60_000 })
    for (let i = 0; i < 2; i++) {
      const shown = (await status.textContent())!
      await expect(status).not.toHaveText(shown, { timeout: 30_000 })
    }
    expect(compares).toBe(1)
    expect([...new Set(await page.evaluate(() => (window as unknown as { changes: string[] }).changes))]).toEqual([])
    await expect(page.getByTestId('verdict-qmax')).toHaveText('versions')
  } finally {
    await apiCall('score.cancel', { jobId })
    await expect.poll(async () => (await apiCall<{ status: string }>('score.job', { jobId })).status, { timeout: 60_000 }).not.toBe('running')
    await apiCall('score.delete', { jobId })
  }
  await expect(page.getByTestId('status-score')).toHaveCount(0)
})
