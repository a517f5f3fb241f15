// The API's methods, implemented once over the domain service; doors differ only in what
// they say about themselves (which door, and whether a native folder picker exists).
import { CompareService } from '../compare'
import { FRAME_RATE, readChroma } from '../dataset/features'
import { H5ReadError } from '../dataset/h5'
import { featurePath, getPerformance, getWork, listDatasets, listWorks, search } from '../index/queries'
import type { Library } from '../library/library'
import { evaluateJob } from '../scoring/evaluate-job'
import { jobInfo } from '../scoring/job-info'
import { jobResults } from '../scoring/results'
import { jobIds } from '../scoring/store'
import type { Handlers } from './dispatch'

export interface Door {
  name: 'electron' | 'web'
  version: string
  pickFolder?: () => Promise<string | null>
}

export function createHandlers(library: Library, door: Door): Handlers {
  const db = library.db
  const comparisons = new CompareService(db)
  return {
    'app.info': () => ({ version: door.version, dbPath: library.options.dbPath, door: door.name, canPickFolder: Boolean(door.pickFolder) }),
    'app.pickFolder': async () => ({ path: door.pickFolder ? await door.pickFolder() : null }),
    'library.datasets': () => ({ datasets: listDatasets(db) }),
    'library.works': (input) => listWorks(db, input),
    'library.search': (input) => search(db, input.text, input.limit, input.dataset),
    'library.work': (input) => getWork(db, input.workId, input.dataset),
    'library.performance': (input) => getPerformance(db, input.perfId, input.dataset),
    'features.chroma': async (input) => {
      const path = featurePath(db, input.perfId, input.kind, input.dataset)
      const matrix = await readChroma(path, input.kind).catch((error: Error) => {
        throw error instanceof H5ReadError ? new Error(`${path}: ${error.message}`) : error
      })
      return {
        kind: matrix.kind,
        frames: matrix.frames,
        bins: matrix.bins,
        frameRate: FRAME_RATE,
        data: Buffer.from(matrix.data.buffer, matrix.data.byteOffset, matrix.data.byteLength).toString('base64'),
        nonFinite: matrix.nonFinite,
      }
    },
    'index.start': (input) => ({ jobId: library.startIndex(input.paths) }),
    'index.cancel': (input) => ({ cancelled: library.cancel(input.jobId) }),
    'import.start': (input) => library.startImport(input),
    'import.cancel': (input) => ({ cancelled: library.cancel(input.jobId) }),
    'score.start': async (input) => ({ jobId: await library.startScore(input) }),
    'score.resume': (input) => ({ jobId: library.startResumeScore(input.jobId, input.workers) }),
    'score.cancel': (input) => ({ cancelled: library.cancel(input.jobId) }),
    'score.delete': (input) => ({ jobId: library.deleteScore(input.jobId) }),
    'score.jobs': () => ({ jobs: jobIds(db).map((id) => jobInfo(db, id)) }),
    'score.job': (input) => jobInfo(db, input.jobId),
    'score.results': (input) => jobResults(db, input.jobId, input),
    'score.evaluate': async (input) => {
      await evaluateJob(db, input.jobId)
      return jobInfo(db, input.jobId)
    },
    'similarity.compare': (input) => comparisons.compare(input),
  }
}
