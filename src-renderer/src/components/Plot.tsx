// One plot of the shared specifications (src-shared/plots), drawn as SVG in the page with the
// same Vega code the reports use, and exported as SVG or PNG under a file name that says what it is.
import { useEffect, useRef, useState } from 'react'
import type { View } from 'vega'
import type { TopLevelSpec } from 'vega-lite'
import { plotView } from '../../../src-shared/plots/render'
import { describeError, type Problem } from '../errors'
import { ErrorBox } from './common'

function save(url: string, fileName: string): void {
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.click()
}

export function Plot({ spec, fileName, testId, label }: { spec: TopLevelSpec; fileName: string; testId: string; label: string }) {
  const host = useRef<HTMLDivElement>(null)
  const view = useRef<View | null>(null)
  const [problem, setProblem] = useState<Problem | null>(null)

  useEffect(() => {
    const made = plotView(spec, 'svg')
    view.current = made
    made.initialize(host.current!)
    made.runAsync().catch((error: unknown) => setProblem(describeError(error)))
    return () => {
      made.finalize()
      if (view.current === made) view.current = null
    }
  }, [spec])

  const exportAs = async (kind: 'svg' | 'png') => {
    const current = view.current
    if (!current) return
    try {
      if (kind === 'svg') {
        const url = URL.createObjectURL(new Blob([await current.toSVG()], { type: 'image/svg+xml' }))
        save(url, `${fileName}.svg`)
        setTimeout(() => URL.revokeObjectURL(url), 10_000)
      } else save(await current.toImageURL('png', 2), `${fileName}.png`)
    } catch (error) {
      setProblem(describeError(error))
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
