// One performance: its metadata and feature files, its chromagram and, where it has audio, the
// waveform and player sharing one time cursor with it; its other features (key, MFCC, madmom,
// tags); and "Compare with…" another.
import { useCallback, useEffect, useRef, useState } from 'react'
import { useApi } from '../api'
import { getBridge } from '../bridge'
import { AudioPlayer, type PlayerHandle } from '../components/AudioPlayer'
import { Chromagram } from '../components/Chromagram'
import { DatasetBadge, Empty, ErrorBox, FeatureChips, Loading } from '../components/common'
import { CompareWith } from '../components/CompareWith'
import { FeatureViews } from '../components/FeatureViews'
import { CHROMA_KINDS } from '../chroma'
import { fmtDuration, fmtInt, fmtShape, orDash, yesNo } from '../format'
import { hrefFor, perfHref, workHref } from '../router'
import { useLibraryVersion } from '../state/library'
import type { TimeView } from '../timeView'
import type { ChromaKind, FeatureInfo, PerformanceDetail } from '../types'


const splitPath = (path: string) => path.split(/[\\/]/)
const baseName = (path: string) => splitPath(path).pop() || path

/** The folder that all the files share (the features folder), if they share more than the root. */
function commonFolder(paths: string[]): string | null {
  if (paths.length === 0) return null
  const parts = paths.map((p) => splitPath(p).slice(0, -1))
  const first = parts[0]!
  let n = first.length
  for (const other of parts) {
    let i = 0
    while (i < n && i < other.length && other[i] === first[i]) i++
    n = i
  }
  if (n <= 1) return null
  const sep = paths[0]!.includes('\\') && !paths[0]!.includes('/') ? '\\' : '/'
  return first.slice(0, n).join(sep)
}

function chromaKinds(p: PerformanceDetail): ChromaKind[] {
  const usable = (k: ChromaKind) =>
    p.features.includes(k) || p.featureFiles.some((f: FeatureInfo) => f.kind === k && f.problem == null)
  return CHROMA_KINDS.filter(usable)
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)
}

