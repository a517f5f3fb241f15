// A store outside React: one immutable state moved by a reducer, read through selections. A
// selection tells its subscribers only when what it selects changes, so a view that reads one
// job is not woken by another's progress (React reads a selection with useSyncExternalStore).

export interface Selection<T> {
  /** The selected value: the same object until the selection changes. */
  get(): T
  /** Calls `listener` after each change of the selected value; returns the unsubscribe. */
  subscribe(listener: () => void): () => void
}

export interface SmallStore<S, A> {
  get(): S
  /** Applies the actions in turn and notifies once. */
  dispatch(...actions: A[]): void
  subscribe(listener: () => void): () => void
  select<T>(selector: (state: S) => T, isEqual?: (a: T, b: T) => boolean): Selection<T>
}

export function createStore<S, A>(reducer: (state: S, action: A) => S, initial: S): SmallStore<S, A> {
  let state = initial
  const listeners = new Set<() => void>()

  const subscribe = (listener: () => void) => {
    listeners.add(listener)
    return () => {
      listeners.delete(listener)
    }
  }

  return {
    get: () => state,
    dispatch(...actions) {
      const next = actions.reduce(reducer, state)
      if (next === state) return
      state = next
      for (const listener of [...listeners]) listener()
    },
    subscribe,
    select(selector, isEqual = Object.is) {
      let seen = state
      let value = selector(state)
      const get = () => {
        if (state !== seen) {
          seen = state
          const next = selector(state)
          if (!isEqual(value, next)) value = next
        }
        return value
      }
      return {
        get,
        subscribe(listener) {
          let last = get()
          return subscribe(() => {
            const now = get()
            if (now === last) return
            last = now
            listener()
          })
        },
      }
    },
  }
}

/** Equal arrays of the same items: a list re-derived from an unchanged state selects the same list. */
export function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}
