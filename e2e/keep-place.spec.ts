// Keeping one's place: the performances ticked on a work page are still ticked after Back (from
// Compare, or from a performance), and the Import page lists the imports run on this library,
// newest first, with their status and counts, an import started here included.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { wavTones } from '../test/helpers/media'
import { expect, openApp, scratchDir, test } from './helpers'
import { timed, timedGo } from './timing'

// Timed in the page: Playwright's trace recorder, which snapshots the page at each step on the
// page's own thread, would be timed with it (search 226 → 160 ms here).
test.use({ trace: 'off' })

/** A demo work with at least three performances, from the bundled metadata. */
function demoWork(): { work: string; perfs: string[] } {
  const meta = JSON.parse(readFileSync(join(process.cwd(), 'resources/demo/demo_metadata.json'), 'utf8')) as Record<string, Record<string, unknown>>
  const [work, perfs] = Object.entries(meta).find(([, p]) => Object.keys(p).length >= 3)!
  return { work, perfs: Object.keys(perfs) }
}

test('ticks on a work page survive Back from Compare and from a performance', async ({ page }, info) => {
  const { work } = demoWork()
  await openApp(page)
  await timedGo(page, info, 'Work page (demo) with its performances', `#/work/demo/${work}`, { selector: '[data-testid="performance-row"]' })
  const ticks = page.getByTestId('pick-performance')
  const rows = page.getByTestId('performance-row')
  const first = (await rows.nth(0).locator('td.mono').textContent())!.trim()
  const third = (await rows.nth(2).locator('td.mono').textContent())!.trim()
  await timed(page, info, 'Work page tick', () => ticks.nth(0).check(), { selector: '[data-testid="pick-status"]', text: 'tick one more' })
  await ticks.nth(2).check()
  await expect(page.getByTestId('pick-status')).toHaveText(`${first} with ${third}`)
  // The picks are in the address, replaced rather than pushed: Back leaves the work page.
  await expect(page).toHaveURL(new RegExp(`#/work/demo/${work}\\?pick=${first},${third}$`))

  await page.getByTestId('compare-picked').click()
  await expect(page).toHaveURL(new RegExp(`#/compare/demo/${first}/demo/${third}`))
  await expect(page.getByTestId('compare-scores')).toBeVisible()
  await timed(page, info, 'Back from Compare to the ticked work page', () => page.goBack(), { selector: '[data-testid="pick-status"]', text: `${first} with ${third}` })
  await expect(ticks.nth(0)).toBeChecked()
  await expect(ticks.nth(1)).not.toBeChecked()
  await expect(ticks.nth(2)).toBeChecked()
  await expect(page.getByTestId('compare-picked')).toBeEnabled()

  // Into a performance and back: still ticked.
  await rows.nth(1).click()
  await expect(page).toHaveURL(/#\/performance\/demo\/P_/)
  await page.goBack()
  await expect(page.getByTestId('pick-status')).toHaveText(`${first} with ${third}`)
  await expect(ticks.nth(2)).toBeChecked()

  // Unticking is kept too.
  await ticks.nth(0).uncheck()
  await expect(page).toHaveURL(new RegExp(`\\?pick=${third}$`))
})

test('the Import page lists each import with its folder, dataset, status and counts, newest first', async ({ page }, info) => {
  const base = scratchDir('history')
  const recordings = join(base, 'recordings')
  mkdirSync(join(recordings, 'Lantern Polka'), { recursive: true })
  writeFileSync(join(recordings, 'Lantern Polka', 'Lantern Polka (one).wav'), wavTones(2, [440, 554.37], [0.4, 0.6]))
  writeFileSync(join(recordings, 'Lantern Polka', 'Lantern Polka (two).wav'), wavTones(2, [466.16, 587.33], [0.5, 0.5]))
  writeFileSync(join(recordings, 'Lantern Polka', 'not audio.wav'), 'RIFF nothing')
  const out = join(base, 'lantern')

  await openApp(page)
  await timedGo(page, info, 'Import page with its history', '#/import', { selector: '[data-testid="import-history"], [data-testid="import-history-empty"]' })
  await page.getByTestId('import-folder').fill(recordings)
  await page.getByTestId('import-outdir').fill(out)
  await page.getByTestId('import-start').click()
  await expect(page.getByTestId('import-summary')).toBeVisible({ timeout: 60_000 })

  const newest = page.getByTestId('import-history-row').first()
  await expect(newest.getByTestId('import-history-status')).toHaveText('done')
  await expect(newest).toContainText(recordings)
  await expect(newest.getByRole('link', { name: 'lantern' })).toHaveAttribute('href', '#/?dataset=lantern')
  await expect(newest.locator('td.num').nth(0)).toHaveText('2')
  await expect(newest.locator('td.num').nth(2)).toHaveText('1')
  await expect(newest).toHaveAttribute('title', /not audio\.wav/)

  // Kept in the library: it is there after a reload, and after the same folder is imported again
  // (nothing new: all already imported), that run is the newest.
  await page.reload()
  await expect(page.getByTestId('import-history-row').filter({ hasText: recordings })).toHaveCount(1)
  await page.getByTestId('import-folder').fill(recordings)
  await page.getByTestId('import-outdir').fill(out)
  await page.getByTestId('import-start').click()
  await expect(page.getByTestId('import-history-row').filter({ hasText: recordings })).toHaveCount(2, { timeout: 60_000 })
  await expect(page.getByTestId('import-history-row').first().getByTestId('import-history-status')).toHaveText('done', { timeout: 60_000 })
  await expect(page.getByTestId('import-history-row').first().locator('td.num').nth(1)).toHaveText('2')
})
