// The entry of the backend's utility process (utilityProcess.fork in main.ts). It finds its
// channel to the parent and hands it to serveBackend. A Node child forked with an IPC channel
// runs this same file, which is how the tests start the backend without Electron.
import { serveBackend, type ParentLink } from './serve-backend'

interface ElectronParentPort {
  postMessage(message: unknown): void
  on(event: 'message', listener: (event: { data: unknown }) => void): void
}

function parentLink(): ParentLink & { onGone(listener: () => void): void } {
  const port = (process as { parentPort?: ElectronParentPort | null }).parentPort
  // Electron ends its utility processes with the main process, so nothing waits for that here.
  if (port) return { post: (message) => port.postMessage(message), onMessage: (listener) => port.on('message', (event) => listener(event.data)), onGone: () => {} }
  const send = process.send?.bind(process)
  if (!send) {
    console.error('refrain backend: no parent to talk to (start it with Electron\'s utilityProcess.fork, or fork it with an IPC channel)')
    process.exit(2)
  }
  return {
    post: (message) => void send(message),
    onMessage: (listener) => process.on('message', listener),
    // A forked child outlives a parent killed without warning unless it leaves when the channel closes.
    onGone: (listener) => process.once('disconnect', listener),
  }
}

const link = parentLink()
const backend = serveBackend(link, (code) => process.exit(code))
link.onGone(() => void backend.stop())
