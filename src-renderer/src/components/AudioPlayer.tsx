// A performance's audio: wavesurfer.js waveform, play/pause, the current time, click-to-seek.
// The page owns the shared time cursor: this reports the time (onTime) and playing state, and
// follows the chromagram's visible range (`view`) so both show the same stretch of the recording.
import { forwardRef, useEffect, useId, useImperativeHandle, useRef, useState } from 'react'
import WaveSurfer from 'wavesurfer.js'
import { describeError, type Problem } from '../errors'
import { fmtTime } from '../format'
import { PLOT_MARGIN, type TimeView } from '../timeView'
import { ErrorBox } from './common'

const HEIGHT = 80

export interface PlayerHandle {
  toggle(): void
  seek(sec: number): void
}

type LoadState = { state: 'loading'; percent: number } | { state: 'ready'; duration: number } | { state: 'error'; error: Problem }

interface Props {
  url: string
  mime: string
  durationHint: number | null
  /** The chromagram's visible range; null shows the whole recording. */
  view: TimeView | null
  onTime: (sec: number) => void
  onPlaying: (playing: boolean) => void
  /** Heading; default "Audio" (Compare shows one player per performance). */
  title?: string
}

export const AudioPlayer = forwardRef<PlayerHandle, Props>(function AudioPlayer({ url, mime, durationHint, view, onTime, onPlaying, title = 'Audio' }, ref) {
  const headingId = useId()
  const containerRef = useRef<HTMLDivElement>(null)
  const wsRef = useRef<WaveSurfer | null>(null)
  const [load, setLoad] = useState<LoadState>({ state: 'loading', percent: 0 })
  const [playing, setPlaying] = useState(false)
  const [time, setTime] = useState(0)
  const [attempt, setAttempt] = useState(0)
  const [width, setWidth] = useState(0)
  /** The zoom and scroll last given to wavesurfer, so a re-render does not redraw it. */
  const applied = useRef({ pxPerSec: -1, startSec: -1 })
  const callbacks = useRef({ onTime, onPlaying })
  callbacks.current = { onTime, onPlaying }

  useEffect(() => {
    const container = containerRef.current
    if (!container) return
    setLoad({ state: 'loading', percent: 0 })
    applied.current = { pxPerSec: -1, startSec: -1 }
    setPlaying(false)
    setTime(0)
    const ws = WaveSurfer.create({
      container,
      height: HEIGHT,
      waveColor: '#9aa9c7',
      progressColor: '#2457c5',
      cursorColor: '#d0312d',
      cursorWidth: 2,
      normalize: true,
      autoScroll: false,
      autoCenter: false,
      hideScrollbar: true,
      dragToSeek: true,
      blobMimeType: mime,
    })
    wsRef.current = ws
    const report = (sec: number) => {
      setTime(sec)
      callbacks.current.onTime(sec)
    }
    const subscriptions = [
      ws.on('loading', (percent) => setLoad({ state: 'loading', percent })),
      ws.on('ready', (duration) => setLoad({ state: 'ready', duration })),
      ws.on('error', (error) => {
        const { code, message: raw } = describeError(error)
        if (code === 'cancelled') return
        // Say what failed without repeating the address (in web mode it carries the access token).
        const status = /: (\d{3}) \(/.exec(raw)?.[1]
        const message = status === '404' ? 'The audio file is gone or unreadable (404); re-index its dataset folder.' : raw.replace(/https?:\/\/\S+|refrain-media:\/\/\S+/g, 'the audio')
        setLoad({ state: 'error', error: describeError(message) })
      }),
      ws.on('timeupdate', report),
      // What the waveform shows, for tests and tools: it should be what the chromagram shows.
      ws.on('scroll', (start, end) => {
        container.dataset.visibleStart = start.toFixed(3)
        container.dataset.visibleEnd = end.toFixed(3)
      }),
      ws.on('play', () => {
        setPlaying(true)
        callbacks.current.onPlaying(true)
      }),
      ws.on('pause', () => {
        setPlaying(false)
        callbacks.current.onPlaying(false)
      }),
    ]
    ws.load(url).catch(() => {
      /* reported through the 'error' event */
    })
    return () => {
      for (const off of subscriptions) off()
      ws.destroy()
      wsRef.current = null
      callbacks.current.onPlaying(false)
    }
  }, [url, mime, attempt])

  // Follow the chromagram's zoom and scroll (wavesurfer zooms only once the audio is decoded).
  useEffect(() => {
    const container = containerRef.current
    if (!container) return
    const observer = new ResizeObserver(() => setWidth(container.clientWidth))
    observer.observe(container)
    return () => observer.disconnect()
  }, [])

  const ready = load.state === 'ready'
  useEffect(() => {
    const ws = wsRef.current
    if (!ws || !ready) return
    const duration = ws.getDuration()
    const fit = !view || !duration || !width || view.spanSec >= duration * 0.999
    const pxPerSec = fit ? 0 : width / view.spanSec
    const startSec = fit ? 0 : view.startSec
    if (pxPerSec !== applied.current.pxPerSec) ws.zoom(pxPerSec)
    if (pxPerSec !== applied.current.pxPerSec || startSec !== applied.current.startSec) {
      if (fit) ws.setScroll(0)
      else ws.setScrollTime(startSec)
    }
    applied.current = { pxPerSec, startSec }
  }, [ready, view, width])

  useImperativeHandle(
    ref,
    () => ({
      toggle: () => {
        const ws = wsRef.current
        if (ws && wsRef.current && load.state === 'ready') void ws.playPause().catch(() => {})
      },
      seek: (sec: number) => {
        const ws = wsRef.current
        if (ws && load.state === 'ready') ws.setTime(Math.max(0, Math.min(ws.getDuration(), sec)))
      },
    }),
    [load.state],
  )

  const duration = load.state === 'ready' ? load.duration : durationHint
  return (
    <section className="card audio-player" aria-labelledby={headingId} data-testid="audio-player" data-state={load.state} data-playing={playing ? 'true' : 'false'} data-time={time.toFixed(3)}>
      <div className="chroma-toolbar">
        <h2 id={headingId}>{title}</h2>
        <button
          type="button"
          className="primary play-button"
          data-testid="play-pause"
          aria-label={playing ? 'Pause' : 'Play'}
          title={playing ? 'Pause (Space)' : 'Play (Space)'}
          disabled={load.state !== 'ready'}
          onClick={() => {
            const ws = wsRef.current
            if (ws) void ws.playPause().catch(() => {})
          }}
        >
          {playing ? '❚❚ Pause' : '▶ Play'}
        </button>
        <span className="mono small" data-testid="audio-time" aria-live="off">
          {fmtTime(time, 1)} / {duration != null ? fmtTime(duration, 1) : '—'}
        </span>
        <span className="muted small">{mime}</span>
        {load.state === 'loading' && (
          <span className="muted small" role="status">
            <span className="spinner" aria-hidden="true" /> Loading audio… {load.percent > 0 && load.percent < 100 ? `${Math.round(load.percent)}%` : ''}
          </span>
        )}
        {load.state === 'ready' && <span className="muted small">click the waveform or the chromagram to seek · Space plays and pauses</span>}
      </div>
      {load.state === 'error' && <ErrorBox title="Could not load the audio" error={load.error} onRetry={() => setAttempt((n) => n + 1)} />}
      <div
        className="waveform"
        ref={containerRef}
        data-testid="waveform"
        aria-label="Waveform: click to seek"
        style={{ marginLeft: PLOT_MARGIN.left, marginRight: PLOT_MARGIN.right, height: HEIGHT }}
      />
    </section>
  )
})
