// A column heading that sorts its table: a click sorts by it, again reverses the order.
import type { SortOrder } from '../../types'

export function SortHeader({ label, active, order, onSort, testId }: { label: string; active: boolean; order: SortOrder; onSort: () => void; testId: string }) {
  return (
    <th className="num" aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort-header" onClick={onSort} data-testid={testId}>
        {label}
        <span aria-hidden="true">{active ? (order === 'asc' ? ' ▲' : ' ▼') : ''}</span>
      </button>
    </th>
  )
}
