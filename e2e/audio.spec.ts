// Playback on the performance page: a dataset made here (metadata, an hpcp file written with
// h5wasm, and a WAV of tones in <name>_audio/W_<id>/P_<id>.wav), indexed from the Datasets page,
// then the waveform above the chromagram, Play, a moving cursor shared by both, seeking by a
// click on either, and Space to pause. Real backend, real media route, no mocks.
import { test as baseTest, type Page } from '@playwright/test'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { writeH5 } from '../test/helpers/fixtures'
import { wavTones } from '../test/helpers/media'
import { expect, openApp, scratchDir, test } from './helpers'

const SECONDS = 6
const FRAME_RATE = 44100 / 512
// A4, C#5, E5, A5: HPCP bins (bin 0 = A) 0, 4, 7, 0.
const TONES = [440, 554.37, 659.25, 880]
const BINS = [0, 4, 7, 0]

/** A one-performance dataset named `name` (a dataset's name is its folder's: each test its own). */
async function makeDataset(name = 'tones'): Promise<string> {
  const root = scratchDir(name)
  writeFileSync(
    join(root, `${name}_metadata.json`),
    JSON.stringify({
      W_900: {
        P_901: {
          work_title: 'Arpeggio for Testing',
          work_artist: 'Ottoline Vantablack',
          perf_title: 'Arpeggio for Testing (sine version)',
          perf_artist: 'The Sine Wave Quartet',
          release_year: '2026',
          work_id: 'W_900',
          perf_id: 'P_901',
          instrumental: 'Yes',
        },
      },
    }),
  )
  const frames = Math.floor(SECONDS * FRAME_RATE)
  const hpcp = new Float32Array(frames * 12).fill(0.05)
  for (let t = 0; t < frames; t++) hpcp[t * 12 + BINS[Math.min(3, Math.floor((t / frames) * 4))]!] = 1
  await writeH5(join(root, `${name}_hpcp`, 'W_900_hpcp', 'P_901_hpcp.h5'), {
    datasets: { hpcp: { data: hpcp, shape: [frames, 12] } },
    attrs: { label: 'W_900', track_id: 'P_901' },
  })
  mkdirSync(join(root, `${name}_audio`, 'W_900'), { recursive: true })
  writeFileSync(join(root, `${name}_audio`, 'W_900', 'P_901.wav'), wavTones(SECONDS, TONES, [0.25, 0.6, 0.9, 0.4]))
  return root
}

async function indexFolder(page: Page, dir: string): Promise<void> {
  await page.getByRole('link', { name: 'Datasets' }).click()
  await page.getByLabel('Folder path on the server').fill(dir)
  await page.getByRole('button', { name: 'Add dataset folder' }).click()
  await expect(page.getByTestId('index-summary')).toBeVisible()
  await expect(page.getByTestId('summary-failed')).toHaveText('0')
}

const playerTime = async (page: Page) => Number(await page.getByTestId('audio-player').getAttribute('data-time'))
const cursorX = async (page: Page) => Number(await page.getByTestId('chroma-cursor').getAttribute('data-x'))

test('play a performance: waveform above the chromagram, one moving cursor, seek by clicking either, Space pauses', async ({ page }) => {
  const dir = await makeDataset()
  await openApp(page)
  await indexFolder(page, dir)
  await page.evaluate(() => (window.location.hash = '#/performance/tones/P_901'))
  await expect(page.getByTestId('performance-title')).toHaveText('Arpeggio for Testing (sine version)')

  const player = page.getByTestId('audio-player')
  await expect(player).toHaveAttribute('data-state', 'ready')
  await expect(page.getByTestId('chromagram-canvas')).toHaveAttribute('data-state', 'ready')
  await expect(page.getByTestId('audio-time')).toContainText(`/ 00:0${SECONDS}.0`)
  // The waveform sits above the chromagram, over the same horizontal span.
  const wave = (await page.getByTestId('waveform').boundingBox())!
  const chroma = (await page.getByTestId('chromagram-canvas').boundingBox())!
  expect(wave.y + wave.height).toBeLessThan(chroma.y)
  expect(Math.abs(wave.x - (chroma.x + 40))).toBeLessThan(2)
  expect(Math.abs(wave.x + wave.width - (chroma.x + chroma.width - 10))).toBeLessThan(2)

  const x0 = await cursorX(page)
  expect(Math.abs(x0 - 40)).toBeLessThan(1)
  await page.getByTestId('play-pause').click()
  await expect(player).toHaveAttribute('data-playing', 'true')
  await expect.poll(() => playerTime(page), { timeout: 10_000, intervals: [100] }).toBeGreaterThan(0.8)
  await expect.poll(() => cursorX(page)).toBeGreaterThan(x0 + 20)
  await page.screenshot({ path: 'test-results/audio-playing.png', fullPage: true })

  // Space pauses (focus is on the Play button, which Space presses; the time then stands still).
  await page.keyboard.press('Space')
  await expect(player).toHaveAttribute('data-playing', 'false')
  const stopped = await playerTime(page)
  await page.waitForTimeout(400)
  expect(await playerTime(page)).toBeCloseTo(stopped, 2)

  // Space on the page (not on a button) plays again, and again pauses.
  await page.getByTestId('performance-title').click()
  await page.keyboard.press('Space')
  await expect(player).toHaveAttribute('data-playing', 'true')
  await page.keyboard.press('Space')
  await expect(player).toHaveAttribute('data-playing', 'false')

  // A click on the chromagram seeks: three quarters of the way through the plot.
  const plotW = chroma.width - 50
  await page.mouse.click(chroma.x + 40 + plotW * 0.75, chroma.y + 100)
  await expect.poll(() => playerTime(page)).toBeCloseTo(SECONDS * 0.75, 0)
  await expect.poll(() => cursorX(page)).toBeCloseTo(40 + plotW * 0.75, -1)
  await expect(page.getByTestId('audio-time')).toContainText('00:04.5')

  // A click on the waveform seeks too, and the chromagram's cursor follows.
  await page.mouse.click(wave.x + wave.width * 0.25, wave.y + wave.height / 2)
  await expect.poll(() => playerTime(page)).toBeCloseTo(SECONDS * 0.25, 0)
  await expect.poll(() => cursorX(page)).toBeCloseTo(40 + plotW * 0.25, -1)

  // Zoomed in, the waveform shows the chromagram's range, and playback keeps the cursor in view.
  await page.getByRole('button', { name: 'Zoom in' }).click()
  await page.getByRole('button', { name: 'Zoom in' }).click()
  await page.getByRole('button', { name: 'Zoom in' }).click()
  await expect(page.getByTestId('chroma-view')).toContainText('×3.4')
  const zoomedView = await page.getByTestId('chroma-view').textContent()
  // The waveform shows the chromagram's range: "00:02.1 – 00:03.9 · ×3.4".
  const [from, to] = zoomedView!.split(' · ')[0]!.split(' – ').map((t) => Number(t.split(':')[0]) * 60 + Number(t.split(':')[1]))
  const waveform = page.getByTestId('waveform')
  await expect.poll(async () => Number(await waveform.getAttribute('data-visible-start'))).toBeCloseTo(from!, 1)
  await expect.poll(async () => Number(await waveform.getAttribute('data-visible-end'))).toBeCloseTo(to!, 1)
  await page.getByTestId('play-pause').click()
  await expect.poll(() => playerTime(page), { timeout: 10_000, intervals: [100] }).toBeGreaterThan(3.4)
  await page.getByTestId('play-pause').click()
  await expect(player).toHaveAttribute('data-playing', 'false')
  // The view turned its page to follow the cursor, which is on the plot.
  await expect(page.getByTestId('chroma-view')).not.toHaveText(zoomedView!)
  await expect(page.getByTestId('chroma-cursor')).toBeVisible()
  const x = await cursorX(page)
  expect(x).toBeGreaterThan(40)
  expect(x).toBeLessThan(40 + plotW)
  await page.screenshot({ path: 'test-results/audio-zoomed.png', fullPage: true })
})

