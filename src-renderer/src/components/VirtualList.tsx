// A keyboard-navigable, virtualized listbox (rows of fixed height) on @tanstack/react-virtual.
import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useId, useImperativeHandle, useRef, useState, type ReactNode, type Ref } from 'react'

export interface VirtualListHandle {
  focus: () => void
  scrollToTop: () => void
}

interface Props {
  count: number
  rowHeight?: number
  label: string
  testId?: string
  className?: string
  renderRow: (index: number, active: boolean) => ReactNode
  /** Opens a row (click or Enter). */
  onOpen: (index: number) => void
  /** Told the visible index range (with overscan) whenever it changes. */
  onRange?: (start: number, end: number) => void
  /** Text the row exposes to assistive tech / tests. */
  rowLabel?: (index: number) => string | undefined
  rowTestId?: string
  handle?: Ref<VirtualListHandle>
  /** Called when ArrowUp is pressed on the first row (e.g. to go back to the search box). */
  onExitTop?: () => void
  /** Size to the rows (up to what the parent allows) instead of filling the parent. */
  fit?: boolean
}

export function VirtualList({
  count,
  rowHeight = 26,
  label,
  testId,
  className,
  renderRow,
  onOpen,
  onRange,
  rowLabel,
  rowTestId,
  handle,
  onExitTop,
  fit,
}: Props) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const [active, setActive] = useState(-1)
  const id = useId()
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  })
  const items = virtualizer.getVirtualItems()
  const first = items[0]?.index ?? 0
  const last = items[items.length - 1]?.index ?? -1

  useEffect(() => {
    if (onRange && last >= first) onRange(first, last)
  }, [first, last, onRange])

  useEffect(() => {
    if (active >= count) setActive(count - 1)
  }, [count, active])

  useImperativeHandle(handle, () => ({
    focus: () => {
      if (active < 0 && count > 0) setActive(0)
      scrollRef.current?.focus()
    },
    scrollToTop: () => {
      setActive(-1)
      virtualizer.scrollToOffset(0)
    },
  }))

  const move = (to: number) => {
    if (count === 0) return
    const next = Math.max(0, Math.min(count - 1, to))
    setActive(next)
    virtualizer.scrollToIndex(next, { align: 'auto' })
  }

  const onKeyDown = (e: React.KeyboardEvent) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowHeight * 10) / rowHeight) - 1)
    switch (e.key) {
      case 'ArrowDown':
        move(active + 1)
        break
      case 'ArrowUp':
        if (active <= 0 && onExitTop) onExitTop()
        else move(active - 1)
        break
      case 'PageDown':
        move(active + page)
        break
      case 'PageUp':
        move(active - page)
        break
      case 'Home':
        move(0)
        break
      case 'End':
        move(count - 1)
        break
      case 'Enter':
        if (active >= 0 && active < count) onOpen(active)
        break
      default:
        return
    }
    e.preventDefault()
  }

  return (
    <div
      ref={scrollRef}
      className={`vlist${fit ? ' fit' : ''} ${className ?? ''}`}
      style={fit ? { height: count * rowHeight, minHeight: Math.min(count, 3) * rowHeight } : undefined}
      role="listbox"
      aria-label={label}
      tabIndex={0}
      data-testid={testId}
      aria-activedescendant={active >= 0 && active >= first && active <= last ? `${id}-${active}` : undefined}
      onKeyDown={onKeyDown}
      onFocus={() => {
        if (active < 0 && count > 0) setActive(Math.max(0, first))
      }}
    >
      <div className="vlist-inner" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => (
          <div
            key={item.key}
            id={`${id}-${item.index}`}
            role="option"
            aria-selected={item.index === active}
            aria-label={rowLabel?.(item.index)}
            data-testid={rowTestId}
            data-index={item.index}
            className={`vlist-row${item.index === active ? ' active' : ''}${item.index % 2 ? ' odd' : ''}`}
            style={{ height: rowHeight, transform: `translateY(${item.start}px)` }}
            onMouseDown={(e) => {
              // keep focus on the listbox, mark the row
              e.preventDefault()
              setActive(item.index)
              scrollRef.current?.focus({ preventScroll: true })
            }}
            onClick={() => onOpen(item.index)}
          >
            {renderRow(item.index, item.index === active)}
          </div>
        ))}
      </div>
    </div>
  )
}
