// The Electron shell: one hardened window over the same API the web mode serves. It owns
// nothing but the window, the folder picker and the IPC wiring; the domain lives elsewhere.
import { app, BrowserWindow, dialog, ipcMain, protocol, shell } from 'electron'
import { join } from 'node:path'
import { createDispatch } from '../api/dispatch'
import { createHandlers } from '../api/handlers'
import { audioFile } from '../index/queries'
import { audioTarget, mediaResponse } from '../media/serve'
import { Library } from '../library/library'
import { appVersion, defaultDbPath } from '../library/paths'

const CALL_CHANNEL = 'refrain:call'
const EVENT_CHANNEL = 'refrain:event'
/** refrain-media://audio/<dataset>/<perfId>: a performance's audio, for <audio> and wavesurfer's fetch. */
const MEDIA_SCHEME = 'refrain-media'

// Privileged before the app is ready: standard URLs, fetch(), and streaming (so <audio> seeks with Range requests).
protocol.registerSchemesAsPrivileged([
  { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true } },
])

/** Answers refrain-media: requests from the library's index, with the same lookup web mode uses. */
function serveMediaScheme(library: Library): void {
  protocol.handle(MEDIA_SCHEME, async (request) => {
    const url = new URL(request.url)
    const target = audioTarget(url.hostname, url.pathname.split('/').slice(1))
    if (target === 'malformed') return new Response('malformed path', { status: 400 })
    const file = target && audioFile(library.db, target.dataset, target.perfId)
    if (!file) return new Response('no audio for this performance', { status: 404 })
    // The renderer's page (file:// or the dev server) fetches across origins for the waveform.
    return mediaResponse(request, file, { 'Access-Control-Allow-Origin': '*' }).catch(
      (error: Error) => new Response(`the audio file cannot be read: ${error.message}`, { status: 404 }),
    )
  })
}

function dbArgument(): string | undefined {
  const index = process.argv.indexOf('--db')
  return index >= 0 ? process.argv[index + 1] : undefined
}

async function createWindow(): Promise<void> {
  // The start script builds better-sqlite3 for Electron's ABI beside Node's and names it here.
  const library = new Library({ dbPath: defaultDbPath(dbArgument()), nativeBinding: process.env.REFRAIN_SQLITE_BINDING })
  serveMediaScheme(library)
  const rendererUrl = process.env.ELECTRON_RENDERER_URL
  const window = new BrowserWindow({
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
  const dispatch = createDispatch(
    createHandlers(library, {
      name: 'electron',
      version: appVersion(),
      pickFolder: async () => {
        const picked = await dialog.showOpenDialog(window, { properties: ['openDirectory', 'multiSelections'] })
        return picked.canceled ? null : (picked.filePaths[0] ?? null)
      },
    }),
  )
  ipcMain.handle(CALL_CHANNEL, (event, method: unknown, input: unknown) => {
    if (event.senderFrame !== window.webContents.mainFrame) throw new Error('calls are accepted from the main window only')
    return dispatch(String(method), input)
  })
  const unsubscribe = library.onEvent((event) => {
    if (!window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, event)
  })
  window.webContents.on('will-navigate', (event) => event.preventDefault())
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url)
    return { action: 'deny' }
  })
  window.on('closed', () => {
    unsubscribe()
    ipcMain.removeHandler(CALL_CHANNEL)
    protocol.unhandle(MEDIA_SCHEME)
    library.close()
  })
  if (rendererUrl) await window.loadURL(rendererUrl)
  else await window.loadFile(join(import.meta.dirname, '../renderer/index.html'))
  void library.ensureDefaultLibrary({ onProgress: (progress) => window.webContents.send(EVENT_CHANNEL, { type: 'index.progress', progress }) })
}

app.whenReady().then(createWindow, (error: Error) => {
  dialog.showErrorBox('Refrain could not start', error.message)
  app.quit()
})
app.on('window-all-closed', () => app.quit())
