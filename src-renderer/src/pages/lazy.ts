// Every page but the Library loads on demand: the first paint then parses only what the Library
// needs (the plotting, graph and audio libraries are most of the bundle). A second after the window
// is up, `preloadPages` fetches the rest while the machine is idle, so a later navigation does not
// wait. (At once would compete with the Library's own first requests: the browser is "idle" while
// it waits for them.)
import { createElement, type ComponentType } from 'react'

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

const loaded = new Map<PageName, ComponentType<object>>()
const loading = new Map<PageName, Promise<void>>()
const failed = new Map<PageName, unknown>()

function load(name: PageName): Promise<void> {
  let pending = loading.get(name)
  if (!pending) {
    pending = loaders[name]().then(
      (module) => void loaded.set(name, (module as unknown as Record<string, ComponentType<object>>)[name]),
      (error: unknown) => {
        loading.delete(name)
        failed.set(name, error)
      },
    )
    loading.set(name, pending)
  }
  return pending
}

/**
 * The page, rendered at once when its code is in. (React's own `lazy` suspends on its first render
 * even then, and React holds a revealed fallback for 300 ms.) Until then it suspends while the
 * code loads; a failed load goes to the error boundary, and the next render tries again.
 */
function page<N extends PageName>(name: N): PageOf<N> {
  const Page = (props: object) => {
    const error = failed.get(name)
    if (error !== undefined) {
      failed.delete(name)
      throw error
    }
    const component = loaded.get(name)
    if (!component) throw load(name)
    return createElement(component, props)
  }
  Page.displayName = name
  return Page as unknown as PageOf<N>
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
  const queue = Object.keys(loaders) as PageName[]
  let idle = 0
  const next = () => {
    const name = queue.shift()
    if (name) void load(name).finally(() => (idle = requestIdleCallback(next)))
    else document.documentElement.dataset.pages = 'loaded'
  }
  const timer = setTimeout(() => (idle = requestIdleCallback(next)), PRELOAD_AFTER_MS)
  return () => {
    queue.length = 0
    clearTimeout(timer)
    cancelIdleCallback(idle)
  }
}
