// `refrain serve`: the workstation as a loopback web app. Prints the URL (with its
// per-launch token) and runs until Ctrl-C.
import type { App } from '../app/app'
import { rendererDir } from '../library/paths'
import { serveApp } from '../server/serve-app'
import { CliError, EXIT, printLine } from './output'

export async function serveCommand(app: App, port: number, json: boolean): Promise<number> {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be 0–65535, not ${port}`, EXIT.usage)
  let server
  try {
    server = await serveApp(app, { rendererDir: rendererDir(), port })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE') throw new CliError(`port ${port} is already in use; pick another with --port, or 0 for any free port`)
    throw new CliError((error as Error).message)
  }
  if (json) printLine(JSON.stringify({ url: server.url, port: server.port, db: app.dbPath }))
  else {
    printLine(`Refrain is serving on ${server.url}`)
    printLine(`library: ${app.dbPath}`)
    printLine('Open the address above in a browser on this machine (the token in it is required). Ctrl-C stops.')
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  await server.close()
  return EXIT.ok
}
