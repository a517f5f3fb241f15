// The sandboxed preload: exposes exactly the RefrainBridge (call + events, the media URL, and
// the path of a dropped file) and nothing else of Node or Electron. The main process relays each
// call to the backend process, which validates it against the contract.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
import type { ApiEvent, RefrainBridge } from '../src-main/api/contract'

const bridge: RefrainBridge = {
  call: (method, input) => ipcRenderer.invoke('refrain:call', method, input),
  onEvent(listener) {
    const forward = (_event: IpcRendererEvent, payload: ApiEvent) => listener(payload)
    ipcRenderer.on('refrain:event', forward)
    return () => ipcRenderer.off('refrain:event', forward)
  },
  // Served by the privileged refrain-media: scheme that electron/main.ts registers.
  audioUrl: (dataset, perfId) => `refrain-media://audio/${encodeURIComponent(dataset)}/${encodeURIComponent(perfId)}`,
  pathForFile: (file) => webUtils.getPathForFile(file),
}

contextBridge.exposeInMainWorld('refrain', bridge)
