import { hrefFor, perfHref, type CompareOptions, type PerfRef } from '../router'

export function ComparePage({ a, b }: { a: PerfRef; b: PerfRef } & CompareOptions) {
  return (
    <div className="page compare-page">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <a href={hrefFor({ name: 'library', q: '', dataset: '' })}>Library</a> <span aria-hidden="true">›</span> Compare
      </nav>
      <header className="page-header">
        <h1>
          Compare <a href={perfHref(a.dataset, a.perfId)}>{a.perfId}</a> with <a href={perfHref(b.dataset, b.perfId)}>{b.perfId}</a>
        </h1>
      </header>
    </div>
  )
}
