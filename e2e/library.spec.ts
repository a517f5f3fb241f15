// The library, work and performance views against the real backend and the embedded
// Da-TACOS library (full metadata plus the one real performance with features).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { canvasStats, expect, go, openApp, test } from './helpers'

type Meta = Record<string, Record<string, { work_artist?: string; perf_artist?: string; work_title?: string }>>

function readMeta(subset: 'benchmark' | 'coveranalysis'): Meta {
  const file = join(process.cwd(), 'resources/da-tacos/da-tacos_metadata', `da-tacos_${subset}_subset_metadata.json.gz`)
  return JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as Meta
}

/** A benchmark work whose composer is credited on no other work, and never as a performer. */
function pickBenchmarkArtist(): { artist: string; workId: string; title: string } {
  const bench = readMeta('benchmark')
  const cover = readMeta('coveranalysis')
  const count = new Map<string, number>()
  for (const meta of [bench, cover])
    for (const perfs of Object.values(meta))
      for (const p of Object.values(perfs)) {
        for (const name of [p.work_artist, p.perf_artist]) {
          if (!name) continue
          const key = name.toLowerCase()
          count.set(key, (count.get(key) ?? 0) + 1)
        }
      }
  const works = Object.entries(bench).filter(([, perfs]) => Object.keys(perfs).length === 13)
  for (const [workId, perfs] of works) {
    const first = Object.values(perfs)[0]!
    const artist = first.work_artist
    if (!artist || !/^[A-Za-z][A-Za-z .'-]{7,30}$/.test(artist)) continue
    // 13 performances each name the composer once; any other mention is another work or a performer.
    if (count.get(artist.toLowerCase()) !== 13) continue
    return { artist, workId, title: first.work_title ?? '' }
  }
  throw new Error('no suitable benchmark artist found')
}

test('search an artist as you type, open the work and the performance, draw its chromagram', async ({ page }) => {
  await openApp(page)
  const search = page.getByLabel('Search artist or title')
  await expect(search).toBeVisible()
  await expect(page.getByTestId('db-path')).toContainText('refrain.db')

  await search.pressSequentially('Aki Aleong', { delay: 30 })
  const perfResult = page.getByTestId('search-performance').filter({ hasText: 'P_547131' })
  await expect(perfResult).toBeVisible()
  await expect(perfResult).toContainText('Aki Aleong')
  await expect(page.getByTestId('search-work').filter({ hasText: 'W_163992' })).toBeVisible()

  // The works list is filtered by the same text.
  const workRow = page.getByTestId('work-row').filter({ hasText: 'W_163992' })
  await expect(workRow).toBeVisible()
  await workRow.click()
  await expect(page).toHaveURL(/#\/work\/coveranalysis\/W_163992$/)
  await expect(page.getByTestId('work-title')).toHaveText('Trade Winds, Trade Winds')
  await expect(page.getByTestId('work-artist')).toHaveText('Aki Aleong')
  const rows = page.getByTestId('performance-row')
  await expect(rows).toHaveCount(2)
  const akiRow = rows.filter({ hasText: 'P_547131' })
  await expect(akiRow).toContainText('Aki Aleong')
  await expect(akiRow).toContainText('1961')
  await expect(akiRow).toContainText('hpcp')

  await akiRow.click()
  await expect(page).toHaveURL(/#\/performance\/coveranalysis\/P_547131$/)
  await expect(page.getByTestId('performance-title')).toHaveText('Trade Winds, Trade Winds')
  await expect(page.getByTestId('performance-artist')).toHaveText('Aki Aleong')
  const meta = page.getByTestId('performance-metadata')
  await expect(meta).toContainText('1961')
  await expect(meta).toContainText('W_163992')
  await expect(meta).toContainText('coveranalysis')
  const files = page.getByTestId('feature-files')
  for (const kind of ['hpcp', 'crema', 'cens']) await expect(files).toContainText(kind)

  const canvas = page.getByLabel('Chromagram', { exact: true })
  await expect(canvas).toHaveAttribute('data-drawn', 'hpcp')
  const hpcp = await canvasStats(canvas)
  expect(hpcp.width).toBeGreaterThan(300)
  expect(hpcp.coloured).toBeGreaterThan(0.5)
  expect(hpcp.distinct).toBeGreaterThan(20)
  await expect(page.getByTestId('legend-max')).not.toHaveText('—')

  // Hover readout: time, pitch class, value.
  const box = (await canvas.boundingBox())!
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  const readout = page.getByTestId('chroma-readout')
  await expect(readout).toContainText(/t \d\d:\d\d\.\d\d/)
  await expect(readout).toContainText(/value -?\d/)
  // Rows are labelled bottom to top, C first for every kind (HPCP's file starts at A and is rotated).
  const labels = page.getByTestId('pitch-labels')
  await expect(labels).toContainText('from bottom to top: C, C#, D, D#, E, F, F#, G, G#, A, A#, B')
  await expect(page.getByTestId('pitch-order')).toHaveText("pitch classes C (bottom) to B (top), as for every feature; the hpcp file's bin 0 is A")
  const bottomRow = { x: box.x + box.width / 2, y: box.y + box.height - 26 - 4 }
  await page.mouse.move(bottomRow.x, bottomRow.y)
  await expect(readout).toContainText('C (bin 0)')

  // Zoom with the buttons and the keyboard.
  const viewLabel = page.getByTestId('chroma-view')
  await expect(viewLabel).toContainText('×1.0')
  await page.getByRole('button', { name: 'Zoom in' }).click()
  await expect(viewLabel).toContainText('×1.5')
  await canvas.focus()
  await page.keyboard.press('+')
  await expect(viewLabel).toContainText(/×2\.[23]/)
  const before = (await viewLabel.textContent()) ?? ''
  await page.keyboard.press('ArrowRight')
  await expect(viewLabel).not.toHaveText(before)
  await page.keyboard.press('-')
  await page.keyboard.press('-')
  await expect(viewLabel).toContainText('×1.0')

  await page.getByTestId('chroma-kind-crema').click()
  await expect(canvas).toHaveAttribute('data-drawn', 'crema')
  await expect(labels).toContainText('from bottom to top: C, C#, D, D#, E, F, F#, G, G#, A, A#, B')
  await page.mouse.move(bottomRow.x, bottomRow.y - 1)
  await page.mouse.move(bottomRow.x, bottomRow.y)
  await expect(readout).toContainText('C (bin 0)')
  const crema = await canvasStats(canvas)
  expect(crema.coloured).toBeGreaterThan(0.5)
  expect(crema.hash).not.toBe(hpcp.hash)

  await page.getByTestId('chroma-kind-cens').click()
  await expect(canvas).toHaveAttribute('data-drawn', 'cens')
  await expect(labels).toContainText('from bottom to top: C, C#')
  const cens = await canvasStats(canvas)
  expect(cens.coloured).toBeGreaterThan(0.5)
  expect(cens.hash).not.toBe(crema.hash)

  await page.getByTestId('chroma-kind-hpcp').click()
  await expect(canvas).toHaveAttribute('data-drawn', 'hpcp')
  await page.getByTestId('chromagram').scrollIntoViewIfNeeded()
  await page.screenshot({ path: 'test-results/performance.png' })

  // Back returns to the work.
  await page.goBack()
  await expect(page).toHaveURL(/#\/work\/coveranalysis\/W_163992$/)
  await expect(page.getByTestId('performance-row')).toHaveCount(2)
})

test('type-ahead finds the works of a benchmark artist', async ({ page }) => {
  const { artist, workId, title } = pickBenchmarkArtist()
  await openApp(page)
  const search = page.getByLabel('Search artist or title')
  await search.pressSequentially(artist, { delay: 25 })
  // Other tests may add datasets with copies of these works: pin the benchmark one.
  const hit = page.getByTestId('search-work').filter({ hasText: new RegExp(`benchmark\\s*${workId}\\b`) })
  await expect(hit).toBeVisible()
  await expect(hit).toContainText(artist)
  await expect(hit).toContainText('benchmark')
  await expect(hit).toContainText('13 performances')
  // The row reads "… benchmark W_… <features>": the id, not a longer one.
  await expect(page.getByTestId('work-row').filter({ hasText: new RegExp(`benchmark\\s*${workId}(?!\\d)`) })).toBeVisible()
  await page.screenshot({ path: 'test-results/library-search.png' })

  await hit.click()
  await expect(page).toHaveURL(new RegExp(`#/work/benchmark/${workId}$`))
  if (title) await expect(page.getByTestId('work-title')).toHaveText(title)
  await expect(page.getByTestId('performance-row')).toHaveCount(13)
  await page.screenshot({ path: 'test-results/work.png' })

  // Back restores the search.
  await page.goBack()
  await expect(page.getByLabel('Search artist or title')).toHaveValue(artist)
  await expect(hit).toBeVisible()
})

test('the works list pages through every dataset, and the keyboard drives the search', async ({ page }) => {
  await openApp(page)
  const total = page.getByTestId('works-total')
  await expect(total).toHaveText(/^[\d,]+ works$/)
  const n = Number((await total.textContent())!.replace(/\D/g, ''))
  expect(n).toBeGreaterThanOrEqual(8000)
  // Virtualized: only a window of rows exists in the DOM.
  const rendered = await page.getByTestId('work-row').count()
  expect(rendered).toBeGreaterThan(10)
  expect(rendered).toBeLessThan(200)
  // Scroll to the end: the last page is fetched on demand.
  const list = page.getByTestId('works-list')
  await list.evaluate((el) => el.scrollTo(0, el.scrollHeight))
  const last = page.locator(`[data-testid="work-row"][data-index="${n - 1}"]`)
  await expect(last).toBeVisible()
  await expect(last).toContainText(/W_\w+/)
  await page.screenshot({ path: 'test-results/library.png' })

  // Dataset filter.
  await page.getByLabel('Dataset filter').selectOption('benchmark')
  await expect(total).toHaveText('3,000 works')

  // "/" focuses the search, Enter opens the first result, Escape clears.
  await page.locator('body').click({ position: { x: 5, y: 300 } })
  await page.keyboard.press('/')
  const search = page.getByLabel('Search artist or title')
  await expect(search).toBeFocused()
  await page.getByLabel('Dataset filter').selectOption('')
  await search.focus()
  await search.fill('Aki Aleong')
  await search.press('Enter')
  await expect(page).toHaveURL(/#\/performance\/coveranalysis\/P_5471\d\d$/)
  await page.goBack()
  await expect(search).toHaveValue('Aki Aleong')
  await search.press('Escape')
  await expect(search).toHaveValue('')
  await expect(total).toHaveText(/^[\d,]+ works$/)
})

test('errors from the backend are shown, not a blank page', async ({ page }) => {
  await openApp(page)
  await go(page, '#/performance/benchmark/P_999999999')
  await expect(page.getByRole('alert')).toContainText('P_999999999')
  await go(page, '#/work/benchmark/W_999999999')
  await expect(page.getByRole('alert')).toContainText('W_999999999')
  // A performance with metadata only has a clear chroma empty state.
  await go(page, '#/performance/coveranalysis/P_547140')
  await expect(page.getByTestId('chroma-empty')).toContainText('no chroma features indexed for this performance', { ignoreCase: true })
})