test('a performance without audio shows no waveform', async ({ page }) => {
  await openApp(page, '#/performance/coveranalysis/P_547131')
  await expect(page.getByTestId('chromagram-canvas')).toHaveAttribute('data-state', 'ready')
  await expect(page.getByTestId('audio-player')).toHaveCount(0)
  await expect(page.getByTestId('chroma-cursor')).toHaveCount(0)
})

// The demo library of real music (resources/demo, built by scripts/demo) is in the default library when present.
const DEMO = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'demo')

function demoPerformance(): { dataset: string; perfId: string } | null {
  if (!existsSync(DEMO)) return null
  const metadata = readdirSync(DEMO).find((name) => /_metadata\.json$/.test(name))
  if (!metadata || !existsSync(join(DEMO, metadata.replace(/_metadata\.json$/, '_audio')))) return null
  const works = JSON.parse(readFileSync(join(DEMO, metadata), 'utf8')) as Record<string, Record<string, unknown>>
  for (const performances of Object.values(works)) {
    for (const perfId of Object.keys(performances)) {
      return { dataset: metadata.replace(/^(da-tacos_)?(.+?)(_subset)?_metadata\.json$/, '$2'), perfId }
    }
  }
  return null
}

test('a demo performance plays, its cursor moving over the chromagram', async ({ page }) => {
  // The demo library is committed and part of the embedded default library.
  const demo = demoPerformance()
  expect(demo, 'resources/demo holds a performance with audio').not.toBeNull()
  await openApp(page, `#/performance/${encodeURIComponent(demo!.dataset)}/${demo!.perfId}`)
  await expect(page.getByTestId('performance-title')).not.toBeEmpty()
  const player = page.getByTestId('audio-player')
  await expect(player).toHaveAttribute('data-state', 'ready', { timeout: 30_000 })
  await expect(page.getByTestId('chromagram-canvas')).toHaveAttribute('data-state', 'ready')
  const x0 = await cursorX(page)
  await page.getByTestId('play-pause').click()
  await expect.poll(() => playerTime(page), { timeout: 10_000, intervals: [100] }).toBeGreaterThan(1)
  await expect.poll(() => cursorX(page)).toBeGreaterThan(x0 + 5)
  await page.screenshot({ path: 'test-results/audio-demo.png', fullPage: true })
  await page.keyboard.press('Space')
  await expect(player).toHaveAttribute('data-playing', 'false')
})

// Plain Playwright here: the browser logs the 404 of the missing file, which is the point.
baseTest('an audio file gone since indexing: a readable error, and the chromagram still works', async ({ page }) => {
  const dir = await makeDataset('tonesgone')
  await openApp(page)
  await indexFolder(page, dir)
  rmSync(join(dir, 'tonesgone_audio', 'W_900', 'P_901.wav'))
  await page.evaluate(() => (window.location.hash = '#/performance/tonesgone/P_901'))
  const player = page.getByTestId('audio-player')
  await expect(player).toHaveAttribute('data-state', 'error')
  await expect(player.getByRole('alert')).toContainText('Could not load the audio')
  await expect(player.getByRole('alert')).toContainText('gone or unreadable')
  await expect(player.getByRole('alert')).not.toContainText('token')
  await expect(page.getByTestId('play-pause')).toBeDisabled()
  await expect(page.getByTestId('chromagram-canvas')).toHaveAttribute('data-state', 'ready')
})
