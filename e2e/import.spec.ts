// The "Import audio" page against the real importer: a folder of WAVs (one sub-folder per work)
// typed as a server path (web mode), progress, per-file messages, the summary, and the imported
// dataset opened from the link, down to a performance that plays. And a folder dropped in web
// mode: uploaded to the server (PUT /upload/…), then imported from there.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { wavTones } from '../test/helpers/media'
import { expect, openApp, scratchDir, test } from './helpers'

/**
 * Drops files on the page's drop zone. Playwright cannot drag folders from the OS, so this is a
 * synthetic drop whose DataTransfer carries Files made in the page. webkitGetAsEntry() gives null
 * for such items, so the page falls back to dataTransfer.files, where each File's
 * webkitRelativePath (set here, as a folder input would) carries its sub-folders.
 */
async function dropFiles(page: Page, files: { path: string; bytes: Buffer }[]): Promise<void> {
  const payload = files.map((f) => ({ path: f.path, base64: f.bytes.toString('base64') }))
  await page.getByTestId('import-drop').evaluate((zone, items) => {
    const dataTransfer = new DataTransfer()
    for (const { path, base64 } of items) {
      const binary = atob(base64)
      const bytes = new Uint8Array(binary.length)
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
      const name = path.split('/').pop()!
      const file = new File([bytes], name, { type: name.endsWith('.wav') ? 'audio/wav' : 'text/plain' })
      if (path.includes('/')) Object.defineProperty(file, 'webkitRelativePath', { value: path })
      dataTransfer.items.add(file)
    }
    zone.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer }))
    zone.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer }))
  }, payload)
}

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
  // Web mode: a path on the server, said so, or a drop (uploaded first).
  await expect(page.getByTestId('import-web-note')).toBeVisible()
  await expect(page.getByTestId('import-drop')).toContainText('Drop a folder of audio here, or type a folder path on the server')
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

  // The history keeps them: in a window opened afresh, the import's row opens its messages.
  await page.goto('about:blank')
  await openApp(page, '#/import')
  const row = page.getByTestId('import-history-row').filter({ hasText: 'glasswing' }).first()
  await row.getByTestId('import-history-messages-toggle').click()
  await expect(page.getByTestId('import-history-message').filter({ hasText: 'broken take.wav' })).toHaveAttribute('data-level', 'error')
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

