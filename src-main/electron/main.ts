// The Electron shell. The main process owns only the window, the refrain-media: scheme, the
// native folder dialog and security; the backend (SQLite, HDF5, jobs) runs in a utility process
// serving web mode's protocol (serve-backend.ts), so no synchronous read ever blocks the window,
// and relay.ts carries the window's calls to it.
import { app, BrowserWindow, dialog, ipcMain, protocol, shell, utilityProcess, type UtilityProcess } from 'electron'
import { join } from 'node:path'
import { appVersion, defaultDbPath, rendererDir, resourcesDir } from '../library/paths'
import { BackendRelay, type BackendChild, type BackendExit } from './relay'

const CALL_CHANNEL = 'refrain:call'
const EVENT_CHANNEL = 'refrain:event'
/** refrain-media://audio/<dataset>/<perfId>: a performance's audio, for <audio> and wavesurfer's fetch. */
const MEDIA_SCHEME = 'refrain-media'

// A second launch (a file manager, a dock click) focuses the running window: two backends on one
// database would each run jobs the other cannot see.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  // Privileged before the app is ready: standard URLs, fetch(), and streaming (so <audio> seeks with Range requests).
  protocol.registerSchemesAsPrivileged([
    { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true } },
  ])
  app.on('second-instance', () => {
    const window = BrowserWindow.getAllWindows()[0]
    if (!window) return
    if (window.isMinimized()) window.restore()
    window.focus()
  })
  app.whenReady().then(run, (error: Error) => {
    dialog.showErrorBox('Refrain could not start', error.message)
    app.quit()
  })
}

function dbArgument(): string | undefined {
  const index = process.argv.indexOf('--db')
  return index >= 0 ? process.argv[index + 1] : undefined
}

/** The backend as a utility process, its stderr kept for the crash dialog. */
function spawnBackend(): BackendChild {
  const child: UtilityProcess = utilityProcess.fork(join(import.meta.dirname, 'backend.js'), [], {
    serviceName: 'Refrain backend',
    stdio: ['ignore', 'inherit', 'pipe'],
    // The main process knows whether it is packaged; the backend finds the bundled library through this.
    env: { ...process.env, REFRAIN_RESOURCES: resourcesDir() },
  })
  return {
    send: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', listener),
    stderr: child.stderr,
    kill: () => void child.kill(),
  }
}

async function run(): Promise<void> {
  let window: BrowserWindow | null = null
  let quitting = false

  const relay = new BackendRelay({
    spawn: spawnBackend,
    start: {
      dbPath: defaultDbPath(dbArgument()),
      // In a checkout the start script builds better-sqlite3 for Electron's ABI and names it here;
      // a packaged app's copy is built for Electron by electron-builder.
      ...(process.env.REFRAIN_SQLITE_BINDING ? { nativeBinding: process.env.REFRAIN_SQLITE_BINDING } : {}),
      version: appVersion(),
      rendererDir: rendererDir(),
    },
    pick: async (what) => {
      const options: Electron.OpenDialogOptions =
        what === 'folder' ? { properties: ['openDirectory'] } : { properties: ['openFile'], filters: [{ name: 'ONNX model (its .card.json beside it)', extensions: ['onnx'] }] }
      const picked = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options)
      return picked.canceled ? null : (picked.filePaths[0] ?? null)
    },
    onEvent: (event) => {
      if (window && !window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, event)
    },
    onCrash: (exit) => void offerRestart('Refrain\'s backend stopped unexpectedly.', exit),
  })

  /** The backend is gone: say why, and restart it or quit, as the person chooses. */
  async function offerRestart(message: string, exit: BackendExit | { detail: string }): Promise<void> {
    if (quitting) return
    const code = 'code' in exit && exit.code !== null ? ` (exit code ${exit.code})` : ''
    const options = {
      type: 'error' as const,
      title: 'Refrain',
      message,
      detail: `${exit.detail || 'It gave no reason.'}${code}\n\nFinished work is kept: an interrupted job can be resumed or run again without redoing what it finished.`,
      buttons: ['Restart the backend', 'Quit Refrain'],
      defaultId: 0,
      cancelId: 1,
      noLink: true,
    }
    const { response } = window && !window.isDestroyed() ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options)
    if (response !== 0) return app.quit()
    try {
      await relay.start()
      relay.indexDefaultLibrary()
    } catch (error) {
      await offerRestart('Refrain\'s backend could not start.', { detail: (error as Error).message })
    }
  }

  const started = relay.start().then(
    () => true,
    (error: Error) => offerRestart('Refrain\'s backend could not start.', { detail: error.message }).then(() => false),
  )

  protocol.handle(MEDIA_SCHEME, (request) => relay.media(request))
  ipcMain.handle(CALL_CHANNEL, (event, method: unknown, input: unknown) => {
    if (!window || event.senderFrame !== window.webContents.mainFrame) throw new Error('calls are accepted from the main window only')
    return relay.call(String(method), input)
  })

  window = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Refrain',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
    },
  })
  window.webContents.on('will-navigate', (event) => event.preventDefault())
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url)
    return { action: 'deny' }
  })
  window.on('closed', () => {
    window = null
  })

  // Quitting waits for the backend to cancel its jobs and close the database cleanly.
  app.on('before-quit', (event) => {
    if (quitting) return
    quitting = true
    event.preventDefault()
    void relay.stop().finally(() => app.quit())
  })
  app.on('window-all-closed', () => app.quit())

  const rendererUrl = process.env.ELECTRON_RENDERER_URL
  if (rendererUrl) await window.loadURL(rendererUrl)
  else await window.loadFile(join(import.meta.dirname, '../renderer/index.html'))
  // Indexing the bundled library reports progress: start it once the window can show it (a
  // backend started from the failure dialog was asked there).
  if (await started) relay.indexDefaultLibrary()
}
