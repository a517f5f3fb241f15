// A job's tables a page of rows at a time (each page a call that SQL sorts and cuts): which page is
// shown, the last page loaded kept on screen while the next one loads, turning pages with the
// keyboard's focus following, and coming back to a row an address names (a way back from Compare
// lands on the row it left from). A table's body says which offset its rows start at
// (data-offset), so focus waits for the page it means.
import { useEffect, useRef, useState, type RefObject } from 'react'
import { fmtInt } from '../../format'

export const PAGE = 100

export function usePaging(tbody: RefObject<HTMLTableSectionElement | null>, at?: number) {
  const [offset, setOffset] = useState(() => (at === undefined ? 0 : at - (at % PAGE)))
  // The row to focus once its page is on screen: the first of a page turned to, or the row returned to.
  const focus = useRef<{ row: number; centre: boolean } | null>(at === undefined ? null : { row: at, centre: true })

  useEffect(() => {
    if (!focus.current || tbody.current?.dataset.offset !== String(offset)) return
    const row = tbody.current.querySelectorAll<HTMLTableRowElement>('tr')[focus.current.row - offset]
    if (!row) return
    row.focus()
    if (focus.current.centre) row.scrollIntoView({ block: 'center' })
    focus.current = null
  })

  const turn = (to: number, total: number) => {
    if (to < 0 || to >= total || to === offset) return
    focus.current = { row: to, centre: false }
    setOffset(to)
  }
  /** Back to the first page (the rows were sorted or filtered anew). */
  const reset = () => {
    focus.current = null
    setOffset(0)
  }
  /** PageUp / PageDown on a row, for useTableRows' `more`. */
  const pageKey = (key: string, total: number) => {
    if (key === 'PageDown') turn(offset + PAGE, total)
    else if (key === 'PageUp') turn(offset - PAGE, total)
    else return false
    return true
  }
  return { offset, turn, reset, pageKey }
}

/** The last page loaded, with the offset it starts at: what a table shows while another loads. */
export function useShown<T>(data: T | undefined, offset: number): { data: T; offset: number } | undefined {
  const shown = useRef<{ data: T; offset: number } | undefined>(undefined)
  if (data !== undefined && shown.current?.data !== data) shown.current = { data, offset }
  return shown.current
}

export function Pager({ offset, total, turn, testId, totalTestId }: { offset: number; total: number; turn: (to: number, total: number) => void; testId: string; totalTestId?: string }) {
  return (
    <div className="pager" data-testid={testId}>
      <button type="button" onClick={() => turn(offset - PAGE, total)} disabled={offset === 0}>
        ‹ Previous
      </button>
      <span className="small">
        {fmtInt(offset + 1)}–{fmtInt(Math.min(offset + PAGE, total))} of <span data-testid={totalTestId}>{fmtInt(total)}</span>
      </span>
      <button type="button" onClick={() => turn(offset + PAGE, total)} disabled={offset + PAGE >= total}>
        Next ›
      </button>
    </div>
  )
}
