// Two performances side by side: first the verdict (whether the metadata says they are one work,
// each method's distance judged against a chosen calibration) beside the alignment matrix with
// every method's path, then both chromagrams (the second in the first's key) and the audio where
// it exists. The chromagrams share one time window; one linked cursor runs through all of it.
// The alignment's own settings (frame stack, κ, gaps, DTW band) can be changed here.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useApi } from '../api'
import { getBridge } from '../bridge'
import { alignedTime, progressIdFor, transpositionLabel, workRelation } from '../compare'
import { AlignmentForm, type AlignmentSettings } from '../components/AlignmentFields'
import { AudioPlayer, type PlayerHandle } from '../components/AudioPlayer'
import { Chromagram } from '../components/Chromagram'
import { DatasetBadge, Empty, ErrorBox, Loading } from '../components/common'
import { CrossRecurrencePlot, type LinkedTimes } from '../components/CrossRecurrencePlot'
import { CompareProgress } from '../components/CompareProgress'
import { CompareScores } from '../components/CompareScores'
import { CompareBreadcrumb } from '../components/job/CompareBreadcrumb'
import { orDash } from '../format'
import { compareHref, helpHref, navigate, parseHash, perfHref, replaceHash, workHref, type CompareOptions, type PerfRef } from '../router'
import { useLibraryVersion } from '../state/library'
import type { TimeView } from '../timeView'
import type { ChromaKind, CompareResult, Input, PerformanceDetail } from '../types'

const FEATURES: { kind: ChromaKind; label: string }[] = [
  { kind: 'hpcp', label: 'HPCP' },
  { kind: 'crema', label: 'crema' },
  { kind: 'cens', label: 'CENS' },
]
const DOWNSAMPLES = [1, 2, 5, 10, 20, 50, 100]
const SAME_VIEW_SEC = 1e-6
const NO_TIMES: LinkedTimes = { a: null, b: null }
const NO_PATH: CompareResult['dtwPath'] = []

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON', 'A', 'SUMMARY'].includes(target.tagName)
}

function PerformanceSummary({ side, perf, detail }: { side: string; perf: PerfRef; detail: PerformanceDetail | undefined }) {
  return (
    <div className="compare-side" data-testid={`compare-${side.toLowerCase()}`}>
      <span className="muted small">{side}</span>{' '}
      <a href={perfHref(perf.dataset, perf.perfId)} className="cell-strong">
        {detail?.title ?? perf.perfId}
      </a>{' '}
      <span className="muted">{orDash(detail?.artist)}</span> <DatasetBadge name={perf.dataset} />{' '}
      {detail && (
        <a href={workHref(detail.dataset, detail.workId)} className="muted small">
          {detail.workTitle ?? detail.workId}
        </a>
      )}
    </div>
  )
}

interface SideProps {
  label: string
  perf: PerfRef
  detail: PerformanceDetail | undefined
  feature: ChromaKind
  shift: number
  extentSec: number | undefined
  view: TimeView | null
  onView: (view: TimeView | null) => void
  onHover: (sec: number | null) => void
  markSec: number | null
  onActive: () => void
}

/** One performance's chromagram and, where it has audio, its player. */
function CompareSide({ label, perf, detail, feature, shift, extentSec, view, onView, onHover, markSec, onActive, player }: SideProps & { player: React.RefObject<PlayerHandle | null> }) {
  const [time, setTime] = useState(0)
  const [playing, setPlaying] = useState(false)
  const audio = detail?.audio ?? null
  const seek = useCallback(
    (sec: number) => {
      onActive()
      player.current?.seek(sec)
    },
    [onActive, player],
  )
  const title = `${label}: ${detail?.title ?? perf.perfId}${shift ? ` · ${transpositionLabel(shift)}` : ''}`
  if (!detail) return <Loading label={`Loading ${perf.perfId}…`} />
  if (!detail.features.includes(feature)) {
    return (
      <section className="chromagram">
        <h2>{title}</h2>
        <Empty testId="compare-no-feature">
          {perf.perfId} has no {feature} feature indexed; choose another feature.
        </Empty>
      </section>
    )
  }
  return (
    <div className="compare-performance" data-testid={`compare-side-${label.toLowerCase()}`}>
      {audio && (
        <AudioPlayer
          ref={player}
          title={`${label}: audio`}
          url={getBridge().audioUrl(perf.dataset, perf.perfId)}
          mime={audio.mime}
          durationHint={audio.durationSec}
          view={view}
          onTime={setTime}
          onPlaying={(p) => {
            setPlaying(p)
            if (p) onActive()
          }}
        />
      )}
      <Chromagram
        key={`${perf.dataset}/${perf.perfId}/${feature}`}
        perfId={perf.perfId}
        dataset={perf.dataset}
        available={[feature]}
        title={title}
        shift={shift}
        extentSec={extentSec}
        syncView={view}
        onViewChange={onView}
        onHoverSec={onHover}
        markSec={markSec}
        cursorSec={audio ? time : null}
        follow={playing}
        onSeek={audio ? seek : undefined}
      />
    </div>
  )
}

