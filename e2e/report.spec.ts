// The HTML benchmark card in Chromium, as a reader opens the file: a job scored by the real
// backend (web mode) on a few demo works, its report written through 'report.write', then opened
// from disk with nothing else reachable: it loads no resource of any kind, logs no error, and
// shows its four plots and its metrics.
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { demoSubset } from '../test/helpers/demo-subset'
import { apiCall, expect, scratchDir, test } from './helpers'

/** A call to the backend's API, as the workstation's Export menu makes it. */
test('a job\'s HTML report opens offline with its plots and metrics, and loads nothing', async ({ page }) => {
  const dir = scratchDir('reportcard')
  const subset = demoSubset(dir, 'reportcard', { works: 3, singles: 2 })
  const { jobId } = await apiCall<{ jobId: string }>('score.start', { source: subset.folder, params: { method: 'qmax' }, workers: 2 })
  let job = { status: 'running', evaluation: null as { map: number } | null }
  // Asked for the moment the job says done, as a script would: a done job is an evaluated one.
  await expect.poll(async () => (job = await apiCall('score.job', { jobId })).status, { timeout: 180_000 }).toBe('done')
  expect(job.evaluation).not.toBeNull()
  const written = await apiCall<{ path: string }>('report.write', { source: jobId, format: 'html', out: join(dir, 'card.html') })

  const requests: string[] = []
  page.on('request', (request) => requests.push(request.url()))
  await page.goto(pathToFileURL(written.path).href)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('qmax hpcp ↓10 on reportcard')
  const plots = page.locator('figure svg')
  await expect(plots).toHaveCount(4)
  for (const svg of await plots.all()) {
    const box = await svg.boundingBox()
    expect(box!.width).toBeGreaterThan(150)
    expect(box!.height).toBeGreaterThan(150)
  }
  // The distance distributions and the MAP bars are drawn, not just laid out.
  const bars = await page.locator('figure svg .mark-rect path').evaluateAll((paths) => paths.filter((p) => p.getBoundingClientRect().height > 1).length)
  expect(bars).toBeGreaterThan(5)
  await expect(page.getByRole('row', { name: /^MAP / })).toContainText(job.evaluation!.map.toFixed(3))
  await expect(page.locator('#clusters')).toContainText('Agreement with the known works')
  expect(requests).toEqual([pathToFileURL(written.path).href])
  await page.screenshot({ path: 'test-results/report-card.png', fullPage: true })
})
