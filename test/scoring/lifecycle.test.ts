// How a scoring job on a folder starts, stops and closes: cancelling while its folder is still
// being indexed stops the job (resumable, not failed) without recording a half-indexed dataset as
// its source, a resume finishes the indexing and scores every performance, and closing the app
// during a job waits for it to stop and leaves it resumable. A job that says done is evaluated.
import { afterAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import type { ApiEvent, ScoreJobInfo } from '../../src-main/api/contract'
import { createApp } from '../../src-main/app/app'
import { apiHarness } from '../helpers/api'
import { demoSubset } from '../helpers/demo-subset'
import { removeTempDirs, tempDir } from '../helpers/fixtures'
import { SCORE_DEFAULTS } from '../../src-main/scoring/parameters'

afterAll(() => removeTempDirs())

function doneOf(app: { onEvent: (l: (e: ApiEvent) => void) => () => void }, jobId: string): Promise<ScoreJobInfo> {
  return new Promise((resolve) => {
    const off = app.onEvent((event) => {
      if (event.type === 'score.done' && event.jobId === jobId) {
        off()
        resolve(event.job)
      }
    })
  })
}

describe('a scoring job on a folder', () => {
  it('cancelled while the folder is indexed: stopped, its source still the folder; resumed: every performance scored', async () => {
    const events: ApiEvent[] = []
    const { app } = apiHarness(events)
    try {
      // More feature files than one indexing batch (100), so the cancel lands mid-folder.
      const subset = demoSubset(tempDir(), 'bigfolder', { works: 22, singles: 30 })
      expect(subset.works.size).toBeGreaterThan(100)
      const jobId = app.scoring.startScore({ source: subset.folder, params: { method: 'dtw', ...SCORE_DEFAULTS, downsample: 40 } })
      const stopping = doneOf(app, jobId)
      expect(app.scoring.cancel(jobId)).toBe(true)
      const stopped = await stopping
      expect(stopped.status).toBe('stopped')
      expect(stopped.source).toBe(subset.folder)
      expect(stopped.messages.map((m) => m.message).join('\n')).toMatch(/stopped while indexing/)
      expect(app.scoring.job(jobId).status).toBe('stopped')

      const finishing = doneOf(app, jobId)
      app.scoring.startResume(jobId.slice(0, 8))
      const job = await finishing
      expect(job.status).toBe('done')
      expect(job.source).toBe('bigfolder')
      expect(job.queries).toBe(subset.works.size)
      expect(job.pairsDone).toBe(job.pairsTotal)
    } finally {
      await app.close()
    }
  }, 300_000)

  it('closing the app mid-job waits for the job to stop, and a new app resumes it', async () => {
    const dbPath = join(tempDir(), 'refrain.db')
    const door = { name: 'web' as const, version: '9.9.9' }
    const first = createApp({ dbPath, door })
    const subset = demoSubset(tempDir(), 'closing', { works: 3, singles: 3 })
    await first.library.index([subset.folder])
    const jobId = first.scoring.startScore({ source: 'closing', workers: 1, params: { method: 'dtw', ...SCORE_DEFAULTS, downsample: 2 } })
    await new Promise<void>((resolve) => {
      const off = first.onEvent((event) => {
        if (event.type === 'score.progress' && event.progress.pairsDone > 0) {
          off()
          resolve()
        }
      })
    })
    const ended: string[] = []
    first.onEvent((event) => {
      if (event.type === 'score.done') ended.push(event.job.status)
    })
    await first.close()
    // close() resolved only after the job had stopped and said so.
    expect(ended).toEqual(['stopped'])

    const second = createApp({ dbPath, door })
    try {
      const before = second.scoring.job(jobId)
      expect(before.status).toBe('stopped')
      expect(before.pairsDone).toBeLessThan(before.pairsTotal)
      const after = await second.scoring.resume(jobId, 2)
      expect(after.status).toBe('done')
      expect(after.pairsDone).toBe(after.pairsTotal)
    } finally {
      await second.close()
    }
  }, 300_000)

  it('says done only once its evaluation is saved, so a report asked for then has its plots', async () => {
    const { app } = apiHarness([])
    try {
      const subset = demoSubset(tempDir(), 'evaluated', { works: 3, singles: 1 })
      const jobId = app.scoring.startScore({ source: subset.folder, workers: 1, params: { method: 'dtw', ...SCORE_DEFAULTS, downsample: 20 } })
      // Looked at every few milliseconds, as a client polling for "done" would.
      let job = app.scoring.job(jobId)
      while (job.status !== 'done') {
        expect(job.status).not.toBe('failed')
        await new Promise((resolve) => setTimeout(resolve, 2))
        job = app.scoring.job(jobId)
      }
      expect(job.evaluation?.map).toBeGreaterThan(0)
      expect(job.evaluation?.histogram).toBeDefined()
    } finally {
      await app.close()
    }
  }, 300_000)
})
