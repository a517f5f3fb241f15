// The library version: a number that moves on every `library.changed` (an index or import ended,
// or the event stream reconnected), which views pass to useApi to fetch again. Only this is in a
// React context: job progress lives in the jobs store, so it never re-renders a library view.
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react'
import { getBridge } from '../bridge'

const LibraryVersion = createContext(0)

export function LibraryVersionProvider({ children }: { children: ReactNode }) {
  const [version, setVersion] = useState(0)
  useEffect(
    () =>
      getBridge().onEvent((event) => {
        if (event.type === 'library.changed') setVersion((v) => v + 1)
      }),
    [],
  )
  return <LibraryVersion.Provider value={version}>{children}</LibraryVersion.Provider>
}

export const useLibraryVersion = (): number => useContext(LibraryVersion)
