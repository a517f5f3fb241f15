// The Models page against the real backend: a model made by training/export.py is loaded from
// disk by its path and listed with its card, made active (the execution provider line names it),
// and a two-epoch training on a small set of demo works (indexed through the Datasets page)
// draws its loss and validation MAP as it goes, finishes, and lists the new model.
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from '@playwright/test'
import { expect, openApp, scratchDir, test } from './helpers'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const demo = join(root, 'resources', 'demo')

type Metadata = Record<string, Record<string, unknown>>

/** A Da-TACOS-layout folder of demo works: `multi` works with versions from `from` on, and `singles` single tracks. */
function demoSet(name: string, from: number, multi: number, singles: number): string {
  const meta = JSON.parse(readFileSync(join(demo, 'demo_metadata.json'), 'utf8')) as Metadata
  const ids = Object.keys(meta).sort()
  const works = [
    ...ids.filter((w) => Object.keys(meta[w]!).length > 1).slice(from, from + multi),
    ...ids.filter((w) => Object.keys(meta[w]!).length === 1).slice(from, from + singles),
  ]
  const dir = scratchDir(name)
  for (const w of works) {
    const folder = join(dir, `${name}_hpcp`, `${w}_hpcp`)
    mkdirSync(folder, { recursive: true })
    for (const p of Object.keys(meta[w]!)) copyFileSync(join(demo, 'demo_hpcp', `${w}_hpcp`, `${p}_hpcp.h5`), join(folder, `${p}_hpcp.h5`))
  }
  writeFileSync(join(dir, `${name}_metadata.json`), JSON.stringify(Object.fromEntries(works.map((w) => [w, meta[w]]))))
  return dir
}

async function indexFolder(page: Page, dir: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Datasets' }).click()
  await page.getByLabel('Folder path on the server').fill(dir)
  await page.getByRole('button', { name: 'Add dataset folder' }).click()
  await expect(page.getByTestId('index-job')).toContainText(dir)
  await expect(page.getByTestId('index-job')).toHaveAttribute('data-state', 'done', { timeout: 60_000 })
}

test('load a model from disk, make it active, train a new one with a live curve, and see it listed', async ({ page }) => {
  test.setTimeout(240_000)
  const modelDir = scratchDir('models-from-disk')
  const modelFile = join(modelDir, 'handmade.onnx')
  const made = spawnSync('/usr/bin/python3', ['export.py', '--init-seed', '7', '--out', modelFile], { cwd: join(root, 'training'), encoding: 'utf8' })
  expect(made.status, made.stderr).toBe(0)
  const trainDir = demoSet('modeltrain', 0, 8, 0)
  const valDir = demoSet('modelval', 8, 4, 4)

  await openApp(page)
  await indexFolder(page, trainDir)
  await indexFolder(page, valDir)

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }).click()
  await expect(page).toHaveURL(/#\/models$/)
  await expect(page.getByRole('heading', { name: 'Models', level: 1 })).toBeVisible()

  // A file that is not a model is refused, naming it.
  const notes = join(modelDir, 'notes.onnx')
  writeFileSync(notes, 'not a model')
  await page.getByTestId('model-load-path').fill(notes)
  await page.getByTestId('model-load').click()
  await expect(page.getByRole('alert').filter({ hasText: `${notes}: not an ONNX model` })).toBeVisible()

  // Load by path (keyboard: Enter submits).
  await page.getByTestId('model-load-path').fill(modelFile)
  await page.getByTestId('model-load-path').press('Enter')
  await expect(page.getByTestId('model-loaded')).toContainText('Loaded handmade')
  const handmade = page.getByTestId('model-row').filter({ hasText: 'handmade' })
  await expect(handmade).toContainText('hpcp → 128-d')
  await expect(handmade).toContainText('none (untrained) loss')

  await handmade.getByRole('button', { name: 'Make handmade the active model' }).click()
  await expect(handmade).toHaveAttribute('data-active', 'true')
  await expect(handmade.getByTestId('model-active')).toHaveText('active')
  await expect(page.getByTestId('models-provider')).toContainText(/(CPU|CUDA).*runs handmade/)

  // Train two epochs on the small set, validated on the other.
  await page.getByTestId('train-dataset').selectOption('modeltrain')
  await page.getByTestId('train-val').selectOption('modelval')
  await page.getByTestId('train-loss').selectOption('triplet')
  await page.getByTestId('train-epochs').fill('2')
  await page.getByTestId('train-start').click()
  await expect(page.getByTestId('train-status')).toHaveAttribute('data-status', 'running')
  await expect(page.getByTestId('train-cancel')).toBeVisible()

  // The plot gains a point per epoch in each panel (loss, validation MAP), as the epochs come
  // (two may come between two looks: what holds is a point per row and panel).
  const rows = page.getByTestId('train-epoch-row')
  const points = page.getByTestId('train-plot').locator('g.mark-symbol.role-mark path')
  const pointPerRow = async () => {
    const n = await rows.count()
    return n > 0 && (await points.count()) === 2 * n
  }
  await expect.poll(pointPerRow, { timeout: 120_000 }).toBe(true)
  await expect(rows).toHaveCount(2, { timeout: 120_000 })
  await expect(points).toHaveCount(4)

  await expect(page.getByTestId('train-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 })
  await expect(page.getByTestId('train-cancel')).toHaveCount(0)
  const result = page.getByTestId('train-result')
  await expect(result).toContainText('wrote modeltrain-triplet-')
  const name = (await result.locator('.mono').textContent())!.trim()

  const trained = page.getByTestId('model-row').filter({ hasText: name })
  await expect(trained).toContainText('triplet loss')
  await expect(trained).toContainText('on modeltrain')
  await expect(trained).toContainText('2 epochs')
  await expect(trained.getByTestId('model-val-map')).toContainText(/0\.\d{3}/)
  // The handmade model stays active until another is chosen.
  await expect(handmade).toHaveAttribute('data-active', 'true')
})
