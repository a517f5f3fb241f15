// Input checking for the evaluation metrics: distance matrices (n x n or queries x candidates, as a
// flat row-major Float32Array or as rows) and work labels. Every metric reads distances through
// the accessor made here, so a bad cell is reported once, by position, before anything is ranked.

import { RefrainError } from '../errors'

export class EvalInputError extends RefrainError {
  constructor(message: string) {
    super('invalid-input', message)
    this.name = 'EvalInputError'
  }
}

/** A work label: two items are versions of each other exactly when their labels are equal (===). */
export type WorkLabel = string | number

/** Flat row-major (rows x cols) or one array per row. Lower distance = more similar. */
export type DistanceInput = Float32Array | Float64Array | readonly (readonly number[] | Float32Array | Float64Array)[]

export interface Matrix {
  rows: number
  cols: number
  get(i: number, j: number): number
}

export function checkLabels(labels: readonly WorkLabel[], what = 'labels'): void {
  if (!Array.isArray(labels)) throw new EvalInputError(`${what} must be an array of work labels`)
  labels.forEach((l, k) => {
    if (typeof l === 'string') {
      if (l.length === 0) throw new EvalInputError(`${what}[${k}] is an empty string`)
    } else if (typeof l !== 'number' || !Number.isFinite(l)) {
      throw new EvalInputError(`${what}[${k}] must be a non-empty string or a finite number, got ${String(l)}`)
    }
  })
}

/**
 * Wraps `distances` as rows x cols and checks every cell. `skip(i, j)` names cells that are never
 * read (the diagonal of a square matrix: an item's distance to itself), which may hold anything.
 * NaN and -Infinity are refused with the cell's position; +Infinity is allowed (e.g. an abandoned
 * DTW) and ranks last.
 */
export function toMatrix(distances: DistanceInput, rows: number, cols: number, skip?: (i: number, j: number) => boolean): Matrix {
  let get: (i: number, j: number) => number
  if (distances instanceof Float32Array || distances instanceof Float64Array) {
    if (distances.length !== rows * cols) {
      throw new EvalInputError(`distance array has ${distances.length} values; expected ${rows} x ${cols} = ${rows * cols} (one row per query, one column per candidate)`)
    }
    const flat = distances
    get = (i, j) => flat[i * cols + j]
  } else if (Array.isArray(distances)) {
    if (distances.length !== rows) throw new EvalInputError(`distance matrix has ${distances.length} rows; expected ${rows} (one per query label)`)
    distances.forEach((row, i) => {
      if (!Array.isArray(row) && !(row instanceof Float32Array) && !(row instanceof Float64Array)) {
        throw new EvalInputError(`distance row ${i} is not an array`)
      }
      if (row.length !== cols) {
        throw new EvalInputError(`distance row ${i} has ${row.length} values; expected ${cols}${rows === cols ? ' (the matrix must be square: n x n for n labels)' : ' (one per candidate label)'}`)
      }
    })
    const rowsArr = distances
    get = (i, j) => rowsArr[i][j]
  } else {
    throw new EvalInputError('distances must be a Float32Array, a Float64Array or an array of rows')
  }
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      if (skip?.(i, j)) continue
      const d = get(i, j)
      if (typeof d !== 'number' || Number.isNaN(d) || d === -Infinity) {
        throw new EvalInputError(`distance at row ${i}, column ${j} is ${String(d)}; distances must be numbers (NaN and -Infinity are not distances)`)
      }
    }
  }
  return { rows, cols, get }
}

/** An n x n matrix for n labels; the diagonal is never read. Needs at least 2 items. */
export function squareMatrix(distances: DistanceInput, labels: readonly WorkLabel[]): Matrix {
  checkLabels(labels)
  const n = labels.length
  if (n < 2) throw new EvalInputError(`need at least 2 items to evaluate, got ${n}: a single item has nothing to be ranked against`)
  return toMatrix(distances, n, n, (i, j) => i === j)
}
