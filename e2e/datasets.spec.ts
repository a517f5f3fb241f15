// Adding a dataset folder from the Datasets page: progress, messages, summary, and the new
// performances in search. The folders are made by the tests in the run's temporary folder.
import type { Page } from '@playwright/test'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { expect, openApp, scratchDir, test } from './helpers'

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

test('a long indexing job shows its progress and can be cancelled', async ({ page }) => {
  // Six renamed copies of the benchmark metadata: long enough to watch and to cancel.
  const bench = JSON.parse(
    gunzipSync(readFileSync(join(process.cwd(), 'resources/da-tacos/da-tacos_metadata/da-tacos_benchmark_subset_metadata.json.gz'))).toString('utf8'),
  ) as Record<string, Record<string, Record<string, unknown>>>
  const dir = scratchDir('bulk')
  const files = 6
  for (let f = 1; f <= files; f++) {
    const copy: Record<string, Record<string, Record<string, unknown>>> = {}
    for (const [workId, perfs] of Object.entries(bench)) {
      const w = `W_99${f}0${workId.slice(2)}`
      copy[w] = {}
      for (const [perfId, p] of Object.entries(perfs)) {
        const id = `P_99${f}0${perfId.slice(2)}`
        copy[w][id] = { ...p, work_id: w, perf_id: id }
      }
    }
    writeFileSync(join(dir, `bulk${f}_metadata.json`), JSON.stringify(copy))
  }
  await openApp(page)
  await addFolder(page, dir)
  const bar = page.getByRole('progressbar', { name: 'Indexing progress' })
  await expect(bar).toBeVisible()
  await expect(page.getByTestId('index-progress')).toContainText(new RegExp(`metadata · \\d / ${files}`))
  await expect(page.getByTestId('index-progress')).toContainText('_metadata.json')
  await expect(page.getByTestId('status-job')).toBeVisible()
  await page.screenshot({ path: 'test-results/datasets-progress.png', fullPage: true })
  await page.getByRole('button', { name: 'Cancel' }).click()
  await expect(page.getByTestId('index-summary')).toBeVisible()
  await expect(page.getByTestId('summary-cancelled')).toHaveText('Yes')
  const indexed = Number(await page.getByTestId('summary-indexed').textContent())
  expect(indexed).toBeLessThan(files)
  await expect(page.getByTestId('index-job')).toContainText('Indexing cancelled')
  await expect(bar).toHaveCount(0)
})
