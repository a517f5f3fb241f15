// Every page but the Library loads on demand: the first paint then parses only what the Library
// needs (the plotting, graph and audio libraries are most of the bundle). A second after the window
// is up, `preloadPages` fetches the rest while the machine is idle, so a later navigation does not
// wait. (At once would compete with the Library's own first requests: the browser is "idle" while
// it waits for them.)
import { lazy, type ComponentType } from 'react'

const loaders = {
  WorkPage: () => import('./WorkPage'),
  PerformancePage: () => import('./PerformancePage'),
  ComparePage: () => import('./ComparePage'),
  DatasetsPage: () => import('./DatasetsPage'),
  ImportPage: () => import('./ImportPage'),
  BatchPage: () => import('./BatchPage'),
  BatchJobPage: () => import('./BatchJobPage'),
  ClustersPage: () => import('./ClustersPage'),
  ModelsPage: () => import('./ModelsPage'),
  HelpPage: () => import('./HelpPage'),
  GraphBenchPage: () => import('../components/clusters/GraphBench'),
}

type Loaders = typeof loaders
type PageName = keyof Loaders
type PageOf<N extends PageName> = Awaited<ReturnType<Loaders[N]>>[N & keyof Awaited<ReturnType<Loaders[N]>>]

function page<N extends PageName>(name: N) {
  return lazy(async () => ({ default: (await loaders[name]())[name as never] as ComponentType<unknown> })) as unknown as PageOf<N>
}

export const WorkPage = page('WorkPage')
export const PerformancePage = page('PerformancePage')
export const ComparePage = page('ComparePage')
export const DatasetsPage = page('DatasetsPage')
export const ImportPage = page('ImportPage')
export const BatchPage = page('BatchPage')
export const BatchJobPage = page('BatchJobPage')
export const ClustersPage = page('ClustersPage')
export const ModelsPage = page('ModelsPage')
export const HelpPage = page('HelpPage')
export const GraphBenchPage = page('GraphBenchPage')

const PRELOAD_AFTER_MS = 1000

/**
 * Loads the pages one idle period at a time (the browser caches each module once loaded), then
 * marks the document `data-pages="loaded"`: from there on no navigation waits for code.
 */
export function preloadPages(): () => void {
  const queue = Object.values(loaders)
  let idle = 0
  const next = () => {
    const load = queue.shift()
    if (load) void load().finally(() => (idle = requestIdleCallback(next)))
    else document.documentElement.dataset.pages = 'loaded'
  }
  const timer = setTimeout(() => (idle = requestIdleCallback(next)), PRELOAD_AFTER_MS)
  return () => {
    queue.length = 0
    clearTimeout(timer)
    cancelIdleCallback(idle)
  }
}
