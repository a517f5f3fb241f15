// `refrain import <folder> [--out <dataset folder>] [--works works.csv] [--workers N]`: audio
// files -> a Da-TACOS-layout dataset (metadata JSON, hpcp .h5 files, links to the audio), then
// indexed into the library. Progress bar on a terminal; Ctrl-C stops, keeping finished files,
// and the same command finishes the rest.
import type { App } from '../app/app'
import type { ImportSummary } from '../importer/types'
import type { IndexProgress, IndexSummary } from '../index/types'
import { EXIT, CliError, printJson, printLine } from './output'
import { cliJob } from './job'

export interface ImportFlags {
  out?: string
  works?: string
  workers?: number
  json: boolean
}

export async function importCommand(app: App, args: string[], flags: ImportFlags): Promise<number> {
  if (args.length !== 1) throw new CliError('refrain import needs one folder of audio files (see refrain --help)', EXIT.usage)
  const job = cliJob(flags.json, 'stopping: finished files are kept and the same command resumes')
  let result: { summary: ImportSummary; index: IndexSummary | null }
  try {
    result = await app.importer.importAudio({ folder: args[0], out: flags.out, worksCsv: flags.works, workers: flags.workers }, {
      isCancelled: job.isCancelled,
      // The bar shows the phase name: "import" stands where indexing shows its own phases.
      onProgress: (progress) => job.bar.update({ ...progress, phase: 'import' as IndexProgress['phase'] }),
      onMessage: job.onMessage,
    })
  } finally {
    job.end()
  }
  const { summary, index } = result
  if (flags.json) printJson({ ...summary, index })
  else printSummary(summary, index)
  if (summary.cancelled) return EXIT.interrupted
  if (summary.imported + summary.skipped === 0) return EXIT.failed
  if (summary.failed > 0 || summary.messages.some((m) => m.level === 'error') || (index?.filesFailed ?? 0) > 0) return EXIT.partial
  return EXIT.ok
}

function printSummary(summary: ImportSummary, index: IndexSummary | null): void {
  const state = summary.cancelled ? 'stopped early (run the same command again to finish)' : 'done'
  const speed = summary.seconds > 0 && summary.audioSeconds > 0 ? ` (${(summary.audioSeconds / summary.seconds).toFixed(1)} s of audio per second)` : ''
  printLine(
    `import ${state} in ${summary.seconds.toFixed(1)} s: ${summary.imported} files imported, ${summary.skipped} unchanged, ${summary.failed} failed; ` +
      `${(summary.audioSeconds / 60).toFixed(1)} min of audio${speed}`,
  )
  printLine(`dataset "${summary.dataset}" in ${summary.out}`)
  if (index) printLine(`indexed: ${index.performances} performances, ${index.works} works, ${index.features} features`)
}
