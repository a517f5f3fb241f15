// Web mode over one App, as both web doors start it (`refrain serve`, and the Electron backend's
// utility process): first the uploads no indexed dataset links to any more are deleted, then the
// App's dispatch, events and audio are served on 127.0.0.1.
import type { App } from '../app/app'
import { uploadsDir as defaultUploadsDir } from '../library/paths'
import { cleanUploads, linkedUploads } from './upload'
import { startWebServer, type WebServer, type WebServerOptions } from './web'

export type ServeAppOptions = Omit<WebServerOptions, 'dispatch' | 'audioFile' | 'onEvent'> & Partial<Pick<WebServerOptions, 'onEvent'>>

export async function serveApp(app: App, options: ServeAppOptions): Promise<WebServer> {
  const uploads = options.uploadsDir ?? defaultUploadsDir()
  await cleanUploads(uploads, linkedUploads(uploads, app.library.audioPaths()))
  return startWebServer({
    ...options,
    uploadsDir: uploads,
    dispatch: app.dispatch,
    onEvent: options.onEvent ?? ((listener) => app.onEvent(listener)),
    audioFile: (dataset, perfId) => app.audioFile(dataset, perfId),
  })
}
