// Saving a job's view as a file: the backend writes it (score.export) a chunk of rows at a time,
// whatever filter and sort is on screen and every row of it, not only the page shown; the chunks
// join into one Blob here, and the browser saves it.
import { api } from '../../api'
import type { Input, Output } from '../../types'

type Request = Input<'score.export'>
type Without<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never
/** A view to export: each kind with its own filter and sort (offset and limit are the chunks'). */
export type ExportRequest = Without<Request, 'offset' | 'limit' | 'format'>

const TYPES = { csv: 'text/csv', json: 'application/json' } as const

export async function exportView(request: ExportRequest, format: 'csv' | 'json', fileName: string): Promise<void> {
  const parts: string[] = []
  for (let offset: number | null = 0; offset !== null; ) {
    const chunk: Output<'score.export'> = await api('score.export', { ...request, format, offset } as Request)
    parts.push(chunk.text)
    offset = chunk.next
  }
  const url = URL.createObjectURL(new Blob(parts, { type: TYPES[format] }))
  const a = document.createElement('a')
  a.href = url
  a.download = `${fileName}.${format}`
  document.body.append(a)
  a.click()
  a.remove()
  // The download has taken its copy once click() returns; the next task may free the blob.
  window.setTimeout(() => URL.revokeObjectURL(url), 0)
}
