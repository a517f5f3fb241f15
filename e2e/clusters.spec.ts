// The Clusters page against the real backend: a Qmax job on three demo works and three unrelated
// tracks, its clusters opened from the job page, drawn (sigma's WebGL canvas, read back as pixels)
// and listed with their sizes and works; a cluster picked in the list and its node clicked in the
// graph opens the performance, an edge opens Compare on that pair; the threshold and the method
// cluster it again; the HTML report downloaded from the Export menu; a dataset's ground truth
// downloaded from the Datasets page. And, for `npm run bench` only, the graph's frame rate while
// panning and zooming a synthetic library (#/bench/graph).
import { readFileSync, writeFileSync } from 'node:fs'
import type { Locator, Page } from '@playwright/test'
import { demoSubset } from '../test/helpers/demo-subset'
import { apiCall, expect, go, openApp, scratchDir, test } from './helpers'

interface Clusters {
  items: { perfId: string; workId: string | null }[]
  clusters: { id: number; size: number; members: number[]; medoid: number; works: string[] }[]
}

/** The graph laid out and drawn at least once. */
async function graphReady(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(() => window.__refrainClusters?.settled === true && window.__refrainClusters.renders > 0, null, { timeout, polling: 250 })
}

/** How many pixels of the element differ from its corner's colour, and how many of them are strongly coloured. */
async function pixels(page: Page, element: Locator): Promise<{ differing: number; coloured: number }> {
  const png = (await element.screenshot()).toString('base64')
  return page.evaluate(async (data) => {
    // An <img> may load a data: URL under the page's CSP (fetch may not).
    const image = new Image()
    image.src = `data:image/png;base64,${data}`
    await image.decode()
    const canvas = new OffscreenCanvas(image.width, image.height)
    const ctx = canvas.getContext('2d')!
    ctx.drawImage(image, 0, 0)
    const d = ctx.getImageData(0, 0, image.width, image.height).data
    let differing = 0
    let coloured = 0
    for (let i = 0; i < d.length; i += 4) {
      if (Math.abs(d[i] - d[0]) + Math.abs(d[i + 1] - d[1]) + Math.abs(d[i + 2] - d[2]) > 30) differing++
      if (Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 60) coloured++
    }
    return { differing, coloured }
  }, png)
}

