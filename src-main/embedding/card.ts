// The model card: the JSON beside each embedding model (`<name>.card.json` next to
// `<name>.onnx`, written by training/export.py) saying what the model expects and what it is.
// Checked before a model is used: the card's schema, that it describes this very file (sha256,
// size, opset), and, once ONNX Runtime has opened it, that its input and output names and shapes
// are the card's. Anything else is refused with one line naming the file.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { z } from 'zod'
import { invalidInput, notFound } from '../errors'

const metricSchema = z.object({ map: z.number(), chance: z.number().optional(), queries: z.number().optional(), items: z.number().optional() }).loose()

export const ModelCardSchema = z
  .object({
    format: z.literal('refrain-embedding-card'),
    version: z.literal(1),
    name: z.string().min(1),
    model: z.string().min(1),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    bytes: z.number().int().positive(),
    opset: z.number().int().positive(),
    input: z
      .object({
        name: z.string().min(1),
        shape: z.tuple([z.string(), z.string(), z.literal(12)]),
        dtype: z.literal('float32'),
        feature: z.enum(['hpcp', 'crema']),
        frameRate: z.number().positive(),
        downsample: z.object({ factor: z.number().int().min(1), method: z.literal('mean') }).loose(),
        effectiveFrameRate: z.number().positive(),
        normalisation: z.string(),
        minFrames: z.number().int().min(1),
      })
      .loose(),
    output: z
      .object({
        name: z.string().min(1),
        shape: z.tuple([z.string(), z.number().int()]),
        dim: z.number().int().min(1).max(512),
        normalised: z.literal('l2'),
        distance: z.literal('euclidean'),
      })
      .loose(),
    architecture: z.object({ description: z.string(), parameters: z.number().int() }).loose(),
    training: z.object({ loss: z.string() }).loose(),
    metrics: z.object({ validation: metricSchema.optional(), test: metricSchema.nullable().optional() }).loose(),
    calibration: z.object({ threshold: z.number(), method: z.string(), on: z.string() }).loose().nullable(),
    licence: z.object({ code: z.string(), weights: z.string() }).loose(),
  })
  .loose()
  .refine((card) => card.output.shape[1] === card.output.dim, { message: 'output.shape and output.dim disagree', path: ['output', 'dim'] })

export type ModelCard = z.infer<typeof ModelCardSchema>

export function cardPathFor(modelPath: string): string {
  return modelPath.replace(/\.onnx$/i, '') + '.card.json'
}

/**
 * The top level of an ONNX ModelProto, read as protobuf without a schema: every field must parse
 * to the end of the file, and it must hold a graph (field 7). Returns the default-domain opset
 * (field 8, OperatorSetIdProto). A text file, an h5 file or a truncated model fails here, before
 * ONNX Runtime or any provider is involved.
 */
export function readOnnxHeader(bytes: Uint8Array): { opset: number | null } | null {
  let pos = 0
  const varint = (): number | null => {
    let value = 0
    let shift = 0
    for (let i = 0; i < 10; i++) {
      if (pos >= bytes.length) return null
      const byte = bytes[pos++]
      value += (byte & 0x7f) * 2 ** shift
      if ((byte & 0x80) === 0) return value
      shift += 7
    }
    return null
  }
  const parseOpset = (start: number, end: number): { domain: string; version: number } | null => {
    const saved = pos
    pos = start
    let domain = ''
    let version = 0
    while (pos < end) {
      const key = varint()
      if (key === null) return null
      if (key === 0x0a) {
        const len = varint()
        if (len === null || pos + len > end) return null
        domain = new TextDecoder().decode(bytes.subarray(pos, pos + len))
        pos += len
      } else if (key === 0x10) {
        const v = varint()
        if (v === null) return null
        version = v
      } else return null
    }
    pos = saved
    return { domain, version }
  }
  let graph = false
  let opset: number | null = null
  if (bytes.length === 0) return null
  while (pos < bytes.length) {
    const key = varint()
    if (key === null || key === 0) return null
    const field = Math.floor(key / 8)
    const wire = key % 8
    if (field > 30) return null
    if (wire === 0) {
      if (varint() === null) return null
    } else if (wire === 1) pos += 8
    else if (wire === 5) pos += 4
    else if (wire === 2) {
      const len = varint()
      if (len === null || pos + len > bytes.length) return null
      if (field === 7) graph = true
      if (field === 8) {
        const id = parseOpset(pos, pos + len)
        if (!id) return null
        if (id.domain === '' || id.domain === 'ai.onnx') opset = id.version
      }
      pos += len
    } else return null
    if (pos > bytes.length) return null
  }
  return graph ? { opset } : null
}