export function PerformancePage({ dataset, perfId }: { dataset: string; perfId: string }) {
  const libraryVersion = useLibraryVersion()
  const res = useApi('library.performance', { perfId, dataset }, libraryVersion)
  const p = res.data
  const audio = p?.audio ?? null
  const player = useRef<PlayerHandle>(null)
  const [time, setTime] = useState(0)
  const [playing, setPlaying] = useState(false)
  const [view, setView] = useState<TimeView | null>(null)
  const seek = useCallback((sec: number) => player.current?.seek(sec), [])
  useEffect(() => {
    setTime(0)
    setView(null)
  }, [dataset, perfId])

  // Space plays and pauses, except while typing (and on a focused button, which Space presses).
  useEffect(() => {
    if (!audio) return
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== ' ' || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.repeat) return
      if (isTyping(e.target) || (e.target instanceof HTMLElement && ['BUTTON', 'A', 'SUMMARY'].includes(e.target.tagName))) return
      e.preventDefault()
      player.current?.toggle()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [audio])

  return (
    <div className="page performance-page">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <a href={hrefFor({ name: 'library', q: '', dataset: '' })}>Library</a> <span aria-hidden="true">›</span>{' '}
        <a href={hrefFor({ name: 'library', q: '', dataset })}>{dataset}</a> <span aria-hidden="true">›</span>{' '}
        {p ? (
          <>
            <a href={workHref(p.dataset, p.workId)}>
              {p.workTitle ?? p.workId} <span className="mono muted">{p.workId}</span>
            </a>{' '}
            <span aria-hidden="true">›</span>{' '}
          </>
        ) : null}
        <span className="mono">{perfId}</span>
      </nav>
      {res.error && !p ? (
        <ErrorBox title={`Could not open performance ${perfId}`} error={res.error} onRetry={res.reload} />
      ) : !p ? (
        <Loading label={`Loading performance ${perfId}…`} />
      ) : (
        <>
          <header className="page-header">
            <h1 data-testid="performance-title">{p.title ?? <span className="muted">untitled performance</span>}</h1>
            <div className="subtitle">
              <span data-testid="performance-artist">{orDash(p.artist)}</span>
              {p.year != null && <span className="muted"> · {p.year}</span>}
              <span className="muted"> · </span>
              <DatasetBadge name={p.dataset} />
              <span className="muted"> · </span>
              <span className="mono">{p.perfId}</span>
            </div>
          </header>
          {res.error && <ErrorBox title="Refresh failed" error={res.error} onRetry={res.reload} />}

          <div className="perf-columns">
            <section className="card" aria-labelledby="meta-heading">
              <h2 id="meta-heading">Metadata</h2>
              <dl className="meta" data-testid="performance-metadata">
                <dt>Title</dt>
                <dd>{orDash(p.title)}</dd>
                <dt>Artist</dt>
                <dd>{orDash(p.artist)}</dd>
                <dt>Work</dt>
                <dd>
                  <a href={workHref(p.dataset, p.workId)} data-testid="performance-work-link">
                    {p.workTitle ?? p.workId}
                  </a>
                  {p.workArtist && <span className="muted"> — {p.workArtist}</span>} <span className="mono muted">{p.workId}</span>
                </dd>
                <dt>Year</dt>
                <dd>{orDash(p.year)}</dd>
                <dt>Instrumental</dt>
                <dd>{yesNo(p.instrumental)}</dd>
                <dt>Dataset</dt>
                <dd>
                  <DatasetBadge name={p.dataset} />
                </dd>
                <dt>MusicBrainz artist</dt>
                <dd className="mono selectable">{orDash(p.artistMbid)}</dd>
                <dt>Recording lengths</dt>
                <dd>
                  {p.recordingLengthsMs.length
                    ? p.recordingLengthsMs.map((ms) => fmtDuration(ms / 1000)).join(', ')
                    : '—'}
                  {p.recordingLengthsMs.length > 1 && <span className="muted"> ({p.recordingLengthsMs.length} MusicBrainz recordings)</span>}
                </dd>
                <dt>Key</dt>
                <dd data-testid="performance-key">
                  {p.key ? (
                    <>
                      {p.key.key} {p.key.scale}
                      {p.key.strength != null && <span className="muted"> (strength {p.key.strength.toFixed(2)})</span>}
                    </>
                  ) : (
                    <span className="muted">unknown</span>
                  )}
                </dd>
                <dt>Also in</dt>
                <dd>
                  {p.alsoIn.length ? (
                    p.alsoIn.map((d, i) => (
                      <span key={d}>
                        {i > 0 && ', '}
                        <a href={perfHref(d, p.perfId)}>{d}</a>
                      </span>
                    ))
                  ) : (
                    <span className="muted">no other dataset</span>
                  )}
                </dd>
                <dt>Features</dt>
                <dd>
                  <FeatureChips features={p.features} />
                </dd>
              </dl>
            </section>

            <section className="card" aria-labelledby="files-heading">
              <h2 id="files-heading">Feature files</h2>
              {p.featureFiles.length === 0 ? (
                <Empty testId="no-feature-files">No feature files indexed for this performance.</Empty>
              ) : (
                <div className="table-wrap">
                  <table className="table compact" data-testid="feature-files" aria-label="Feature files">
                    <thead>
                      <tr>
                        <th>Kind</th>
                        <th>File</th>
                        <th>Shape</th>
                        <th className="num">Frames</th>
                        <th className="num">Duration</th>
                        <th>Problem</th>
                      </tr>
                    </thead>
                    <tbody>
                      {p.featureFiles.map((f) => (
                        <tr key={`${f.kind}:${f.path}`} title={f.path} className={f.problem ? 'row-problem' : undefined}>
                          <td>
                            <span className={`chip chip-${f.kind}`}>{f.kind}</span>
                          </td>
                          <td className="mono path file-name">{baseName(f.path)}</td>
                          <td className="mono">{fmtShape(f.shape)}</td>
                          <td className="num">{fmtInt(f.frames)}</td>
                          <td className="num">{fmtDuration(f.durationSec)}</td>
                          <td className={f.problem ? 'problem' : 'muted'}>{f.problem ?? 'ok'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  {commonFolder(p.featureFiles.map((f) => f.path)) && (
                    <div className="paths small muted">
                      under{' '}
                      <span className="mono selectable" data-testid="feature-folder">
                        {commonFolder(p.featureFiles.map((f) => f.path))}
                      </span>
                    </div>
                  )}
                </div>
              )}
            </section>
          </div>

          <CompareWith key={`compare:${p.dataset}/${p.perfId}`} from={{ dataset: p.dataset, perfId: p.perfId }} versions={p.versions} available={chromaKinds(p)} />

          {audio && (
            <AudioPlayer
              key={`audio:${p.dataset}/${p.perfId}`}
              ref={player}
              url={getBridge().audioUrl(p.dataset, p.perfId)}
              mime={audio.mime}
              durationHint={audio.durationSec}
              view={view}
              onTime={setTime}
              onPlaying={setPlaying}
            />
          )}
          {chromaKinds(p).length === 0 ? (
            <section className="chromagram">
              <h2>Chromagram</h2>
              <Empty testId="chroma-empty">
                No chroma features indexed for this performance; add its features folder on the{' '}
                <a href={hrefFor({ name: 'datasets' })}>Datasets</a> page.
              </Empty>
            </section>
          ) : (
            <Chromagram
              key={`${p.dataset}/${p.perfId}`}
              perfId={p.perfId}
              dataset={p.dataset}
              available={chromaKinds(p)}
              cursorSec={audio ? time : null}
              follow={playing}
              onSeek={audio ? seek : undefined}
              onViewChange={setView}
            />
          )}
          <FeatureViews key={`features:${p.dataset}/${p.perfId}`} p={p} />
        </>
      )}
    </div>
  )
}
