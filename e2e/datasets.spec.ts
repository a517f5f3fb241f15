// Adding a dataset folder from the Datasets page: progress, messages, summary, and the new
// performances in search. The folders are made by the tests in the run's temporary folder.
import { expect, test, type Page } from '@playwright/test'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openApp, scratchDir } from './helpers'

function perf(workId: string, perfId: string, workTitle: string, workArtist: string, perfTitle: string, perfArtist: string, year: string) {
  return {
    work_title: workTitle,
    work_artist: workArtist,
    perf_title: perfTitle,
    perf_artist: perfArtist,
    release_year: year,
    work_id: workId,
    perf_id: perfId,
    instrumental: 'No',
  }
}

async function addFolder(page: Page, dir: string): Promise<void> {
  await page.getByRole('link', { name: 'Datasets' }).click()
  await expect(page).toHaveURL(/#\/datasets$/)
  await expect(page.getByTestId('datasets-table')).toContainText('benchmark')
  await page.getByLabel('Folder path on the server').fill(dir)
  await page.getByRole('button', { name: 'Add dataset folder' }).click()
  await expect(page.getByTestId('index-job')).toBeVisible()
  await expect(page.getByTestId('index-job')).toContainText(dir)
}

async function searchFor(page: Page, text: string) {
  await page.getByRole('link', { name: 'Library' }).click()
  const search = page.getByLabel('Search artist or title')
  await search.fill('')
  await search.pressSequentially(text, { delay: 25 })
}

test('add a dataset folder, follow the indexing, then find its performance', async ({ page }) => {
  const dir = scratchDir('mine')
  writeFileSync(
    join(dir, 'mine_metadata.json'),
    JSON.stringify({
      W_1: {
        P_1: perf('W_1', 'P_1', 'Quillfeather Lament', 'Odalys Quillfeather', 'Quillfeather Lament (live)', 'The Quillfeather Trio', '1998'),
      },
    }),
  )
  await openApp(page)
  await addFolder(page, dir)
  const summary = page.getByTestId('index-summary')
  await expect(summary).toBeVisible()
  await expect(page.getByTestId('summary-indexed')).toHaveText('1')
  await expect(page.getByTestId('summary-failed')).toHaveText('0')
  await expect(page.getByTestId('summary-performances')).toHaveText('1')
  await expect(page.getByTestId('index-job')).toHaveAttribute('data-state', 'done')
  // library.changed refreshes the dataset list.
  const row = page.getByTestId('dataset-row').filter({ hasText: dir })
  await expect(row).toBeVisible()
  await expect(row).toContainText('user')
  await page.screenshot({ path: 'test-results/datasets.png', fullPage: true })

  await searchFor(page, 'Quillfeather Trio')
  const hit = page.getByTestId('search-performance').filter({ hasText: 'The Quillfeather Trio' })
  await expect(hit).toBeVisible()
  await hit.click()
  await expect(page).toHaveURL(/#\/performance\/[^/]+\/P_1$/)
  await expect(page.getByTestId('performance-title')).toHaveText('Quillfeather Lament (live)')
  await expect(page.getByTestId('performance-metadata')).toContainText('1998')
  await expect(page.getByTestId('chroma-empty')).toBeVisible()
})

test('a broken metadata file is reported by name while the good one is indexed', async ({ page }) => {
  const dir = scratchDir('mixed')
  writeFileSync(
    join(dir, 'good_metadata.json'),
    JSON.stringify({
      W_7: { P_70: perf('W_7', 'P_70', 'Vexillo March', 'Ines Vexillo', 'Vexillo March', 'Vexillo Brass Band', '2004') },
    }),
  )
  writeFileSync(join(dir, 'broken_metadata.json'), '{"W_1": {')
  await openApp(page)
  await addFolder(page, dir)
  await expect(page.getByTestId('index-summary')).toBeVisible()
  const error = page.getByTestId('index-message').filter({ hasText: 'broken_metadata.json' })
  await expect(error).toBeVisible()
  await expect(error).toHaveAttribute('data-level', 'error')
  await expect(page.getByTestId('summary-failed')).toHaveText('1')
  await expect(page.getByTestId('summary-indexed')).toHaveText('1')
  await page.screenshot({ path: 'test-results/datasets-error.png', fullPage: true })

  await searchFor(page, 'Vexillo Brass')
  await expect(page.getByTestId('search-performance').filter({ hasText: 'Vexillo Brass Band' })).toBeVisible()
})

test('a folder that does not exist gives a readable error', async ({ page }) => {
  await openApp(page)
  await page.getByRole('link', { name: 'Datasets' }).click()
  const missing = join(scratchDir('absent'), 'no-such-folder')
  await page.getByLabel('Folder path on the server').fill(missing)
  await page.getByRole('button', { name: 'Add dataset folder' }).click()
  // Either the call is refused or the job reports the folder.
  const shown = page.getByTestId('error').or(page.getByTestId('index-message').filter({ hasText: 'no-such-folder' }))
  await expect(shown.first()).toBeVisible()
})
