// How long an interaction takes in the page, measured in the page: from the user's input (or the
// address changing) to the next frame after the expected element is there. Playwright's own waits
// poll, which would add their interval to every figure. Each figure is also reported as a test
// annotation ("timing") and on stdout, for the record of what was measured.
import type { Page, TestInfo } from '@playwright/test'
import { openApp } from './helpers'

export interface Until {
  selector: string
  /** Text the element must contain. */
  text?: string
  /** An attribute value the element must have, as [name, value]. */
  attr?: [string, string]
}

export async function timed(page: Page, info: TestInfo, label: string, act: () => Promise<unknown>, until: Until): Promise<number> {
  // A user's navigation, not the window's first second: the pages' code has loaded (the cold
  // load is measured on its own, as the Library's first contentful paint).
  await page.waitForSelector('html[data-pages="loaded"]', { state: 'attached', timeout: 30_000 })
  await page.evaluate(() => {
    const w = window as unknown as { __refrainStart?: number }
    w.__refrainStart = undefined
    const mark = () => {
      w.__refrainStart ??= performance.now()
    }
    for (const type of ['pointerdown', 'keydown', 'wheel', 'input', 'change', 'hashchange']) addEventListener(type, mark, { capture: true, once: true })
  })
  const done = page.evaluate(
    ({ selector, text, attr }) =>
      new Promise<number>((resolve) => {
        const check = () => {
          const start = (window as unknown as { __refrainStart?: number }).__refrainStart
          const el = document.querySelector(selector)
          const ok = el && (text === undefined || (el.textContent ?? '').includes(text)) && (attr === undefined || el.getAttribute(attr[0]) === attr[1])
          if (start !== undefined && ok) requestAnimationFrame(() => resolve(performance.now() - start))
          else requestAnimationFrame(check)
        }
        check()
      }),
    until,
  )
  await act()
  const ms = await done
  report(info, label, ms)
  return ms
}

/** Goes to an address inside the app (a hashchange, as a link does), timed to `until`. */
export function timedGo(page: Page, info: TestInfo, label: string, hash: string, until: Until): Promise<number> {
  return timed(page, info, label, () => page.evaluate((h) => (window.location.hash = h), hash), until)
}

/** Milliseconds from the input the last `timed` call measured from to the next frame after `until` is there too. */
export async function timedSince(page: Page, info: TestInfo, label: string, until: Until): Promise<number> {
  const ms = await page.evaluate(
    ({ selector, text }) =>
      new Promise<number>((resolve) => {
        const check = () => {
          const el = document.querySelector(selector)
          if (el && (text === undefined || (el.textContent ?? '').includes(text)))
            requestAnimationFrame(() => resolve(performance.now() - (window as unknown as { __refrainStart: number }).__refrainStart))
          else requestAnimationFrame(check)
        }
        check()
      }),
    until,
  )
  report(info, label, ms)
  return ms
}

function report(info: TestInfo, label: string, ms: number): void {
  info.annotations.push({ type: 'timing', description: `${label}: ${ms.toFixed(0)} ms` })
  console.log(`timing: ${label}: ${ms.toFixed(0)} ms`)
}

/**
 * Opens the app in `page` as a new window and reports its first contentful paint (the top bar)
 * and the frame after its works are listed, both from the window's start. Watched from inside the
 * page from its first moment: Playwright's own look would add the time it takes to inject its
 * scripts into a new page (300–500 ms here), which is not the page's.
 */
export async function timedOpen(page: Page, info: TestInfo, label: string): Promise<void> {
  await page.addInitScript(() => {
    const listed = () => /\d work/.test(document.querySelector('[data-testid="works-total"]')?.textContent ?? '')
    const watch = new MutationObserver(() => {
      if (!listed()) return
      watch.disconnect()
      requestAnimationFrame(() => ((window as unknown as { __worksListed: number }).__worksListed = performance.now()))
    })
    document.addEventListener('DOMContentLoaded', () => watch.observe(document.body, { childList: true, subtree: true, characterData: true }))
  })
  await openApp(page)
  const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN)
  const listed = await page.waitForFunction(() => (window as unknown as { __worksListed?: number }).__worksListed).then((h) => h.jsonValue() as Promise<number>)
  report(info, `Library first contentful paint (${label})`, fcp)
  report(info, `Library works listed (${label})`, listed)
}
