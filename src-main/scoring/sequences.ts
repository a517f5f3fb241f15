// From a feature file to the sequence the aligners compare: read the chosen chroma, refuse
// defects by name, downsample, normalise each frame to unit maximum (so hpcp, crema and cens
// meet the cross-recurrence on the same scale), and refuse what is too long to align.
import { FRAME_RATE, readChroma } from '../dataset/features'
import { RefrainError } from '../errors'
import { readEmbedding } from './embedding-file'
import { checkSequence, CROSS_SIMILARITY_DEFAULTS, downsample, minFramesFor, normaliseFrames, type ChromaSeq } from '../similarity'
import { MAX_FRAMES, type ScoreParams } from './parameters'

/** `method`, when given, adds its own minimum length (Qmax/Dmax need two whole frame stacks, of `frameStackSize` or the default). */
export type SequenceParams = Pick<ScoreParams, 'feature' | 'downsample' | 'downsampleMethod'> & Partial<Pick<ScoreParams, 'method' | 'frameStackSize'>>

/** Thrown for a file that cannot be scored; the message starts with nothing, the caller names the file. */
export class UnusableSequence extends RefrainError {
  constructor(message: string) {
    super('invalid-input', message)
  }
}

export async function loadSequence(path: string, params: SequenceParams): Promise<ChromaSeq> {
  // An embedding is a sequence of one frame of `dim` values (pair.ts compares them).
  if (params.method === 'embedding') {
    const vector = readEmbedding(path)
    return { data: vector, frames: 1, bins: vector.length }
  }
  const matrix = await readChroma(path, params.feature).catch((error: Error) => {
    throw new UnusableSequence(error.message)
  })
  if (matrix.nonFinite > 0) {
    const first = matrix.data.findIndex((v) => !Number.isFinite(v))
    throw new UnusableSequence(`${params.feature} holds ${matrix.nonFinite} NaN/infinite values (first at frame ${Math.floor(first / matrix.bins)})`)
  }
  return prepareSequence({ data: matrix.data, frames: matrix.frames, bins: matrix.bins }, params)
}

function prepareSequence(raw: ChromaSeq, params: SequenceParams): ChromaSeq {
  try {
    checkSequence(params.feature, raw)
  } catch (error) {
    throw new UnusableSequence((error as Error).message)
  }
  const seq = normaliseFrames(downsample(raw, params.downsample, params.downsampleMethod), 'max')
  if (seq.frames > MAX_FRAMES) {
    const minutes = raw.frames / FRAME_RATE / 60
    throw new UnusableSequence(
      `${minutes.toFixed(0)} min is ${seq.frames} frames after downsampling by ${params.downsample}; the limit is ${MAX_FRAMES} (raise the downsampling to ${Math.ceil(raw.frames / MAX_FRAMES)} or more)`,
    )
  }
  if (isConstant(seq)) {
    throw new UnusableSequence(isSilent(seq) ? `${params.feature} is all zero (silence): nothing to align` : `${params.feature} is the same in every frame: nothing to align`)
  }
  const stack = params.frameStackSize ?? CROSS_SIMILARITY_DEFAULTS.frameStackSize
  const need = params.method === 'qmax' || params.method === 'dmax' ? minFramesFor(stack, CROSS_SIMILARITY_DEFAULTS.frameStackStride) : 1
  if (seq.frames < need) {
    throw new UnusableSequence(
      `${(raw.frames / FRAME_RATE).toFixed(1)} s is ${seq.frames} frame${seq.frames === 1 ? '' : 's'} after downsampling by ${params.downsample}; ${params.method} needs at least ${need} (a frame stack of ${stack}): lower the downsampling`,
    )
  }
  return seq
}

function isSilent(seq: ChromaSeq): boolean {
  return seq.data.every((v) => v === 0)
}

/** Every frame equal to the first, within float32 rounding of a unit-max frame. */
function isConstant(seq: ChromaSeq): boolean {
  const { data, bins } = seq
  for (let k = bins; k < data.length; k++) if (Math.abs(data[k] - data[k % bins]) > 1e-6) return false
  return true
}
