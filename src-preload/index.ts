// The sandboxed preload: exposes exactly the RefrainBridge (call + events) and nothing of
// Node or Electron. The main process validates every call against the contract.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { ApiEvent, RefrainBridge } from '../src-main/api/contract'

const bridge: RefrainBridge = {
  call: (method, input) => ipcRenderer.invoke('refrain:call', method, input),
  onEvent(listener) {
    const forward = (_event: IpcRendererEvent, payload: ApiEvent) => listener(payload)
    ipcRenderer.on('refrain:event', forward)
    return () => ipcRenderer.off('refrain:event', forward)
  },
}

contextBridge.exposeInMainWorld('refrain', bridge)
