// Pure helpers for the Compare view: reading a warping path both ways and naming a transposition.

type Path = ReadonlyArray<readonly [number, number]>

/**
 * The time of the other performance that `path` aligns `sec` of one side to (side 0: the first,
 * 1: the second), interpolating between the thinned path's corners; null for an empty path.
 */
export function alignedTime(path: Path, sec: number, secondsPerFrame: number, side: 0 | 1): number | null {
  if (path.length === 0 || secondsPerFrame <= 0) return null
  const other = side === 0 ? 1 : 0
  const f = sec / secondsPerFrame
  let lo = 0
  let hi = path.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (path[mid]![side] < f) lo = mid + 1
    else hi = mid
  }
  if (lo === 0) return path[0]![other] * secondsPerFrame
  if (lo === path.length) return path[path.length - 1]![other] * secondsPerFrame
  const p = path[lo - 1]!
  const q = path[lo]!
  const t = (f - p[side]) / (q[side] - p[side])
  return (p[other] + t * (q[other] - p[other])) * secondsPerFrame
}

/**
 * How the second performance is moved to the first's key, signed within an octave: a shift of k
 * draws bin b + k at bin b, lowering it k semitones (the same as raising it 12 - k).
 */
export function transpositionLabel(shift: number): string {
  const k = ((shift % 12) + 12) % 12
  if (k === 0) return 'not transposed'
  const semitones = k <= 6 ? -k : 12 - k
  return `transposed ${semitones > 0 ? '+' : '−'}${Math.abs(semitones)} st`
}

/** A matrix's cells as frames: cell k is centred on frame firstFrame + k * framesPerCell, in each direction. */
export interface Grid {
  rows: number
  cols: number
  firstFrame: number
  framesPerCell: number
}

/**
 * The cell of a grid side that holds `frame`: the nearest cell centre, and the end cell for a
 * frame beyond either end (a frame stack holds its first and last frames too, so the frames
 * before the first stack's middle belong to the first stack).
 */
export function frameToCell(frame: number, cells: number, grid: Pick<Grid, 'firstFrame' | 'framesPerCell'>): number {
  const k = Math.round((frame - grid.firstFrame) / grid.framesPerCell)
  return Math.min(cells - 1, Math.max(0, k))
}

/**
 * A path in frames ([first, second], as the backend sends it) as the cells of the matrix drawn
 * under it: DTW's path runs over every frame, a stack grid starts at the first stack's middle
 * frame, so without this the path would run past the matrix by half a stack at each end.
 */
export function pathOnGrid(path: Path, grid: Grid): Array<[number, number]> {
  return path.map(([i, j]) => [frameToCell(i, grid.rows, grid), frameToCell(j, grid.cols, grid)])
}

/**
 * Where a time falls along one side of a grid, in cells (cell k spans [k, k + 1)): frame f spans
 * [f, f + 1) seconds-per-frame, as the chromagrams draw it.
 */
export function cellAtTime(sec: number, secondsPerFrame: number, grid: Pick<Grid, 'firstFrame' | 'framesPerCell'>): number {
  return (sec / secondsPerFrame - 0.5 - grid.firstFrame) / grid.framesPerCell + 0.5
}

/** The time at a position along one side of a grid, in cells: cellAtTime's inverse. */
export function timeAtCell(cell: number, secondsPerFrame: number, grid: Pick<Grid, 'firstFrame' | 'framesPerCell'>): number {
  return ((cell - 0.5) * grid.framesPerCell + grid.firstFrame + 0.5) * secondsPerFrame
}

/** What the metadata says of two performances: the same work, different works, or nothing it knows. */
export type WorkRelation = { kind: 'same'; workId: string; title: string | null } | { kind: 'different' } | { kind: 'unknown' }

/**
 * Work ids are the dataset's own: they name the same work within one dataset, and across
 * datasets that share Da-TACOS's ids; a user's import numbers its works itself, so a different id
 * there says nothing (the same id, a copied dataset's, still means the same work).
 */
export function workRelation(
  a: { dataset: string; workId: string; workTitle: string | null },
  b: { dataset: string; workId: string },
  kinds: Readonly<Record<string, 'da-tacos' | 'user'>>,
): WorkRelation {
  if (a.workId === b.workId) return { kind: 'same', workId: a.workId, title: a.workTitle }
  if (a.dataset === b.dataset || (kinds[a.dataset] === 'da-tacos' && kinds[b.dataset] === 'da-tacos')) return { kind: 'different' }
  return { kind: 'unknown' }
}

/**
 * The id a page gives one comparison's progress events: its own id and a hash (FNV-1a) of what
 * it asked, so the stages of a pair asked before the current one are never shown as its own.
 */
export function progressIdFor(page: string, request: unknown): string {
  let h = 0x811c9dc5
  for (const c of JSON.stringify(request)) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0
  return `${page}-${h.toString(36)}`
}
