// The window: the top bar with the main navigation, the page the address names (each behind an
// error boundary), the status bar, and the global `/` key that goes to the search.
import { Suspense, useEffect } from 'react'
import { ErrorBoundary } from './components/common'
import { StatusBar } from './components/StatusBar'
import { BatchJobPage, BatchPage, ClustersPage, ComparePage, DatasetsPage, GraphBenchPage, HelpPage, ImportPage, ModelsPage, PerformancePage, preloadPages, WorkPage } from './pages/lazy'
import { LibraryPage, requestSearchFocus } from './pages/LibraryPage'
import { hrefFor, navigate, useRoute, type Route } from './router'

function focusSearch(): boolean {
  const el = document.querySelector<HTMLInputElement>('input[aria-label="Search artist or title"]')
  if (!el) return false
  el.focus()
  el.select()
  return true
}

function Page({ route, seq }: { route: Route; seq: number }) {
  switch (route.name) {
    case 'library':
      return <LibraryPage key={seq} initialQ={route.q} initialDataset={route.dataset} initialFeatures={route.features} />
    case 'work':
      return <WorkPage key={`${route.dataset}/${route.workId}`} dataset={route.dataset} workId={route.workId} initialPicked={route.picked} />
    case 'performance':
      return <PerformancePage dataset={route.dataset} perfId={route.perfId} />
    case 'compare':
      return <ComparePage {...route} />
    case 'datasets':
      return <DatasetsPage />
    case 'import':
      return <ImportPage />
    case 'batch':
      return <BatchPage />
    case 'models':
      return <ModelsPage />
    case 'help':
      return <HelpPage topic={route.topic} />
    case 'batch-job':
      return <BatchJobPage jobId={route.jobId} {...(route.query ? { query: route.query } : {})} />
    case 'clusters':
      return <ClustersPage key={hrefFor(route)} jobId={route.jobId} threshold={route.threshold} method={route.method} />
    case 'graph-bench':
      return <GraphBenchPage nodes={route.nodes} preview={route.preview} />
    case 'not-found':
      return (
        <div className="page">
          <div className="state state-error" role="alert">
            No page at “#{route.hash}”. <a href="#/">Go to the library</a>.
          </div>
        </div>
      )
  }
}

export function App() {
  const { route, seq } = useRoute()

  useEffect(() => preloadPages(), [])

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return
      const t = e.target
      if (t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) return
      e.preventDefault()
      if (!focusSearch()) {
        requestSearchFocus()
        navigate(hrefFor({ name: 'library', q: '', dataset: '' }))
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  useEffect(() => {
    const titles: Record<Route['name'], string> = {
      library: 'Library',
      work: 'Work',
      performance: 'Performance',
      compare: 'Compare',
      datasets: 'Datasets',
      import: 'Import audio',
      batch: 'Batch',
      'batch-job': 'Batch job',
      models: 'Models',
      help: 'Help',
      clusters: 'Clusters',
      'graph-bench': 'Graph bench',
      'not-found': 'Not found',
    }
    document.title = `${titles[route.name]} · Refrain`
  }, [route])

  const active = route.name === 'datasets' || route.name === 'import' || route.name === 'models' || route.name === 'help' ? route.name : route.name === 'batch' || route.name === 'batch-job' || route.name === 'clusters' ? 'batch' : 'library'
  return (
    <div className="app">
      <header className="topbar">
        <a className="brand" href="#/">
          Refrain
        </a>
        <span className="tagline">cover-song identification workstation</span>
        <nav className="mainnav" aria-label="Main">
          <a href="#/" aria-current={active === 'library' ? 'page' : undefined}>
            Library
          </a>
          <a href="#/datasets" aria-current={active === 'datasets' ? 'page' : undefined}>
            Datasets
          </a>
          <a href="#/import" aria-current={active === 'import' ? 'page' : undefined}>
            Import audio
          </a>
          <a href="#/batch" aria-current={active === 'batch' ? 'page' : undefined}>
            Batch
          </a>
          <a href="#/models" aria-current={active === 'models' ? 'page' : undefined}>
            Models
          </a>
          <a href="#/help" aria-current={active === 'help' ? 'page' : undefined}>
            Help
          </a>
        </nav>
      </header>
      <main className="main">
        <ErrorBoundary resetKey={seq}>
          <Suspense fallback={<div className="page muted" aria-busy="true">Loading…</div>}>
            <Page route={route} seq={seq} />
          </Suspense>
        </ErrorBoundary>
      </main>
      <StatusBar />
    </div>
  )
}
