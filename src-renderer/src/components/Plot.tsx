// One plot of the shared specifications (src-shared/plots), drawn as SVG in the page with the
// same Vega code the reports use, and exported as SVG or PNG under a file name that says what it is.
// A plot is drawn when it comes near the window or the page is idle, whichever is first: Vega
// compiles and draws on the main thread (65–200 ms a plot here), and a plot below the fold must
// not hold up what is on screen, yet should be there when scrolled to. Its drawing is split into
// tasks, and plots draw one at a time, so that a click or a key is not kept waiting behind them. An export never waits for
// that: it draws the plot off screen if it has not been drawn.
import { useEffect, useRef, useState } from 'react'
import type { View } from 'vega'
import type { TopLevelSpec } from 'vega-lite'
import { plotView, vegaSpec, vegaView } from '../../../src-shared/plots/render'
import { describeError, type Problem } from '../errors'
import { saveText, saveUrl } from './chromagram/download'
import { ErrorBox } from './common'

/** How far outside the window a plot starts being drawn, so a scroll finds it drawn. */
const NEAR_PX = 300

/**
 * The plots' drawing, one plot after another, each in three tasks (compile, build the view, run
 * it) with input let in between: two plots drawn in one task held a click for 200 ms.
 */
let drawn: Promise<void> = Promise.resolve()
const yieldToInput = () => new Promise<void>((resolve) => setTimeout(resolve, 0))

export function Plot({ spec, fileName, testId, label }: { spec: TopLevelSpec; fileName: string; testId: string; label: string }) {
  const host = useRef<HTMLDivElement>(null)
  const view = useRef<View | null>(null)
  const [problem, setProblem] = useState<Problem | null>(null)
  const [wanted, setWanted] = useState(false)

  useEffect(() => {
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setWanted(true), { rootMargin: `${NEAR_PX}px 0px` })
    observer.observe(host.current!)
    const idle = requestIdleCallback(() => setWanted(true))
    return () => {
      observer.disconnect()
      cancelIdleCallback(idle)
    }
  }, [])

  useEffect(() => {
    if (!wanted) return
    let made: View | null = null
    let cancelled = false
    drawn = drawn.then(async () => {
      await yieldToInput()
      if (cancelled) return
      const vega = vegaSpec(spec)
      await yieldToInput()
      if (cancelled) return
      made = vegaView(vega, 'svg')
      view.current = made
      made.initialize(host.current!)
      await yieldToInput()
      if (!cancelled) await made.runAsync()
    }).catch((error: unknown) => {
      if (!cancelled) setProblem(describeError(error))
    })
    return () => {
      cancelled = true
      made?.finalize()
      if (view.current === made) view.current = null
    }
  }, [spec, wanted])

  const exportAs = async (kind: 'svg' | 'png') => {
    const drawn = view.current
    const current = drawn ?? plotView(spec)
    try {
      if (kind === 'svg') saveText(await current.toSVG(), 'image/svg+xml', `${fileName}.svg`)
      else saveUrl(await current.toImageURL('png', 2), `${fileName}.png`)
    } catch (error) {
      setProblem(describeError(error))
    } finally {
      if (!drawn) current.finalize()
    }
  }

  return (
    <figure className="plot" aria-label={label}>
      <div ref={host} data-testid={testId} />
      <figcaption className="plot-actions">
        <button type="button" onClick={() => void exportAs('svg')} data-testid={`${testId}-svg`}>
          Save SVG
        </button>
        <button type="button" onClick={() => void exportAs('png')} data-testid={`${testId}-png`}>
          Save PNG
        </button>
      </figcaption>
      {problem && <ErrorBox title="The plot could not be drawn" error={problem} />}
    </figure>
  )
}
