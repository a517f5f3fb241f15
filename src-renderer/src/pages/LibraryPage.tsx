// The library: type-ahead search of performances and works, the works of every dataset (or one)
// in a virtual list with the feature kinds each has, a filter to those with features (any, or one
// kind), and the keys that move through them.
import { useCallback, useEffect, useRef, useState } from 'react'
import { api, useApi, useDebounced } from '../api'
import { DatasetBadge, Empty, ErrorBox, FeatureChips, Loading } from '../components/common'
import { VirtualList, type VirtualListHandle } from '../components/VirtualList'
import { describeError, type Problem } from '../errors'
import { fmtCount, fmtInt, orDash } from '../format'
import { hrefFor, navigate, parseHash, perfHref, replaceHash, workHref } from '../router'
import { useLibraryVersion } from '../state/library'
import { useIndexing } from '../state/useJobs'
import type { FeatureFilter, Output, PerformanceRow, WorkRow } from '../types'
import { useWorksPager } from '../worksPager'
import { DA_TACOS_URL } from '../../../src-shared/help/links'

const SEARCH_DEBOUNCE_MS = 150
const SEARCH_LIMIT = 200
const RESULT_ROW = 38
/** A results section never shrinks below its heading and three rows (or all its rows, if fewer). */
const sectionMinHeight = (rows: number) => 28 + Math.max(1, Math.min(rows, 3)) * RESULT_ROW

const NO_PERFORMANCES: PerformanceRow[] = []
const NO_WORKS: WorkRow[] = []

/** Set by the global `/` shortcut when it has to navigate here first. */
let focusSearchOnMount = false
export function requestSearchFocus() {
  focusSearchOnMount = true
}

interface SearchState {
  text: string
  result?: Output<'library.search'>
  error?: Problem
  loading: boolean
}

const FEATURE_FILTERS: { value: FeatureFilter | ''; label: string }[] = [
  { value: '', label: 'with or without features' },
  { value: 'any', label: 'with features' },
  ...(['hpcp', 'crema', 'cens', 'mfcc', 'madmom', 'key', 'tags'] as const).map((kind) => ({ value: kind, label: `with ${kind}` })),
]

