// The window's one jobs store (state/jobs.ts) and how views read it: each through a selector, so
// a view re-renders only when the slice it reads changes (a scoring job's progress wakes the views
// that show that job, not the Compare view or another job's page).
import { useCallback, useMemo, useSyncExternalStore } from 'react'
import { api } from '../api'
import { newestRunningJob } from './jobReducer'
import { createJobs, runningScoreJob, scoreJobsNewestFirst, type JobsState, type ScoreJob } from './jobs'
import { sameItems } from './smallStore'

export const jobs = createJobs(api)

/**
 * The slice `selector` reads, re-rendering when it changes (by `isEqual`). Pass a stable
 * selector (module-level or memoised): a new one each render subscribes anew each render.
 */
export function useJobs<T>(selector: (state: JobsState) => T, isEqual?: (a: T, b: T) => boolean): T {
  const selection = useMemo(() => jobs.store.select(selector, isEqual), [selector, isEqual])
  return useSyncExternalStore(selection.subscribe, selection.get)
}

const selectRunningIndex = (s: JobsState) => newestRunningJob(s.index.jobs)
const selectRunningImport = (s: JobsState) => newestRunningJob(s.import.jobs)

const selectIndexing = (s: JobsState) => newestRunningJob(s.index.jobs) !== null

export const useRunningIndexJob = () => useJobs(selectRunningIndex)
/** Whether an indexing runs: a view that says only that is not woken by its progress. */
export const useIndexing = (): boolean => useJobs(selectIndexing)
export const useRunningImportJob = () => useJobs(selectRunningImport)
export const useRunningScoreJob = () => useJobs(runningScoreJob)

export const useScoreJobList = (): ScoreJob[] => useJobs(scoreJobsNewestFirst, sameItems)

export function useScoreJob(jobId: string): ScoreJob | undefined {
  const select = useCallback((s: JobsState) => s.score.jobs[jobId], [jobId])
  return useJobs(select)
}