test('a job’s clusters: drawn and listed, a node and an edge opened, threshold and method changed, reports downloaded', async ({ page }) => {
  test.setTimeout(300_000)
  const subset = demoSubset(scratchDir('clustmini'), 'clustmini', { works: 3, singles: 3 })
  const n = subset.works.size
  const { jobId } = await apiCall<{ jobId: string }>('score.start', { source: subset.folder, params: { method: 'qmax' }, workers: 2 })
  await expect.poll(async () => (await apiCall<{ status: string }>('score.job', { jobId })).status, { timeout: 180_000 }).toBe('done')
  const expected = await apiCall<{ clusters: Clusters }>('clusters.graph', { jobId })

  // From the job page.
  await openApp(page, `#/batch/${jobId}`)
  await expect(page.getByTestId('batch-job')).toHaveAttribute('data-state', 'done')
  await page.getByTestId('batch-clusters').click()
  await expect(page).toHaveURL(new RegExp(`#/batch/${jobId}/clusters$`))
  await graphReady(page)
  const stage = page.getByTestId('cluster-graph')
  await expect(stage.locator('canvas').first()).toBeVisible()
  // Drawn, not blank: the nodes in their clusters' colours on the white stage.
  const drawn = await pixels(page, stage)
  expect(drawn.differing).toBeGreaterThan(300)
  expect(drawn.coloured).toBeGreaterThan(100)

  // The list: every cluster with its size and works, as the backend made them; agreement above it.
  const { clusters, items } = expected.clusters
  await expect(page.getByTestId('cluster-count')).toHaveText(String(clusters.length))
  await expect(page.getByTestId('cluster-agreement')).toContainText('ARI')
  await expect(page.getByTestId('cluster-agreement')).toContainText('B-cubed F1')
  const headers = page.locator('[data-kind="cluster"]')
  await expect(headers).toHaveCount(clusters.length)
  expect(await headers.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-size'))))).toEqual(clusters.map((c) => c.size))
  const largest = clusters[0]
  expect(largest.size).toBe(5)
  await expect(headers.first()).toContainText('5 performances')
  await expect(headers.first()).toContainText(largest.works[0])
  await expect(page.locator('[data-kind="member"]')).toHaveCount(n)

  // A cluster picked in the list is highlighted; one of its nodes opens that performance.
  await page.getByRole('option', { name: /^Cluster 1,/ }).click()
  await expect(headers.first()).toHaveClass(/picked/)
  await expect(page.locator('.cl-member.picked')).toHaveCount(largest.size)
  const highlighted = await pixels(page, stage)
  expect(highlighted.differing).not.toBe(drawn.differing)
  // Escape lets go of it.
  await page.getByTestId('cluster-list').press('Escape')
  await expect(page.locator('.picked')).toHaveCount(0)
  await page.getByRole('option', { name: /^Cluster 1,/ }).click()
  // Of its members, the node farthest from any other, so that no other node lies under the click.
  const points = await page.evaluate((count) => Array.from({ length: count }, (_, i) => window.__refrainClusters!.nodePoint(i)), n)
  const clearance = (i: number) => Math.min(...points.filter((_, j) => j !== i).map((p) => Math.hypot(p.x - points[i].x, p.y - points[i].y)))
  const member = expected.clusters.clusters[0].members.reduce((best, i) => (clearance(i) > clearance(best) ? i : best))
  expect(clearance(member)).toBeGreaterThan(8)
  await page.mouse.move(points[member].x, points[member].y)
  await expect(page.getByTestId('cluster-graph-status')).toContainText(' — ')
  await page.mouse.click(points[member].x, points[member].y)
  await expect(page).toHaveURL(new RegExp(`#/performance/clustmini/${items[member].perfId}$`))
  await expect(page.getByTestId('performance-title')).toBeVisible()

  // An edge opens Compare on its pair.
  await page.goBack()
  await graphReady(page)
  const edge = await page.evaluate(() => window.__refrainClusters!.edgePoint())
  expect(edge).not.toBeNull()
  await page.mouse.click(edge!.at.x, edge!.at.y)
  await expect(page).toHaveURL(new RegExp(`#/compare/clustmini/${items[edge!.from].perfId}/clustmini/${items[edge!.to].perfId}`))
  await page.goBack()
  await graphReady(page)

  // The keyboard: down to the first member (the medoid), Enter opens it.
  await page.getByTestId('cluster-list').focus()
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(new RegExp(`#/performance/clustmini/${items[largest.medoid].perfId}$`))
  await page.goBack()
  await graphReady(page)

  // Threshold 0 links nothing: every performance alone. Not a distance: said, and nothing asked.
  const threshold = page.getByTestId('cluster-threshold')
  await threshold.fill('abc')
  await expect(page.getByRole('alert')).toContainText('is not a distance')
  await threshold.fill('0')
  await expect(page.getByTestId('cluster-count')).toHaveText(String(n))
  await expect(page).toHaveURL(/clusters\?threshold=0$/)
  await graphReady(page)

  // The method: connected components at the calibrated threshold, as the backend makes them.
  await threshold.fill('')
  await page.getByTestId('cluster-method').selectOption('components')
  const components = await apiCall<{ clusters: Clusters }>('clusters.graph', { jobId, method: 'components' })
  await expect(page).toHaveURL(/clusters\?method=components$/)
  await expect(page.getByTestId('cluster-count')).toHaveText(String(components.clusters.clusters.length))
  await expect(headers).toHaveCount(components.clusters.clusters.length)

  // The HTML report from the Export menu: a download of an HTML file with its plots as SVG.
  await page.getByTestId('clusters-export').locator('summary').click()
  const downloading = page.waitForEvent('download')
  await page.getByTestId('clusters-export-html').click()
  const report = await downloading
  expect(report.suggestedFilename()).toBe(`${jobId.slice(0, 8)}-report.html`)
  const html = readFileSync((await report.path())!, 'utf8')
  expect(html).toMatch(/^<!doctype html>/i)
  expect(html).toContain('<svg')
  await expect(page.getByTestId('clusters-export-written')).toContainText(`${jobId.slice(0, 8)}-report.html`)

  // A dataset's ground truth from the Datasets page: the seed's cover_relationships.txt.
  await go(page, '#/datasets')
  const menu = page.getByTestId('dataset-export-clustmini')
  await menu.locator('summary').click()
  const truth = page.waitForEvent('download')
  await page.getByTestId('dataset-export-clustmini-txt').click()
  const txt = await truth
  expect(txt.suggestedFilename()).toBe('cover_relationships.txt')
  const text = readFileSync((await txt.path())!, 'utf8')
  // One block per work: three of five versions, three single tracks.
  expect(text.match(/^Original Work: /gm)).toHaveLength(new Set(subset.works.values()).size)
  expect(text.match(/^Number of covers: 5$/gm)).toHaveLength(3)
})

test('a large graph pans and zooms as a picture of its last frame, and lands where the gesture put it', async ({ page }) => {
  // A small graph with the large graph's motion preview forced on: the same code, quick to draw.
  await openApp(page, '#/bench/graph?nodes=300&preview=1')
  await graphReady(page)
  // The node farthest from any other, so that a click on it can only mean it.
  const clear = await page.evaluate(() => {
    const g = window.__refrainClusters!
    const points = Array.from({ length: g.nodes }, (_, i) => g.nodePoint(i))
    const gap = (i: number) => Math.min(...points.map((q, j) => (j === i ? Infinity : Math.hypot(q.x - points[i].x, q.y - points[i].y))))
    return points.map((_, i) => i).reduce((best, i) => (gap(i) > gap(best) ? i : best), 0)
  })
  const other = clear === 7 ? 8 : 7
  const hook = () =>
    page.evaluate(([a, b]) => ({ pa: window.__refrainClusters!.nodePoint(a), pb: window.__refrainClusters!.nodePoint(b) }), [clear, other])
  const drawnWhereLeft = () => page.waitForFunction(() => window.__refrainClusters!.motionIdle)
  const canvasLeft = () => page.getByTestId('cluster-graph').locator('canvas').first().evaluate((c) => c.getBoundingClientRect().left)
  const start = await hook()
  const left = await canvasLeft()

  // Pointing at a node names it, with no frame from sigma (its hover would redraw the whole graph).
  const rendersBefore = await page.evaluate(() => window.__refrainClusters!.renders)
  await page.mouse.move(start.pa.x, start.pa.y)
  await expect(page.getByTestId('cluster-graph-status')).toHaveText(new RegExp(`^Performance ${clear + 1} — `))
  await page.mouse.move(start.pa.x + 40, start.pa.y + 40)
  await page.mouse.move(start.pa.x, start.pa.y)
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
  expect(await page.evaluate(() => window.__refrainClusters!.renders)).toBe(rendersBefore)

  // A drag that starts on a node: the picture follows the pointer before anything is redrawn...
  await page.mouse.move(start.pa.x, start.pa.y)
  await page.mouse.down()
  for (let k = 1; k <= 6; k++) await page.mouse.move(start.pa.x + 20 * k, start.pa.y + 10 * k)
  await expect.poll(canvasLeft).toBeCloseTo(left + 120, 0)
  await page.mouse.up()
  // ...then the view is redrawn there, and the release opened nothing.
  await drawnWhereLeft()
  const panned = await hook()
  expect(panned.pa.x).toBeCloseTo(start.pa.x + 120, 0)
  expect(panned.pa.y).toBeCloseTo(start.pa.y + 60, 0)
  await expect.poll(canvasLeft).toBeCloseTo(left, 0)
  await expect(page.getByTestId('bench-clicked')).toHaveText('')

  // A click without a drag still opens the node.
  await page.mouse.click(panned.pa.x, panned.pa.y)
  await expect(page.getByTestId('bench-clicked')).toHaveText(new RegExp(`^Would open Performance ${clear + 1} — `))

  // A drag that comes back to where it began leaves the view as it was, the picture unmoved.
  await page.mouse.move(panned.pb.x + 5, panned.pb.y + 5)
  await page.mouse.down()
  await page.mouse.move(panned.pb.x + 65, panned.pb.y + 35)
  await page.mouse.move(panned.pb.x + 5, panned.pb.y + 5)
  await page.mouse.up()
  await drawnWhereLeft()
  expect(await hook()).toEqual(panned)
  await expect.poll(canvasLeft).toBeCloseTo(left, 0)

  // One wheel notch in keeps the point under the pointer in place and spreads the rest 1.7 times.
  await page.mouse.move(panned.pb.x, panned.pb.y)
  await page.mouse.wheel(0, -100)
  await drawnWhereLeft()
  const zoomed = await hook()
  // Within a pixel and a half: the pointer sits on whole pixels, the nodes do not.
  const near = (value: number, expected: number) => expect(Math.abs(value - expected)).toBeLessThan(1.5)
  near(zoomed.pb.x, panned.pb.x)
  near(zoomed.pb.y, panned.pb.y)
  near(zoomed.pa.x - zoomed.pb.x, 1.7 * (panned.pa.x - panned.pb.x))
  near(zoomed.pa.y - zoomed.pb.y, 1.7 * (panned.pa.y - panned.pb.y))

  // A click on an edge opens its pair, found on the CPU (sigma's picking frame has no edges here).
  // Clear of the nodes' own reach (7 px dots here, and sigma's picking margin around them); long
  // after the node's click, which sigma would otherwise take this one's partner in a double click.
  const edge = (await page.evaluate(() => window.__refrainClusters!.edgePoint(16)))!
  await page.mouse.click(edge.at.x, edge.at.y)
  await expect(page.getByTestId('bench-clicked')).toHaveText(new RegExp(`^Would open Performance ${edge.from + 1} — .* and Performance ${edge.to + 1} — `))
})

// A measurement, not a check: `npm run bench` runs it (REFRAIN_GRAPH_BENCH_OUT names the JSON to write).
const BENCH_OUT = process.env.REFRAIN_GRAPH_BENCH_OUT
const BENCH_NODES = Number(process.env.REFRAIN_GRAPH_BENCH_NODES ?? 15_000)
// '1' or '0' forces the motion preview on or off; unset, the graph's own choice.
const BENCH_PREVIEW = process.env.REFRAIN_GRAPH_BENCH_PREVIEW

test('graph bench: frames per second while panning and zooming a synthetic clustered library', async ({ page }) => {
  test.skip(!BENCH_OUT, 'a bench: npm run bench runs it')
  // Software WebGL (SwiftShader) on a shared 2-core machine draws a 15,000-node frame in about a second.
  test.setTimeout(600_000)
  const started = Date.now()
  await openApp(page, `#/bench/graph?nodes=${BENCH_NODES}${BENCH_PREVIEW ? `&preview=${BENCH_PREVIEW}` : ''}`)
  await page.waitForFunction(() => window.__refrainClusters !== undefined, null, { timeout: 120_000 })
  const shownMs = Date.now() - started
  await expect(page.getByTestId('bench-counts')).toContainText(`${BENCH_NODES.toLocaleString('en-US')} synthetic performances`)
  await graphReady(page, 300_000)
  const box = (await page.getByTestId('cluster-graph').boundingBox())!
  const cx = box.x + box.width / 2
  const cy = box.y + box.height / 2

  /** Frames the page shows (requestAnimationFrame) and sigma draws while `act` runs. */
  const measure = async (act: () => Promise<void>) => {
    await page.evaluate(() => {
      const w = window as unknown as { __frames: number[]; __sampling: boolean; __rendersAt: number }
      w.__frames = []
      w.__sampling = true
      w.__rendersAt = window.__refrainClusters!.renders
      const tick = (t: number) => {
        w.__frames.push(t)
        if (w.__sampling) requestAnimationFrame(tick)
      }
      requestAnimationFrame(tick)
    })
    await act()
    return page.evaluate(() => {
      const w = window as unknown as { __frames: number[]; __sampling: boolean; __rendersAt: number }
      w.__sampling = false
      const f = w.__frames
      const seconds = (f[f.length - 1] - f[0]) / 1000
      const gaps = f.slice(1).map((t, k) => t - f[k]).sort((a, b) => a - b)
      return {
        seconds: Number(seconds.toFixed(2)),
        fps: Number(((f.length - 1) / seconds).toFixed(1)),
        sigmaFramesPerSecond: Number(((window.__refrainClusters!.renders - w.__rendersAt) / seconds).toFixed(1)),
        // What the eye sees move: each page frame under the preview, else each frame sigma draws.
        picturesPerSecond: Number(((window.__refrainClusters!.previewsMotion ? f.length - 1 : window.__refrainClusters!.renders - w.__rendersAt) / seconds).toFixed(1)),
        p95FrameMs: Number(gaps[Math.floor(gaps.length * 0.95)].toFixed(1)),
        longestFrameMs: Number(gaps[gaps.length - 1].toFixed(1)),
      }
    })
  }
  /** Milliseconds from a gesture's end until sigma has drawn the view it ended on. */
  const redrawn = async () => {
    const ended = Date.now()
    if (!(await page.evaluate(() => window.__refrainClusters!.previewsMotion))) return null
    await page.waitForFunction(() => window.__refrainClusters!.motionIdle, null, { timeout: 60_000, polling: 20 })
    // Two frames: the one that draws, the one after it is shown.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
    return Date.now() - ended
  }
  /** The pointer at the centre and whatever its hover drew shown: the gesture is measured alone. */
  const settle = async () => {
    await page.mouse.move(cx, cy)
    for (let renders = -1; ; ) {
      const now = await page.evaluate(async () => {
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
        return window.__refrainClusters!.renders
      })
      if (now === renders) break
      renders = now
      await page.waitForTimeout(300)
    }
  }
  /** A drag along a loop around the centre from `phase` on, a move a frame. */
  const drag = async (phase: number) => {
    await page.mouse.down()
    for (let k = phase; k < phase + 30; k++) {
      await page.mouse.move(cx + 200 * Math.sin(k / 5), cy + 120 * Math.cos(k / 5))
      await page.waitForTimeout(16)
    }
    await page.mouse.up()
  }
  await settle()
  const pan = await measure(() => drag(0))
  // A second drag straight after the first's release, while its redraw is still being drawn.
  const panAgain = await measure(() => drag(10))
  const panAgainRedrawnMs = await redrawn()
  await settle()
  const zoom = await measure(async () => {
    for (let k = 0; k < 12; k++) {
      await page.mouse.wheel(0, k < 8 ? -60 : 60)
      await page.waitForTimeout(100)
    }
  })
  const zoomRedrawnMs = await redrawn()
  const result = { nodes: BENCH_NODES, preview: await page.evaluate(() => window.__refrainClusters!.previewsMotion), counts: await page.getByTestId('bench-counts').textContent(), shownMs, pan, panAgain: { ...panAgain, redrawnMs: panAgainRedrawnMs }, zoom: { ...zoom, redrawnMs: zoomRedrawnMs }, renderer: await page.evaluate(() => {
    const gl = document.createElement('canvas').getContext('webgl2')
    const info = gl?.getExtension('WEBGL_debug_renderer_info')
    return info ? String(gl!.getParameter(info.UNMASKED_RENDERER_WEBGL)) : 'unknown'
  }) }
  writeFileSync(BENCH_OUT!, JSON.stringify(result, null, 2))
  expect(pan.picturesPerSecond).toBeGreaterThan(0)
  expect(zoom.picturesPerSecond).toBeGreaterThan(0)
})
