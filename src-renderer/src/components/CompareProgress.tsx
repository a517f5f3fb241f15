// What Compare shows while its pair is compared: the stage the backend last entered (its
// 'compare.progress' events for this comparison) as a step of all, so a long pair at full
// resolution, or the first comparison (which starts the worker and loads the model), shows where
// it is rather than a spinner.
import { useEffect, useState } from 'react'
import { getBridge } from '../bridge'
import type { ApiEvent } from '../types'

type Progress = Extract<ApiEvent, { type: 'compare.progress' }>

const STAGES: Record<Progress['stage'], string> = {
  start: 'starting the comparison',
  read: 'reading both feature files',
  similarity: 'the cross-similarity matrix',
  qmax: 'the Qmax alignment',
  dmax: 'the Dmax alignment',
  'dtw-shifts': 'DTW under all 12 key shifts',
  dtw: 'the DTW alignment and its path',
  pictures: 'pooling the matrices for display',
  embedding: "the learned embedding's distance",
}

export function CompareProgress({ progressId }: { progressId: string }) {
  const [at, setAt] = useState<Progress | null>(null)
  useEffect(() => {
    setAt(null)
    return getBridge().onEvent((event) => {
      if (event.type === 'compare.progress' && event.progressId === progressId) setAt(event)
    })
  }, [progressId])
  return (
    <div className="state state-loading compare-progress" role="status" aria-live="polite" data-testid="compare-progress">
      <progress max={at?.steps ?? 1} value={at ? at.step - 1 : undefined} aria-label="Comparison progress" />{' '}
      Comparing: {at ? `${STAGES[at.stage]} (step ${at.step} of ${at.steps})` : 'sending the pair…'}
    </div>
  )
}
