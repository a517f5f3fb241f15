// "Only what can be computed", against the real backend and the bundled library (the whole
// Da-TACOS metadata, features for one coveranalysis performance, and the demo with HPCP): the
// Library's feature column and "with features" filter, Compare with… greying out candidates
// without the chosen feature, the performance page's other features, and Batch refusing a dataset
// without features while saying where to get them. Every step is timed in the page.
import { expect, openApp, test } from './helpers'
import { timed, timedGo, timedOpen } from './timing'

// Timed in the page: Playwright's trace recorder, which snapshots the page at each step on the
// page's own thread, would be timed with it (search 226 → 160 ms here).
test.use({ trace: 'off' })

const ALL_SEVEN = ['cens', 'crema', 'hpcp', 'key', 'madmom', 'mfcc', 'tags']

test('the Library shows which works have which features, and filters to those with features in the backend', async ({ page }, info) => {
  // A window of a browser that has never opened the app: every asset is fetched and compiled.
  await timedOpen(page, info, 'cold load')
  // Opened again, as the desktop app is on its next launch: its assets and their compiled code
  // come from the browser's cache (web mode serves them as immutable). Once the first window has
  // loaded its other pages' code in the background: it would compete for the machine's 2 cores.
  await page.waitForSelector('html[data-pages="loaded"]', { state: 'attached', timeout: 30_000 })
  const again = await page.context().newPage()
  await timedOpen(again, info, 'window opened again')
  await again.close()

  await timedGo(page, info, 'Library (coveranalysis) works listed', '#/?dataset=coveranalysis', { selector: '[data-testid="works-total"]', text: '5,000 works' })
  await expect(page.locator('.works-grid.grid-head')).toContainText('Features')
  // The works without any feature file say none.
  await expect(page.getByTestId('work-row').first().getByTestId('work-features')).toContainText('none')

  const filter = page.getByTestId('feature-filter')
  await timed(page, info, 'Library "with features" filter applied', () => filter.selectOption('any'), { selector: '[data-testid="works-total"]', text: '1 work' })
  await expect(page).toHaveURL(/features=any/)
  const row = page.getByTestId('work-row')
  await expect(row).toHaveCount(1)
  await expect(row).toContainText('W_163992')
  for (const kind of ALL_SEVEN) await expect(row.getByTestId('work-features')).toContainText(kind)
  await expect(row.getByTestId('work-features')).toHaveAttribute('title', /1 of 2 performances have feature files/)

  // One kind; and a dataset without any: the empty list says where the features come from.
  await filter.selectOption('mfcc')
  await expect(page.getByTestId('works-total')).toHaveText('1 work')
  await page.getByLabel('Dataset filter').selectOption('benchmark')
  const empty = page.getByTestId('works-empty')
  await expect(empty).toContainText('have mfcc files indexed in benchmark')
  await expect(empty.getByRole('link', { name: 'https://github.com/MTG/da-tacos' })).toBeVisible()

  // Search follows the same filter: Dodie Stevens' version of the same work has no features.
  await page.getByLabel('Dataset filter').selectOption('')
  await filter.selectOption('any')
  const search = page.getByLabel('Search artist or title')
  await search.fill('trade winds')
  await expect(page.getByTestId('search-performance')).toHaveCount(1)
  await expect(page.getByTestId('search-performance')).toContainText('P_547131')
  await timed(page, info, 'Library filter cleared with a search on screen', () => filter.selectOption(''), {
    selector: '[data-testid="search-performances"]',
    text: 'P_547140',
  })

  // The filter survives Back from a work.
  await filter.selectOption('any')
  await page.getByTestId('work-row').filter({ hasText: 'W_163992' }).click()
  await expect(page).toHaveURL(/#\/work\/coveranalysis\/W_163992$/)
  await expect(page.getByTestId('work-with-features')).toHaveText('· 1 with feature files')
  // Its performance without any feature file cannot be ticked for Compare, and says why.
  await expect(page.getByLabel('Pick P_547140 to compare')).toBeDisabled()
  await expect(page.getByLabel('Pick P_547140 to compare')).toHaveAttribute('title', /No chroma feature file/)
  await expect(page.getByLabel('Pick P_547131 to compare')).toBeEnabled()
  await page.goBack()
  await expect(filter).toHaveValue('any')
  await expect(search).toHaveValue('trade winds')
})

test('search ranks whole words first: "bach" lists the works of Bach before those of Burt Bacharach', async ({ page }, info) => {
  await openApp(page)
  const search = page.getByLabel('Search artist or title')
  await timed(page, info, 'Library search typed ("bach") to results', () => search.fill('bach'), { selector: '[data-testid="search-work"]' })
  // A work row reads "title — composer"; the performances match by their work's composer too.
  const works = page.getByTestId('search-work')
  await expect(works.first().locator('.result-main')).toContainText(/\bBach\b/)
  await expect(works.first()).not.toContainText('Bacharach')
  // The works list beside it ranks them the same way.
  await expect(page.getByTestId('works-total')).toContainText('works')
  await expect(page.getByTestId('work-row').first()).toHaveAttribute('aria-label', /\bBach\b/)
  await expect(page.getByTestId('work-row').first()).not.toContainText('Bacharach')
})

test('Compare with… greys out the candidates without the chosen feature, saying why', async ({ page }, info) => {
  await openApp(page)
  await timedGo(page, info, 'Performance page (P_547131) with its Compare with… list', '#/performance/coveranalysis/P_547131', {
    selector: '[data-testid="compare-versions"]',
  })
  const panel = page.getByTestId('compare-with')
  const partner = panel.getByTestId('compare-candidate-item').filter({ hasText: 'P_547140' })
  await expect(partner).toHaveAttribute('data-usable', 'false')
  await expect(partner.getByTestId('candidate-why')).toHaveText('— no hpcp file')
  await expect(partner.getByTestId('compare-candidate')).toHaveCount(0)
  await expect(partner.getByTitle('Cannot compare: no hpcp file')).toBeVisible()
  await timed(page, info, 'Compare with… feature switched to crema', () => panel.getByTestId('compare-with-feature').selectOption('crema'), {
    selector: '[data-testid="candidate-why"]',
    text: 'no crema file',
  })

  // A demo performance (HPCP) can be compared by hpcp, not by crema, which it has not got.
  await panel.getByTestId('compare-with-feature').selectOption('hpcp')
  await panel.getByLabel('Compare with: search title or artist').fill('islamey')
  const found = panel.getByTestId('compare-found')
  await expect(found.getByTestId('compare-candidate').first()).toBeVisible()
  await expect(found.getByTestId('compare-candidate-item').filter({ hasText: 'demo' }).first()).toHaveAttribute('data-usable', 'true')
  await expect(found.getByTestId('compare-candidate').first()).toHaveAttribute('href', /^#\/compare\/coveranalysis\/P_547131\/demo\/P_\d+$/)
  await panel.getByTestId('compare-with-feature').selectOption('cens')
  await expect(found.getByTestId('compare-candidate')).toHaveCount(0)
  await expect(found.getByTestId('candidate-why').first()).toHaveText('— no cens file')
})

test('the performance page shows the other features: key, MFCC heat map, madmom curves, tags', async ({ page }, info) => {
  await openApp(page)
  await timedGo(page, info, 'Performance page (P_547131) first paint', '#/performance/coveranalysis/P_547131', { selector: '[data-testid="feature-key"]' })
  // The plots lie below the window: drawn once the page is idle, there when scrolled to.
  await page.evaluate(() => (window.location.hash = '#/'))
  await timedGo(page, info, 'Performance page (P_547131) with MFCC, madmom and tags drawn (below the window)', '#/performance/coveranalysis/P_547131', {
    selector: '[data-testid="madmom-plot"] svg',
  })
  const views = page.getByTestId('feature-views')
  await expect(views.getByTestId('madmom-plot')).not.toBeInViewport()
  await page.mouse.move(700, 600)
  await timed(page, info, 'Performance page (P_547131) scrolled down to its plots', () => page.mouse.wheel(0, 900), { selector: '[data-testid="madmom-plot"] svg' })
  await expect(views.getByTestId('madmom-plot')).toBeInViewport()
  await expect(views.getByTestId('feature-key')).toContainText('C major')
  await expect(views.getByTestId('mfcc-plot').locator('svg')).toBeVisible()
  await expect(views.getByTestId('mfcc-plot')).toContainText('MFCC (HTK)')
  await expect(views.getByTestId('feature-mfcc')).toContainText('15,183 frames × 13 coefficients, shown as 160 columns')
  await expect(views.getByTestId('madmom-plot')).toContainText('onsets (410)')
  await expect(views.getByTestId('madmom-tempos')).toContainText('139.5 BPM')
  await expect(views.getByTestId('tags-table').locator('tbody tr')).toHaveCount(50)
  await expect(views.getByTestId('mfcc-plot-svg')).toBeVisible()
  await expect(views.getByTestId('mfcc-plot-png')).toBeVisible()

  // A performance with HPCP only says what it has not got.
  await page.evaluate(() => (window.location.hash = '#/'))
  await page.getByLabel('Search artist or title').fill('islamey')
  await page.getByTestId('search-performance').filter({ hasText: 'demo' }).first().click()
  await expect(page.getByTestId('feature-views-missing')).toHaveText('Not indexed for this performance: key, mfcc, madmom, tags.')
})

test('Batch refuses to start on a dataset without features, saying how many it has and where to get them', async ({ page }, info) => {
  await openApp(page)
  await timedGo(page, info, 'Batch page form ready', '#/batch', { selector: '[data-testid="batch-dataset"] option[value="benchmark"]' })
  const start = page.getByTestId('batch-start')
  await timed(page, info, 'Batch source set to benchmark, Start refused', () => page.getByTestId('batch-dataset').selectOption('benchmark'), {
    selector: '[data-testid="batch-source-shortage"]',
  })
  const shortage = page.getByTestId('batch-source-shortage')
  await expect(shortage).toHaveText(
    'benchmark has 0 of 15,000 performances with the hpcp feature; a job needs at least 2. Download the Da-TACOS features from https://github.com/MTG/da-tacos and index their folder on the Datasets page.',
  )
  await expect(start).toBeDisabled()
  await page.getByTestId('batch-dataset').selectOption('coveranalysis')
  await expect(shortage).toContainText('coveranalysis has 1 of 10,000 performances with the hpcp feature')
  await expect(start).toBeDisabled()
  // The demo has HPCP for every performance, and no crema.
  await page.getByTestId('batch-dataset').selectOption('demo')
  await expect(shortage).toHaveCount(0)
  await expect(start).toBeEnabled()
  await page.getByTestId('batch-feature').selectOption('crema')
  await expect(shortage).toContainText('demo has 0 of 252 performances with the crema feature')
  await expect(start).toBeDisabled()
})
