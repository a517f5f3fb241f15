// Help: reachable from the main navigation and from the "?" beside Compare's scores, showing the
// same topics `refrain help` prints (src-shared/help), with their papers.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, openApp, test } from './helpers'
import { timed, timedGo, timedSince } from './timing'

// Timed in the page: Playwright's trace recorder, which snapshots the page at each step on the
// page's own thread, would be timed with it (search 226 → 160 ms here).
test.use({ trace: 'off' })

/** Two performances of one demo work, from the bundled metadata. */
function demoPair(): { work: string; a: string; b: string } {
  const meta = JSON.parse(readFileSync(join(process.cwd(), 'resources/demo/demo_metadata.json'), 'utf8')) as Record<string, Record<string, unknown>>
  const [work, perfs] = Object.entries(meta).find(([, p]) => Object.keys(p).length >= 2)!
  const [a, b] = Object.keys(perfs).sort()
  return { work, a: a!, b: b! }
}

test('Help from the main navigation: every group of topics, each with its explanation and papers', async ({ page }, info) => {
  await openApp(page)
  const nav = page.getByRole('navigation', { name: 'Main' })
  await timed(page, info, 'Help page from the navigation', () => nav.getByRole('link', { name: 'Help' }).click(), { selector: '[data-topic="da-tacos"]' })
  await expect(page).toHaveURL(/#\/help$/)
  await expect(page).toHaveTitle('Help · Refrain')
  await expect(nav.getByRole('link', { name: 'Help' })).toHaveAttribute('aria-current', 'page')
  const index = page.getByTestId('help-index')
  for (const group of ['Methods', 'Distances', 'Metrics', 'Thresholds', 'Clusters', 'Data']) await expect(index.getByRole('heading', { name: group })).toBeVisible()

  const qmax = page.locator('[data-topic="qmax"]')
  await expect(qmax).toContainText('√(reference stacks) / Qmax')
  await expect(qmax).toContainText('Cross recurrence quantification for cover song identification')
  await expect(page.locator('[data-topic="embedding"]')).toContainText('0 for identical embeddings, 2 for opposite ones')
  await expect(page.locator('[data-topic="probability"]')).toContainText('Platt')
  await expect(page.locator('[data-topic="agreement"]')).toContainText('Hubert')
  await expect(page.locator('[data-topic="da-tacos"]').getByRole('link', { name: 'https://github.com/MTG/da-tacos' })).toBeVisible()

  // A topic from the index is brought into view and marked.
  await timed(page, info, 'Help topic opened from the index', () => index.getByRole('link', { name: 'EER: equal error rate' }).click(), {
    selector: '[data-topic="eer"].help-current',
  })
  await expect(page).toHaveURL(/#\/help\/eer$/)
  await expect(page.locator('[data-topic="eer"]')).toBeInViewport()

  await page.evaluate(() => (window.location.hash = '#/help/no-such-topic'))
  await expect(page.getByRole('alert')).toContainText('No help topic “no-such-topic”')
})

test('Help from Compare: the "?" beside the scores opens what the distances mean', async ({ page }, info) => {
  const { a, b } = demoPair()
  await openApp(page)
  await timedGo(page, info, 'Compare page (two demo performances) first paint, its progress or its scores', `#/compare/demo/${a}/demo/${b}`, {
    selector: '[data-testid="compare-progress"], [data-testid="compare-scores"]',
  })
  await timedSince(page, info, 'Compare page (two demo performances) to its scores', { selector: '[data-testid="compare-scores"]' })
  const help = page.getByTestId('compare-help')
  await expect(help).toBeVisible()
  await expect(help).toHaveAccessibleName('? Help: what the scores mean')
  await timed(page, info, 'Help from Compare ("?")', () => help.click(), { selector: '[data-topic="distances"].help-current' })
  await expect(page).toHaveURL(/#\/help\/distances$/)
  const distances = page.locator('[data-topic="distances"]')
  await expect(distances).toBeInViewport()
  await expect(distances).toContainText('DTW: the normalised path cost')
  await expect(distances).toContainText('in [0, 2]')
  await page.goBack()
  await expect(page.getByTestId('compare-scores')).toBeVisible()
})
