// A one-line progress bar on stderr when it is a terminal; silent otherwise, so piped
// output and --json stay clean. A terminal that reports 0 columns (script, some CI) counts as 100.
import { basename } from 'node:path'
import type { IndexProgress } from '../index/types'
import { safeText } from './output'

export function progressBar(stream: NodeJS.WriteStream = process.stderr) {
  const active = Boolean(stream.isTTY)
  let shown = false
  return {
    /** `detail` replaces the file name at the end of the line (e.g. a rate and an ETA). */
    update(progress: IndexProgress, detail?: string) {
      if (!active) return
      const width = 30
      const fraction = progress.total > 0 ? (progress.done + progress.fileFraction) / progress.total : 0
      const filled = Math.round(fraction * width)
      const bar = '#'.repeat(filled) + '-'.repeat(width - filled)
      const file = detail ?? (progress.file ? safeText(basename(progress.file)) : '')
      const line = `${progress.phase.padEnd(8)} [${bar}] ${String(Math.round(fraction * 100)).padStart(3)}% ${progress.done}/${progress.total} ${file}`
      stream.write(`\r${line.slice(0, (stream.columns || 100) - 1).padEnd((stream.columns || 100) - 1)}`)
      shown = true
    },
    clear() {
      if (active && shown) stream.write(`\r${' '.repeat((stream.columns || 100) - 1)}\r`)
      shown = false
    },
  }
}
