// The contingency table of two labelings of the same items (known works against predicted
// clusters): every agreement measure (agreement-pairs.ts, agreement-information.ts) reads only
// this, so the labels are checked and counted once.
import { checkLabels, EvalInputError, type WorkLabel } from './input'

/** The contingency table of two labelings of the same items, sparse: one cell per non-empty (work, cluster). */
export interface Contingency {
  /** Items. */
  n: number
  /** Row sums (items per true class). */
  classSizes: number[]
  /** Column sums (items per cluster). */
  clusterSizes: number[]
  /** Non-empty cells: class index, cluster index, count. */
  cells: { row: number; col: number; count: number }[]
}

/** Counts `truth` (the known works) against `predicted` (the clusters), item by item. */
export function contingency(truth: readonly WorkLabel[], predicted: readonly WorkLabel[]): Contingency {
  checkLabels(truth, 'truth')
  checkLabels(predicted, 'predicted')
  if (truth.length !== predicted.length) throw new EvalInputError(`truth has ${truth.length} labels and predicted ${predicted.length}: both must label the same items`)
  if (truth.length < 2) throw new EvalInputError(`need at least 2 items to compare two clusterings, got ${truth.length}`)
  const rows = new Map<WorkLabel, number>()
  const cols = new Map<WorkLabel, number>()
  const cellIndex = new Map<string, number>()
  const out: Contingency = { n: truth.length, classSizes: [], clusterSizes: [], cells: [] }
  for (let k = 0; k < truth.length; k++) {
    const row = indexOf(rows, truth[k], out.classSizes)
    const col = indexOf(cols, predicted[k], out.clusterSizes)
    out.classSizes[row]++
    out.clusterSizes[col]++
    const key = `${row}:${col}`
    const at = cellIndex.get(key)
    if (at === undefined) {
      cellIndex.set(key, out.cells.length)
      out.cells.push({ row, col, count: 1 })
    } else out.cells[at].count++
  }
  return out
}

function indexOf(index: Map<WorkLabel, number>, label: WorkLabel, sizes: number[]): number {
  let at = index.get(label)
  if (at === undefined) {
    at = sizes.length
    index.set(label, at)
    sizes.push(0)
  }
  return at
}

/** Every cell is the whole of its row and its column: the two labelings are the same partition. */
export function identicalPartitions(t: Contingency): boolean {
  return t.cells.every((c) => c.count === t.classSizes[c.row] && c.count === t.clusterSizes[c.col])
}
