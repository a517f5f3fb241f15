// `refrain index <path...>`: index metadata JSONs and feature folders, with a progress bar,
// Ctrl-C to stop after the current batch (what is done stays), and a summary.
import type { IndexSummary } from '../api/contract'
import type { Library } from '../library/library'
import { EXIT, CliError, printJson, printLine } from './output'
import { progressBar } from './progress'

export async function indexCommand(library: Library, paths: string[], json: boolean): Promise<number> {
  if (paths.length === 0) throw new CliError('refrain index needs at least one file or folder', EXIT.usage)
  const bar = progressBar()
  let cancelled = false
  const onInterrupt = () => {
    if (cancelled) process.exit(EXIT.interrupted)
    cancelled = true
    bar.clear()
    process.stderr.write('stopping after the current batch (Ctrl-C again to quit at once)…\n')
  }
  process.on('SIGINT', onInterrupt)
  let summary: IndexSummary
  try {
    summary = await library.index(paths, {
      isCancelled: () => cancelled,
      onProgress: (progress) => bar.update(progress),
      onMessage: (message) => {
        if (json) return
        bar.clear()
        process.stderr.write(`${message.level}: ${message.file}: ${message.message}\n`)
      },
    })
  } finally {
    process.off('SIGINT', onInterrupt)
    bar.clear()
  }
  if (json) printJson(summary)
  else printSummary(summary)
  if (summary.cancelled) return EXIT.interrupted
  if (summary.filesFailed > 0) return summary.filesIndexed + summary.filesUnchanged > 0 ? EXIT.partial : EXIT.failed
  return EXIT.ok
}

function printSummary(summary: IndexSummary): void {
  const state = summary.cancelled ? 'stopped early (run the same command again to finish)' : 'done'
  printLine(
    `indexing ${state} in ${summary.seconds.toFixed(1)} s: ${summary.filesIndexed} files indexed, ` +
      `${summary.filesUnchanged} unchanged, ${summary.filesFailed} failed; ` +
      `${summary.performances} performances, ${summary.works} works, ${summary.features} features`,
  )
}