export function LibraryPage({ initialQ, initialDataset, initialFeatures }: { initialQ: string; initialDataset: string; initialFeatures?: FeatureFilter }) {
  const libraryVersion = useLibraryVersion()
  const indexing = useIndexing()
  const [text, setText] = useState(initialQ)
  const [dataset, setDataset] = useState(initialDataset)
  const [features, setFeatures] = useState<FeatureFilter | ''>(initialFeatures ?? '')
  const query = useDebounced(text.trim(), SEARCH_DEBOUNCE_MS)
  const settled = query === text.trim()
  const inputRef = useRef<HTMLInputElement>(null)
  const worksList = useRef<VirtualListHandle>(null)
  const perfList = useRef<VirtualListHandle>(null)
  const resultWorksList = useRef<VirtualListHandle>(null)
  const pendingOpen = useRef(false)

  const datasets = useApi('library.datasets', {}, libraryVersion)
  const works = useWorksPager(dataset, query, libraryVersion, features || undefined)

  useEffect(() => {
    if (focusSearchOnMount) {
      focusSearchOnMount = false
      inputRef.current?.focus()
    }
  }, [])

  useEffect(() => {
    worksList.current?.scrollToTop()
  }, [works.queryKey])

  // library.search, re-run when the query settles or the library changes.
  const [search, setSearch] = useState<SearchState>({ text: '', loading: false })
  const searchSeq = useRef(0)
  useEffect(() => {
    const my = ++searchSeq.current
    if (!query) {
      setSearch({ text: '', loading: false })
      return
    }
    // Keep the previous results on screen (dimmed) while the new ones load: no flicker as you type.
    setSearch((s) => ({ ...s, text: query, loading: true, error: undefined }))
    api('library.search', { text: query, dataset: dataset || undefined, limit: SEARCH_LIMIT, ...(features ? { features } : {}) }).then(
      (result) => {
        if (my === searchSeq.current) setSearch({ text: query, result, loading: false })
      },
      (error: unknown) => {
        if (my === searchSeq.current)
          setSearch({ text: query, loading: false, error: describeError(error) })
      },
    )
  }, [query, dataset, features, libraryVersion])

  // Keep the search in the address (without new history entries), so Back restores it; but never
  // over the address of a result clicked while the typing delay ran (its page is on its way).
  useEffect(() => {
    if (parseHash(window.location.hash).name !== 'library') return
    replaceHash(hrefFor({ name: 'library', q: query, dataset, ...(features ? { features } : {}) }))
  }, [query, dataset, features])

  const perfs: PerformanceRow[] = search.result?.performances ?? NO_PERFORMANCES
  const resultWorks: WorkRow[] = search.result?.works ?? NO_WORKS

  const searchReady = settled && search.text === query && !search.loading

  const openFirst = useCallback(() => {
    const p = perfs[0]
    if (p) return navigate(perfHref(p.dataset, p.perfId))
    const w = resultWorks[0] ?? works.rowAt(0)
    if (w) navigate(workHref(w.dataset, w.workId))
  }, [perfs, resultWorks, works])

  useEffect(() => {
    if (pendingOpen.current && searchReady) {
      pendingOpen.current = false
      openFirst()
    }
  }, [searchReady, openFirst])

  const onSearchKey = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault()
      if (text.trim() && !searchReady) pendingOpen.current = true
      else openFirst()
    } else if (e.key === 'Escape') {
      e.preventDefault()
      if (text) setText('')
      else inputRef.current?.blur()
    } else if (e.key === 'ArrowDown') {
      e.preventDefault()
      if (perfs.length) perfList.current?.focus()
      else if (resultWorks.length) resultWorksList.current?.focus()
      else worksList.current?.focus()
    }
  }

  const backToSearch = useCallback(() => inputRef.current?.focus(), [])
  const dsList = datasets.data?.datasets ?? []
  const allWorksCount = dsList.reduce((a, d) => a + d.works, 0)
  const allPerfCount = dsList.reduce((a, d) => a + d.performances, 0)

  return (
    <div className="page library-page">
      <div className="toolbar">
        <input
          ref={inputRef}
          type="search"
          className="search-input"
          aria-label="Search artist or title"
          placeholder="Search artist or title…   ( / )"
          value={text}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => {
            pendingOpen.current = false
            setText(e.target.value)
          }}
          onKeyDown={onSearchKey}
        />
        <select aria-label="Dataset filter" value={dataset} onChange={(e) => setDataset(e.target.value)}>
          <option value="">All datasets{dsList.length ? ` (${fmtCount(allWorksCount, 'work')})` : ''}</option>
          {dsList.map((d) => (
            <option key={d.name} value={d.name}>
              {d.name} ({fmtCount(d.works, 'work')})
            </option>
          ))}
          {dataset && !dsList.some((d) => d.name === dataset) && <option value={dataset}>{dataset}</option>}
        </select>
        <select aria-label="Feature filter" data-testid="feature-filter" value={features} onChange={(e) => setFeatures(e.target.value as FeatureFilter | '')}>
          {FEATURE_FILTERS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
        <span className="muted toolbar-note" aria-live="polite">
          {datasets.error
            ? 'datasets unavailable'
            : dsList.length
              ? `${fmtInt(dsList.length)} datasets · ${fmtInt(allWorksCount)} works · ${fmtInt(allPerfCount)} performances`
              : ''}
        </span>
      </div>
      {datasets.error && <ErrorBox title="Could not list datasets" error={datasets.error} onRetry={datasets.reload} />}

      <div className="library-panes">
        <section className="pane works-pane" aria-labelledby="works-heading">
          <header className="pane-header">
            <h2 id="works-heading">
              Works{query ? <span className="muted"> matching “{query}”</span> : null}
            </h2>
            <span className="muted" data-testid="works-total">
              {works.total == null ? (works.loading ? 'loading…' : '') : `${fmtInt(works.total)} ${works.total === 1 ? 'work' : 'works'}`}
            </span>
          </header>
          <div className="grid-row grid-head works-grid" aria-hidden="true">
            <span>Title</span>
            <span>Artist</span>
            <span className="num">Perfs</span>
            <span>Dataset</span>
            <span>Work</span>
            <span>Features</span>
          </div>
          {works.error ? (
            <ErrorBox title="Could not load works" error={works.error} onRetry={works.retry} />
          ) : works.total === 0 ? (
            <Empty testId="works-empty">
              {features ? (
                <>
                  No works{query ? ` match “${query}” and` : ''} have {features === 'any' ? 'feature files' : `${features} files`} indexed
                  {dataset ? ` in ${dataset}` : ''}. The Da-TACOS features download from{' '}
                  <a href={DA_TACOS_URL} target="_blank" rel="noreferrer">
                    {DA_TACOS_URL}
                  </a>
                  ; index their folder on the <a href={hrefFor({ name: 'datasets' })}>Datasets</a> page.
                </>
              ) : query ? (
                `No works match “${query}”.`
              ) : indexing ? (
                <>
                  Indexing is running; the list fills in as it finishes. <a href={hrefFor({ name: 'datasets' })}>Follow it</a>.
                </>
              ) : (
                <>
                  No works indexed yet. Add a dataset folder on the <a href={hrefFor({ name: 'datasets' })}>Datasets</a> page.
                </>
              )}
            </Empty>
          ) : works.total == null ? (
            <Loading label="Loading works…" />
          ) : (
            <VirtualList
              handle={worksList}
              count={works.total}
              label="Works"
              testId="works-list"
              rowTestId="work-row"
              onRange={works.onRange}
              onExitTop={backToSearch}
              rowLabel={(i) => {
                const w = works.rowAt(i)
                return w ? `${w.title ?? w.workId} — ${w.artist ?? 'unknown artist'} (${w.dataset})` : undefined
              }}
              onOpen={(i) => {
                const w = works.rowAt(i)
                if (w) navigate(workHref(w.dataset, w.workId))
              }}
              renderRow={(i) => {
                const w = works.rowAt(i)
                if (!w)
                  return (
                    <div className="grid-row works-grid placeholder">
                      <span className="muted">…</span>
                    </div>
                  )
                return (
                  <div className="grid-row works-grid">
                    <span className="cell-strong" title={w.title ?? undefined}>
                      {orDash(w.title)}
                    </span>
                    <span title={w.artist ?? undefined}>{orDash(w.artist)}</span>
                    <span className="num">{w.performances}</span>
                    <span>
                      <DatasetBadge name={w.dataset} />
                    </span>
                    <span className="mono muted">{w.workId}</span>
                    <span
                      className="nowrap-chips"
                      data-testid="work-features"
                      title={`${fmtInt(w.withFeatures)} of ${fmtInt(w.performances)} ${w.performances === 1 ? 'performance has' : 'performances have'} feature files${w.features.length ? `: ${w.features.join(', ')}` : ''}`}
                    >
                      <FeatureChips features={w.features} />
                    </span>
                  </div>
                )
              }}
            />
          )}
        </section>

        <section className="pane results-pane" aria-labelledby="results-heading">
          <header className="pane-header">
            <h2 id="results-heading">{query ? <>Matches for “{query}”</> : 'Search'}</h2>
            {search.loading && <span className="muted">searching…</span>}
          </header>
          {!query ? (
            <div className="hint">
              <p>Type an artist or title to find performances and works across all indexed datasets.</p>
              <ul>
                <li>
                  <kbd>/</kbd> focus search · <kbd>Enter</kbd> open the first result · <kbd>Esc</kbd> clear
                </li>
                <li>
                  <kbd>↓</kbd> <kbd>↑</kbd> move through results, <kbd>Enter</kbd> opens
                </li>
              </ul>
              {datasets.data && dsList.length > 0 && (
                <table className="table compact">
                  <thead>
                    <tr>
                      <th>Dataset</th>
                      <th className="num">Works</th>
                      <th className="num">Performances</th>
                      <th className="num">With features</th>
                    </tr>
                  </thead>
                  <tbody>
                    {dsList.map((d) => (
                      <tr key={d.name}>
                        <td>
                          <a href={hrefFor({ name: 'library', q: '', dataset: d.name })} onClick={() => setDataset(d.name)}>
                            {d.name}
                          </a>
                        </td>
                        <td className="num">{fmtInt(d.works)}</td>
                        <td className="num">{fmtInt(d.performances)}</td>
                        <td className="num">{fmtInt(d.withFeatures)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          ) : search.error ? (
            <ErrorBox title="Search failed" error={search.error} />
          ) : !search.result || (!searchReady && !search.result.performances.length && !search.result.works.length) ? (
            <Loading label="Searching…" />
          ) : perfs.length === 0 && resultWorks.length === 0 ? (
            <Empty testId="search-empty">
              No performances or works match “{query}”{dataset ? ` in ${dataset}` : ''}
              {features ? ` with ${features === 'any' ? 'features' : features}` : ''}.
            </Empty>
          ) : (
            <div className={`results${searchReady ? '' : ' stale'}`} data-testid="search-results" aria-busy={!searchReady}>
              <div className="results-section" style={{ minHeight: sectionMinHeight(perfs.length) }}>
                <h3>
                  Performances <span className="muted">{fmtInt(perfs.length)}{perfs.length >= SEARCH_LIMIT ? '+' : ''}</span>
                </h3>
                {perfs.length === 0 ? (
                  <div className="muted small pad">No performances match.</div>
                ) : (
                  <VirtualList
                    handle={perfList}
                    fit
                    count={perfs.length}
                    rowHeight={RESULT_ROW}
                    label="Matching performances"
                    testId="search-performances"
                    rowTestId="search-performance"
                    onExitTop={backToSearch}
                    rowLabel={(i) => {
                      const p = perfs[i]!
                      return `${p.title ?? p.perfId} — ${p.artist ?? 'unknown artist'} (${p.dataset} ${p.perfId})`
                    }}
                    onOpen={(i) => navigate(perfHref(perfs[i]!.dataset, perfs[i]!.perfId))}
                    renderRow={(i) => {
                      const p = perfs[i]!
                      return (
                        <div className="result-row">
                          <div className="result-main">
                            <span className="cell-strong">{orDash(p.title)}</span>
                            <span className="muted"> — </span>
                            <span>{orDash(p.artist)}</span>
                            {p.year != null && <span className="muted"> · {p.year}</span>}
                          </div>
                          <div className="result-sub muted">
                            <DatasetBadge name={p.dataset} /> <span className="mono">{p.perfId}</span> · work “{orDash(p.workTitle)}”
                            {p.features.length > 0 && (
                              <>
                                {' '}
                                · <FeatureChips features={p.features} />
                              </>
                            )}
                          </div>
                        </div>
                      )
                    }}
                  />
                )}
              </div>
              <div className="results-section" style={{ minHeight: sectionMinHeight(resultWorks.length) }}>
                <h3>
                  Works <span className="muted">{fmtInt(resultWorks.length)}{resultWorks.length >= SEARCH_LIMIT ? '+' : ''}</span>
                </h3>
                {resultWorks.length === 0 ? (
                  <div className="muted small pad">No work titles or composers match.</div>
                ) : (
                  <VirtualList
                    handle={resultWorksList}
                    fit
                    count={resultWorks.length}
                    rowHeight={RESULT_ROW}
                    label="Matching works"
                    testId="search-works"
                    rowTestId="search-work"
                    onExitTop={backToSearch}
                    rowLabel={(i) => {
                      const w = resultWorks[i]!
                      return `${w.title ?? w.workId} — ${w.artist ?? 'unknown artist'} (${w.dataset} ${w.workId})`
                    }}
                    onOpen={(i) => navigate(workHref(resultWorks[i]!.dataset, resultWorks[i]!.workId))}
                    renderRow={(i) => {
                      const w = resultWorks[i]!
                      return (
                        <div className="result-row">
                          <div className="result-main">
                            <span className="cell-strong">{orDash(w.title)}</span>
                            <span className="muted"> — </span>
                            <span>{orDash(w.artist)}</span>
                          </div>
                          <div className="result-sub muted">
                            <DatasetBadge name={w.dataset} /> <span className="mono">{w.workId}</span> · {w.performances}{' '}
                            {w.performances === 1 ? 'performance' : 'performances'}
                          </div>
                        </div>
                      )
                    }}
                  />
                )}
              </div>
            </div>
          )}
        </section>
      </div>
    </div>
  )
}
