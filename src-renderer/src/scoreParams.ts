// How the Batch views name and explain each scoring method. The methods themselves, their
// defaults and ranges come from the backend ('score.parameters'), and a job's parameters arrive
// with their label; only these words belong to the page.
import type { ScoreMethod } from './types'

export const METHOD_TITLES: Record<ScoreMethod, { label: string; title: string }> = {
  dtw: { label: 'DTW', title: 'DTW: warping distance over the whole pieces, after a key shift (Serrà 2008)' },
  qmax: { label: 'Qmax', title: 'Qmax: best local alignment in the cross-recurrence plot (Serrà et al. 2009)' },
  dmax: { label: 'Dmax', title: 'Dmax: local alignment that also tolerates tempo changes (Chen et al. 2017)' },
  'two-stage': {
    label: 'Two-stage',
    title: 'Two-stage: each query’s K nearest by embedding, re-ranked by an alignment; the rest keep their embedding order after them',
  },
  embedding: { label: 'Embedding', title: 'Embedding: distance between learned version embeddings (a Siamese CNN run with ONNX Runtime); seconds for thousands of tracks' },
}
