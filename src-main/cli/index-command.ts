// `refrain index <path...>`: index metadata JSONs and feature folders, with a progress bar,
// Ctrl-C to stop after the current batch (what is done stays), and a summary.
import type { App } from '../app/app'
import type { IndexSummary } from '../index/types'
import { EXIT, CliError, printJson, printLine } from './output'
import { cliJob } from './job'

export async function indexCommand(app: App, paths: string[], json: boolean): Promise<number> {
  if (paths.length === 0) throw new CliError('refrain index needs at least one file or folder', EXIT.usage)
  const job = cliJob(json, 'stopping after the current batch')
  let summary: IndexSummary
  try {
    summary = await app.library.index(paths, {
      isCancelled: job.isCancelled,
      onProgress: (progress) => job.bar.update(progress),
      onMessage: job.onMessage,
    })
  } finally {
    job.end()
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