function problemsOf(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(top)'}: ${issue.message}`)
    .join('; ')
}

/** Reads the model file and its card, and checks the card describes that file. */
export function loadModelCard(modelPath: string): { card: ModelCard; cardPath: string; bytes: Uint8Array } {
  if (!existsSync(modelPath)) throw notFound(`${modelPath}: no such model file`)
  const bytes = new Uint8Array(readFileSync(modelPath))
  const header = readOnnxHeader(bytes)
  if (!header) throw invalidInput(`${modelPath}: not an ONNX model (its bytes do not parse as an ONNX ModelProto with a graph)`)
  const cardPath = cardPathFor(modelPath)
  if (!existsSync(cardPath)) throw notFound(`${modelPath}: the model has no card (expected ${basename(cardPath)} beside it)`)
  let json: unknown
  try {
    json = JSON.parse(readFileSync(cardPath, 'utf8'))
  } catch (error) {
    throw invalidInput(`${cardPath}: not readable JSON (${(error as Error).message})`)
  }
  const parsed = ModelCardSchema.safeParse(json)
  if (!parsed.success) throw invalidInput(`${cardPath}: not a valid model card (${problemsOf(parsed.error)})`)
  const card = parsed.data
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  if (card.model !== basename(modelPath)) throw invalidInput(`${cardPath}: the card is for ${card.model}, not ${basename(modelPath)}`)
  if (card.bytes !== bytes.length || card.sha256 !== sha256) {
    throw invalidInput(`${cardPath}: the card disagrees with ${basename(modelPath)} (sha256 ${sha256.slice(0, 12)}…, ${bytes.length} bytes; the card says ${card.sha256.slice(0, 12)}…, ${card.bytes} bytes)`)
  }
  if (header.opset !== null && header.opset !== card.opset) {
    throw invalidInput(`${cardPath}: the card says opset ${card.opset}, ${basename(modelPath)} uses opset ${header.opset}`)
  }
  return { card, cardPath, bytes }
}

/** What ONNX Runtime reports of a session's inputs and outputs (InferenceSession's metadata). */
export interface SessionShapes {
  inputNames: readonly string[]
  outputNames: readonly string[]
  inputMetadata?: readonly { name: string; isTensor: boolean; type?: string; shape?: readonly (number | string)[] }[]
  outputMetadata?: readonly { name: string; isTensor: boolean; type?: string; shape?: readonly (number | string)[] }[]
}

const fmt = (shape: readonly (number | string)[] | undefined) => `(${(shape ?? []).join(', ')})`

/** Refuses a session whose single input and output are not the card's: name, rank, 12 pitch classes, embedding size. */
export function checkSessionAgainstCard(card: ModelCard, cardPath: string, modelPath: string, shapes: SessionShapes): void {
  const model = basename(modelPath)
  if (shapes.inputNames.length !== 1 || shapes.inputNames[0] !== card.input.name) {
    throw invalidInput(`${cardPath}: the card's input "${card.input.name}" is not ${model}'s (${shapes.inputNames.map((n) => `"${n}"`).join(', ') || 'none'})`)
  }
  if (shapes.outputNames.length !== 1 || shapes.outputNames[0] !== card.output.name) {
    throw invalidInput(`${cardPath}: the card's output "${card.output.name}" is not ${model}'s (${shapes.outputNames.map((n) => `"${n}"`).join(', ') || 'none'})`)
  }
  const input = shapes.inputMetadata?.[0]
  if (input?.isTensor && input.shape) {
    const [, , bins] = input.shape
    if (input.shape.length !== 3 || (typeof bins === 'number' && bins !== 12) || (input.type && input.type !== 'float32')) {
      throw invalidInput(`${modelPath}: the model's input is ${input.type ?? ''} ${fmt(input.shape)}, not float32 (batch, time, 12) as an embedding model's must be`)
    }
  }
  const output = shapes.outputMetadata?.[0]
  if (output?.isTensor && output.shape) {
    const last = output.shape[output.shape.length - 1]
    if (output.shape.length !== 2 || (typeof last === 'number' && last !== card.output.dim)) {
      throw invalidInput(`${cardPath}: the card says ${card.output.dim}-dimensional embeddings, ${model} outputs ${fmt(output.shape)}`)
    }
  }
}
