// Saving a file the backend wrote (a report, an export): in web mode the browser fetches it through
// the server's download route (GET /download, token in the query); the desktop app's backend
// writes to this machine's disk, where the path shown is the file.
import { getBridge, takeToken } from './bridge'
import { saveUrl } from './components/chromagram/download'

/** The address the browser saves `path` from, or null where the path itself is the file (desktop). */
export function downloadHref(path: string): string | null {
  if (getBridge().door !== 'web') return null
  const url = new URL('/download', window.location.origin)
  url.searchParams.set('path', path)
  const token = takeToken()
  if (token) url.searchParams.set('token', token)
  return url.toString()
}

/** Has the browser save `path` (web mode); nothing in the desktop app. */
export function download(path: string): void {
  const href = downloadHref(path)
  // The server names the file (Content-Disposition).
  if (href) saveUrl(href, '')
}