test('web mode: a dropped folder is uploaded, imported, and its performances open', async ({ page }) => {
  const studio = wavTones(3, [440, 554.37, 659.25], [0.3, 0.7, 0.5])
  const live = wavTones(3, [466.16, 587.33, 698.46], [0.6, 0.3, 0.8])
  const solo = wavTones(2, [392, 493.88])
  await openApp(page, '#/import')
  await expect(page.getByTestId('import-drop')).toBeVisible()
  await page.screenshot({ path: 'test-results/import-drop-zone.png', fullPage: true })
  // Slow each file's PUT a little, so the upload's progress can be seen.
  const puts: string[] = []
  await page.route('**/upload/**', async (route) => {
    puts.push(decodeURIComponent(new URL(route.request().url()).pathname))
    await new Promise((r) => setTimeout(r, 700))
    await route.continue()
  })
  await dropFiles(page, [
    { path: 'drop-demo/Work A/Тема (live).wav', bytes: live },
    { path: 'drop-demo/Work A/テーマ “studio”.wav', bytes: studio },
    { path: 'drop-demo/Solo Piece.wav', bytes: solo },
    { path: 'drop-demo/notes.txt', bytes: Buffer.from('not audio: not sent') },
  ])
  await expect(page.getByTestId('upload-progress')).toBeVisible()
  await expect(page.getByTestId('upload-text')).toContainText(/uploading [1-3] of 3 files, [\d.]+ MB of 0\.4 MB/)
  await page.screenshot({ path: 'test-results/import-uploading.png', fullPage: true })
  await expect(page.getByTestId('upload')).toHaveCount(0, { timeout: 30_000 })

  const job = page.getByTestId('import-job')
  await expect(job).toBeVisible()
  await expect(job).toHaveAttribute('data-state', 'done', { timeout: 120_000 })
  await expect(page.getByTestId('import-imported')).toHaveText('3')
  await expect(page.getByTestId('import-failed')).toHaveText('0')
  await expect(page.getByTestId('import-cancelled')).toHaveText('No')
  expect(puts).toHaveLength(3)
  expect(puts.every((p) => p.includes('/drop-demo/'))).toBe(true)
  // The server folder the files went to is in the path field; the bytes there are the dropped ones.
  const folder = await page.getByTestId('import-folder').inputValue()
  expect(folder).toMatch(/[\\/]uploads[\\/][A-Za-z0-9_-]{8,64}[\\/]drop-demo$/)
  expect(readFileSync(join(folder, 'Work A', 'Тема (live).wav')).equals(live)).toBe(true)
  expect(readFileSync(join(folder, 'Work A', 'テーマ “studio”.wav')).equals(studio)).toBe(true)
  expect(readFileSync(join(folder, 'Solo Piece.wav')).equals(solo)).toBe(true)
  expect(existsSync(join(folder, 'notes.txt'))).toBe(false)
  await expect(page.getByTestId('import-out')).toHaveText(/[\\/]imports[\\/]drop-demo$/)
  await page.screenshot({ path: 'test-results/import-dropped-done.png', fullPage: true })

  await page.getByTestId('import-dataset-link').click()
  await expect(page).toHaveURL(/#\/\?dataset=drop-demo$/)
  await page.getByText('Work A').first().click()
  await page.getByText('Тема (live)').first().click()
  await expect(page.getByTestId('performance-title')).toHaveText('Тема (live)')
  await expect(page.getByTestId('audio-player')).toHaveAttribute('data-state', 'ready')
  await expect(page.getByTestId('chromagram-canvas')).toHaveAttribute('data-state', 'ready')
})

test('web mode: loose files dropped become works of their own; nothing audio-like is refused', async ({ page }) => {
  await openApp(page, '#/import')
  await dropFiles(page, [{ path: 'readme.txt', bytes: Buffer.from('hello') }, { path: 'cover.jpg', bytes: Buffer.from([0xff, 0xd8, 0xff]) }])
  await expect(page.getByTestId('error')).toContainText('Nothing audio-like was dropped')
  await expect(page.getByTestId('upload')).toHaveCount(0)
  await expect(page.getByTestId('import-job')).toHaveCount(0)

  await dropFiles(page, [
    { path: 'Loose One.wav', bytes: wavTones(2, [523.25, 659.25]) },
    { path: 'Loose Two.wav', bytes: wavTones(2, [349.23, 440]) },
  ])
  const job = page.getByTestId('import-job')
  await expect(job).toHaveAttribute('data-state', 'done', { timeout: 120_000 })
  await expect(page.getByTestId('error')).toHaveCount(0)
  await expect(page.getByTestId('import-imported')).toHaveText('2')
  await expect(page.getByTestId('import-folder')).toHaveValue(/[\\/]dropped-\d{4}-\d{2}-\d{2}$/)
  await page.getByTestId('import-dataset-link').click()
  await expect(page).toHaveURL(/#\/\?dataset=dropped-\d{4}-\d{2}-\d{2}$/)
  await page.getByText('Loose Two').first().click()
  await expect(page.getByText('Loose Two').first()).toBeVisible()
})

test('web mode: Cancel stops an upload, and nothing is imported', async ({ page }) => {
  await openApp(page, '#/import')
  // Hold every PUT, so the upload is surely still running when Cancel is clicked.
  await page.route('**/upload/**', async (route) => {
    await new Promise((r) => setTimeout(r, 3000))
    await route.continue().catch(() => {})
  })
  await dropFiles(page, [
    { path: 'cancel-me/Work/one.wav', bytes: wavTones(1, [440]) },
    { path: 'cancel-me/Work/two.wav', bytes: wavTones(1, [660]) },
  ])
  await expect(page.getByTestId('upload-text')).toContainText('uploading 1 of 2 files')
  await page.getByTestId('upload-cancel').click()
  await expect(page.getByTestId('upload')).toHaveCount(0)
  await expect(page.getByTestId('error')).toContainText('The upload was cancelled; nothing was imported.')
  await expect(page.getByTestId('import-job')).toHaveCount(0)
  await expect(page.getByTestId('import-folder')).toHaveValue('')
  await page.unrouteAll({ behavior: 'ignoreErrors' })
})