export function ComparePage({ a, b, feature, downsample, downsampleMethod, keyShift, alignment, from, source, op }: { a: PerfRef; b: PerfRef } & CompareOptions) {
  const libraryVersion = useLibraryVersion()
  const detailA = useApi('library.performance', a, libraryVersion)
  const detailB = useApi('library.performance', b, libraryVersion)
  const datasets = useApi('library.datasets', {}, libraryVersion)
  const parameters = useApi('score.parameters', {})
  const params: Input<'similarity.compare'>['params'] = {
    ...(feature ? { feature } : {}),
    ...(downsample !== undefined ? { downsample } : {}),
    ...(downsampleMethod ? { downsampleMethod } : {}),
    ...(keyShift ? { keyShift } : {}),
    ...alignment,
  }
  const [pageId] = useState(() => Math.random().toString(36).slice(2))
  const progressId = progressIdFor(pageId, { a, b, params, libraryVersion })
  const res = useApi('similarity.compare', { a, b, params, progressId }, libraryVersion)
  const result: CompareResult | undefined = res.data
  const chosen: ChromaKind = feature ?? result?.params.feature ?? 'hpcp'
  // Every change keeps the others and the way back to the job, so the address always says what is shown.
  // The verdict's source and operating point as chosen here, carried into a swap or new settings.
  const [choice, setChoice] = useState<Pick<CompareOptions, 'source' | 'op'>>({ source, op })
  const options: CompareOptions = { feature, downsample, downsampleMethod, keyShift, alignment, from, ...choice }
  const back = from ? parseHash(from) : null
  const fromJob = back?.name === 'batch-job' ? back.jobId : undefined
  const applyAlignment = (next: AlignmentSettings) => {
    const kept = Object.fromEntries(Object.entries(next).filter(([, v]) => v != null)) as CompareOptions['alignment']
    navigate(compareHref(a, b, { ...options, alignment: kept && Object.keys(kept).length ? kept : undefined }))
  }

  const [view, setView] = useState<TimeView | null>(null)
  const [cursor, setCursor] = useState<LinkedTimes>(NO_TIMES)
  const [active, setActive] = useState<'a' | 'b'>('a')
  const playerA = useRef<PlayerHandle>(null)
  const playerB = useRef<PlayerHandle>(null)

  const extentSec = result ? Math.max(...result.frames) * result.secondsPerFrame : undefined
  const shared = view ?? (extentSec ? { startSec: 0, spanSec: extentSec } : null)
  // Views are shared once the comparison gives the longer extent: before it, each chromagram
  // reports its own whole, and the last to load (the shorter, as often as not) would zoom the other to its length.
  const onView = useCallback(
    (next: TimeView | null) => {
      if (!next || extentSec === undefined) return
      setView((v) =>
        v && Math.abs(v.startSec - next.startSec) < SAME_VIEW_SEC && Math.abs(v.spanSec - next.spanSec) < SAME_VIEW_SEC ? v : next,
      )
    },
    [extentSec],
  )
  useEffect(() => {
    setView(null)
    setCursor(NO_TIMES)
  }, [a.dataset, a.perfId, b.dataset, b.perfId, feature, downsample])

  const path = result?.dtwPath ?? NO_PATH
  const spf = result?.secondsPerFrame ?? 0
  const hoverA = useCallback((sec: number | null) => setCursor(sec === null ? NO_TIMES : { a: sec, b: alignedTime(path, sec, spf, 0) }), [path, spf])
  const hoverB = useCallback((sec: number | null) => setCursor(sec === null ? NO_TIMES : { a: alignedTime(path, sec, spf, 1), b: sec }), [path, spf])
  const activateA = useCallback(() => setActive('a'), [])
  const activateB = useCallback(() => setActive('b'), [])

  const hoverMatrix = useCallback((t: LinkedTimes | null) => setCursor(t ?? NO_TIMES), [])

  // Space plays and pauses the performance last played or clicked (the first at the start).
  const audioA = Boolean(detailA.data?.audio)
  const audioB = Boolean(detailB.data?.audio)
  useEffect(() => {
    if (!audioA && !audioB) return
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== ' ' || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.repeat || isTyping(e.target)) return
      e.preventDefault()
      const side = (active === 'a' ? audioA : audioB) ? active : audioA ? 'a' : 'b'
      ;(side === 'a' ? playerA : playerB).current?.toggle()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [audioA, audioB, active])

  const relation = useMemo(() => {
    if (!detailA.data || !detailB.data || !datasets.data) return null
    const kinds = Object.fromEntries(datasets.data.datasets.map((d) => [d.name, d.kind]))
    return workRelation(detailA.data, detailB.data, kinds)
  }, [detailA.data, detailB.data, datasets.data])
  // Title and performer: two versions of one work share a title. Where even both are alike, the ids tell them apart.
  const name = (perf: PerfRef, detail: PerformanceDetail | undefined) => [detail?.title ?? perf.perfId, detail?.artist].filter(Boolean).join(' — ')
  const names = name(a, detailA.data) === name(b, detailB.data) ? { a: `${name(a, detailA.data)} (${a.perfId})`, b: `${name(b, detailB.data)} (${b.perfId})` } : { a: name(a, detailA.data), b: name(b, detailB.data) }

  const featureMissing = (kind: ChromaKind) =>
    [detailA.data, detailB.data].filter((d): d is PerformanceDetail => Boolean(d && !d.features.includes(kind))).map((d) => d.perfId)

  return (
    <div className="page compare-page">
      <CompareBreadcrumb />
      <header className="page-header">
        <h1>Compare</h1>
        <PerformanceSummary side="First" perf={a} detail={detailA.data} />
        <PerformanceSummary side="Second" perf={b} detail={detailB.data} />
      </header>
      {detailA.error && <ErrorBox title={`Could not open ${a.perfId}`} error={detailA.error} onRetry={detailA.reload} />}
      {detailB.error && <ErrorBox title={`Could not open ${b.perfId}`} error={detailB.error} onRetry={detailB.reload} />}

      <div className="compare-controls chroma-toolbar">
        <div className="segmented" role="group" aria-label="Feature">
          {FEATURES.map((f) => {
            const missing = featureMissing(f.kind)
            return (
              <button
                key={f.kind}
                type="button"
                aria-pressed={chosen === f.kind}
                disabled={missing.length > 0}
                title={missing.length ? `${missing.join(' and ')}: no ${f.kind} indexed` : `Compare ${f.label} chroma`}
                data-testid={`compare-feature-${f.kind}`}
                onClick={() => navigate(compareHref(a, b, { ...options, feature: f.kind }))}
              >
                {f.label}
              </button>
            )
          })}
        </div>
        <label className="small">
          Downsample{' '}
          <select
            aria-label="Downsample"
            data-testid="compare-downsample"
            value={downsample ?? result?.params.downsample ?? ''}
            onChange={(e) => navigate(compareHref(a, b, { ...options, downsample: Number(e.target.value) }))}
          >
            {downsample === undefined && !result && <option value="">default</option>}
            {[...new Set([...DOWNSAMPLES, downsample ?? result?.params.downsample ?? DOWNSAMPLES[0]!])]
              .sort((x, y) => x - y)
              .map((d) => (
                <option key={d} value={d}>
                  ↓{d}
                </option>
              ))}
          </select>
        </label>
        <button type="button" data-testid="compare-swap" title="Swap the two performances" onClick={() => navigate(compareHref(b, a, options))}>
          ⇅ Swap
        </button>
        {result && (
          <span className="muted small" data-testid="compare-shift">
            second {transpositionLabel(result.shift)} · {result.frames[0]} × {result.frames[1]} frames · computed in {result.seconds.toFixed(1)} s
          </span>
        )}
        <a className="help-link" href={helpHref('distances')} title="What the distances, verdicts, thresholds and probabilities mean" data-testid="compare-help">
          ?<span className="sr-only"> Help: what the scores mean</span>
        </a>
      </div>

      {parameters.data && <AlignmentForm key={JSON.stringify(alignment)} parameters={parameters.data} applied={alignment ?? {}} onApply={applyAlignment} />}
      {parameters.error && <ErrorBox title="The alignment settings could not be loaded" error={parameters.error} onRetry={parameters.reload} />}

      {res.error && !result ? (
        <ErrorBox title="Could not compare" error={res.error} onRetry={res.reload} />
      ) : !result ? (
        <CompareProgress progressId={progressId} />
      ) : (
        <div className="compare-top">
          <CompareScores
            result={result}
            pair={{ a, b }}
            relation={relation}
            {...(fromJob ? { fromJob } : {})}
            chosen={{ ...(choice.source ? { source: choice.source } : {}), ...(choice.op ? { op: choice.op } : {}) }}
            onChoose={(chosen) => {
              setChoice(chosen)
              replaceHash(compareHref(a, b, { ...options, ...chosen }))
            }}
          />
          <CrossRecurrencePlot
            result={result}
            names={names}
            fileStem={`refrain-${a.perfId}-${b.perfId}`}
            cursor={cursor}
            onHover={hoverMatrix}
          />
        </div>
      )}

      {[
        { key: 'a', label: 'First', perf: a, detail: detailA.data, shift: 0, onHover: hoverA, markSec: cursor.a, onActive: activateA, player: playerA },
        { key: 'b', label: 'Second', perf: b, detail: detailB.data, shift: result?.shift ?? 0, onHover: hoverB, markSec: cursor.b, onActive: activateB, player: playerB },
      ].map(({ key, ...side }) => (
        <CompareSide key={key} {...side} feature={chosen} extentSec={extentSec} view={shared} onView={onView} />
      ))}
    </div>
  )
}
