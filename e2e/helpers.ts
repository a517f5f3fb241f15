import { test as base, expect, type Locator, type Page } from '@playwright/test'
import { mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** The backend's address with its token, from global-setup. */
export function appUrl(): string {
  const url = process.env.REFRAIN_E2E_URL
  if (!url) throw new Error('REFRAIN_E2E_URL is not set: run the tests through playwright.config.ts (global setup)')
  return url
}

/** A fresh folder for one test's files, below the run's temporary folder. */
export function scratchDir(name: string): string {
  const base = process.env.REFRAIN_E2E_TMP ?? tmpdir()
  const dir = join(base, `${name}-${Date.now().toString(36)}`, name)
  mkdirSync(dir, { recursive: true })
  return dir
}

/** Playwright's test, failing any test whose page logged an error or threw (CSP violations included). */
export const test = base.extend({
  page: async ({ page }, use) => {
    const errors: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`)
    })
    page.on('pageerror', (e) => errors.push(`page: ${e.message}`))
    await use(page)
    expect(errors, 'errors in the page').toEqual([])
  },
})
export { expect }

export async function openApp(page: Page, hash = ''): Promise<void> {
  await page.goto(appUrl() + hash)
  await expect(page.getByRole('link', { name: 'Refrain' })).toBeVisible()
  // The token leaves the visible address.
  await expect(page).not.toHaveURL(/token=/)
}

export async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => {
    window.location.hash = h
  }, hash)
}

export interface CanvasStats {
  width: number
  height: number
  /** Share of pixels in a clearly coloured (saturated) tone: the heatmap, not the white frame or grey. */
  coloured: number
  distinct: number
  hash: number
}

/** Reads the chromagram canvas back and summarises its pixels. */
export async function canvasStats(canvas: Locator): Promise<CanvasStats> {
  return canvas.evaluate((el) => {
    const c = el as HTMLCanvasElement
    const ctx = c.getContext('2d')
    if (!ctx) throw new Error('no 2d context')
    const { width, height } = c
    const d = ctx.getImageData(0, 0, width, height).data
    let coloured = 0
    let hash = 0
    const distinct = new Set<number>()
    for (let i = 0; i < d.length; i += 4) {
      const r = d[i]!
      const g = d[i + 1]!
      const b = d[i + 2]!
      if (Math.max(r, g, b) - Math.min(r, g, b) > 40) coloured++
      if (i % 40 === 0) {
        distinct.add((r << 16) | (g << 8) | b)
        hash = (hash * 31 + r * 7 + g * 3 + b) >>> 0
      }
    }
    return { width, height, coloured: coloured / (width * height), distinct: distinct.size, hash }
  })
}

/** Calls the running backend's API directly, as the page does (for setting up and checking what a test needs). */
export async function apiCall<T>(method: string, input: unknown): Promise<T> {
  const url = new URL(appUrl())
  const response = await fetch(new URL(`/api/${method}`, url.origin), {
    method: 'POST',
    headers: { Authorization: `Bearer ${url.searchParams.get('token')}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  })
  const result = (await response.json()) as { ok: boolean; value?: T; error?: { message: string } }
  if (!result.ok) throw new Error(`${method}: ${result.error?.message}`)
  return result.value as T
}
