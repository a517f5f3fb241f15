// What the window knows of the app itself: the backend's `app.info` (asked once, shared through a
// context) and the state of the event connection (read from the bridge as it changes).
import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react'
import { useApi, type Loadable } from '../api'
import { getBridge, type ConnectionState } from '../bridge'
import type { Output } from '../types'

type AppInfo = Loadable<Output<'app.info'>>

const AppInfoContext = createContext<AppInfo | null>(null)

export function AppInfoProvider({ children }: { children: ReactNode }) {
  const info = useApi('app.info', {})
  return <AppInfoContext.Provider value={info}>{children}</AppInfoContext.Provider>
}

export function useAppInfo(): AppInfo {
  const info = useContext(AppInfoContext)
  if (!info) throw new Error('useAppInfo outside AppInfoProvider')
  return info
}

const subscribeConnection = (listener: () => void) => getBridge().onConnection(listener)
const currentConnection = () => getBridge().connection()

export const useConnection = (): ConnectionState => useSyncExternalStore(subscribeConnection, currentConnection)
