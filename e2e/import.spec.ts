// The "Import audio" page against the real importer: a folder of WAVs (one sub-folder per work)
// typed as a server path (web mode), progress, per-file messages, the summary, and the imported
// dataset opened from the link, down to a performance that plays.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { wavTones } from '../test/helpers/media'
import { expect, openApp, scratchDir, test } from './helpers'

test('import a folder of recordings, follow it, open the dataset and play a version', async ({ page }) => {
  const base = scratchDir('import')
  const recordings = join(base, 'recordings')
  mkdirSync(join(recordings, 'Glasswing Waltz'), { recursive: true })
  mkdirSync(join(recordings, 'Harbour Lights Reel'), { recursive: true })
  writeFileSync(join(recordings, 'Glasswing Waltz', 'Glasswing Waltz (studio).wav'), wavTones(3, [440, 554.37, 659.25], [0.3, 0.7, 0.5]))
  writeFileSync(join(recordings, 'Glasswing Waltz', 'Glasswing Waltz (live).wav'), wavTones(3, [466.16, 587.33, 698.46], [0.6, 0.3, 0.8]))
  writeFileSync(join(recordings, 'Harbour Lights Reel', 'Harbour Lights Reel.wav'), wavTones(2, [392, 493.88]))
  writeFileSync(join(recordings, 'Harbour Lights Reel', 'broken take.wav'), 'RIFF but not really a wave file at all')
  const out = join(base, 'glasswing')

  await openApp(page)
  await page.getByRole('link', { name: 'Import audio' }).click()
  await expect(page).toHaveURL(/#\/import$/)
  await expect(page.getByRole('heading', { name: 'Import audio', level: 1 })).toBeVisible()
  // Web mode: a path on the server, said so; no drop zone.
  await expect(page.getByTestId('import-web-note')).toBeVisible()
  await expect(page.getByTestId('import-drop')).toHaveCount(0)
  await expect(page.getByTestId('import-start')).toBeDisabled()

  await page.getByTestId('import-folder').fill(recordings)
  await page.getByTestId('import-outdir').fill(out)
  await page.getByTestId('import-start').click()
  const job = page.getByTestId('import-job')
  await expect(job).toBeVisible()
  await expect(page.getByTestId('import-out')).toHaveText(out)
  await expect(job).toHaveAttribute('data-state', 'done', { timeout: 120_000 })
  await expect(page.getByTestId('import-imported')).toHaveText('3')
  await expect(page.getByTestId('import-failed')).toHaveText('1')
  await expect(page.getByTestId('import-cancelled')).toHaveText('No')
  await expect(page.getByTestId('import-message').filter({ hasText: 'broken take.wav' })).toHaveAttribute('data-level', 'error')
  await page.screenshot({ path: 'test-results/import-done.png', fullPage: true })

  await page.getByTestId('import-dataset-link').click()
  await expect(page).toHaveURL(/#\/\?dataset=glasswing$/)
  await page.getByText('Glasswing Waltz').first().click()
  await page.getByText('Glasswing Waltz (live)').first().click()
  await expect(page.getByTestId('performance-title')).toHaveText('Glasswing Waltz (live)')
  await expect(page.getByTestId('audio-player')).toHaveAttribute('data-state', 'ready')
  await expect(page.getByTestId('chromagram-canvas')).toHaveAttribute('data-state', 'ready')
  await page.getByTestId('play-pause').click()
  await expect.poll(async () => Number(await page.getByTestId('audio-player').getAttribute('data-time')), { timeout: 10_000 }).toBeGreaterThan(0.5)
  await page.getByTestId('play-pause').click()
  await expect(page.getByTestId('audio-player')).toHaveAttribute('data-playing', 'false')
  await page.screenshot({ path: 'test-results/import-performance.png', fullPage: true })
})

test('a long import shows the file in progress and can be cancelled', async ({ page }) => {
  const base = scratchDir('import-cancel')
  const recordings = join(base, 'many')
  const wav = wavTones(20, [440, 523.25, 659.25, 783.99])
  for (let work = 1; work <= 8; work++) {
    mkdirSync(join(recordings, `Work ${work}`), { recursive: true })
    for (let take = 1; take <= 6; take++) writeFileSync(join(recordings, `Work ${work}`, `take ${take}.wav`), wav)
  }
  await openApp(page, '#/import')
  await page.getByTestId('import-folder').fill(recordings)
  await page.getByTestId('import-outdir').fill(join(base, 'many-out'))
  await page.getByTestId('import-start').click()
  await expect(page.getByTestId('import-progress')).toBeVisible()
  await expect(page.getByTestId('import-current-file')).toContainText('take', { timeout: 30_000 })
  await expect(page.getByTestId('status-import')).toContainText('importing audio')
  await page.screenshot({ path: 'test-results/import-progress.png', fullPage: true })
  await page.getByTestId('import-cancel').click()
  await expect(page.getByTestId('import-job')).toHaveAttribute('data-state', 'done', { timeout: 60_000 })
  await expect(page.getByTestId('import-cancelled')).toHaveText('Yes')
  await expect(page.getByRole('heading', { name: /Import cancelled/ })).toBeVisible()
  expect(Number(await page.getByTestId('import-imported').textContent())).toBeLessThan(48)
  await expect(page.getByTestId('import-dataset-link')).toHaveCount(0)
})
