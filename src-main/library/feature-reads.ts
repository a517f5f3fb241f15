// What the library's views read from a feature file, as tasks for the feature worker: a chroma
// matrix for the chromagram (base64, as the contract carries it), or a thinned view of the other
// features (MFCC, madmom's curves, key, tags). A file that does not read is an I/O error naming it.
import { FRAME_RATE, readChroma } from '../dataset/features'
import { readFeatureView, type FeatureView, type ViewKind } from '../dataset/feature-views'
import { H5ReadError } from '../dataset/h5'
import type { ChromaKind } from '../dataset/kinds'
import { ioError } from '../errors'

export type FeatureTask = { type: 'chroma'; path: string; kind: ChromaKind } | { type: 'view'; path: string; kind: ViewKind; points: number }

export interface ChromaAnswer {
  kind: ChromaKind
  frames: number
  bins: number
  frameRate: number
  /** frames x bins, frame-major, little-endian float32, base64. */
  data: string
  nonFinite: number
}

export type FeatureAnswer = ChromaAnswer | FeatureView

export async function readForView(task: FeatureTask): Promise<FeatureAnswer> {
  try {
    if (task.type === 'view') return await readFeatureView(task.path, task.kind, task.points)
    const matrix = await readChroma(task.path, task.kind)
    return {
      kind: matrix.kind,
      frames: matrix.frames,
      bins: matrix.bins,
      frameRate: FRAME_RATE,
      data: Buffer.from(matrix.data.buffer, matrix.data.byteOffset, matrix.data.byteLength).toString('base64'),
      nonFinite: matrix.nonFinite,
    }
  } catch (error) {
    throw error instanceof H5ReadError ? ioError(`${task.path}: ${error.message}`, error) : error
  }
}
