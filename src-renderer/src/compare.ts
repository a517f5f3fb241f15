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
