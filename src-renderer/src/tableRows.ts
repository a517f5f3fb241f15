// Keyboard use of a table whose rows open something: Enter opens the focused row, the arrows,
// Home and End move between rows. Pages add their own keys (paging, a query's list) through `more`.
import { useRef, type KeyboardEvent } from 'react'

export function useTableRows() {
  const tbody = useRef<HTMLTableSectionElement>(null)
  const focusRow = (i: number) => {
    const rows = tbody.current?.querySelectorAll<HTMLTableRowElement>('tr')
    if (!rows || rows.length === 0) return
    rows[Math.max(0, Math.min(rows.length - 1, i))]?.focus()
  }
  /** `more(key)` returns true when it handled a key the table itself does not. */
  const rowKeyDown = (e: KeyboardEvent, i: number, open: () => void, more?: (key: string) => boolean) => {
    if (e.key === 'Enter') open()
    else if (e.key === 'ArrowDown') focusRow(i + 1)
    else if (e.key === 'ArrowUp') focusRow(i - 1)
    else if (e.key === 'Home') focusRow(0)
    else if (e.key === 'End') focusRow(Number.MAX_SAFE_INTEGER)
    else if (!more?.(e.key)) return
    e.preventDefault()
  }
  return { tbody, focusRow, rowKeyDown }
}
