// What every long CLI job shares: a progress bar, per-file messages on stderr (not with --json),
// and Ctrl-C (or SIGTERM) to stop after the work in flight, keeping what is finished; a second
// Ctrl-C quits at once.
import type { IndexMessage } from '../jobs/message'
import { EXIT, printError } from './output'
import { progressBar } from './progress'

export function cliJob(json: boolean, stoppingNote: string) {
  const bar = progressBar()
  let cancelled = false
  const onInterrupt = () => {
    if (cancelled) process.exit(EXIT.interrupted)
    cancelled = true
    bar.clear()
    printError(`${stoppingNote} (Ctrl-C again to quit at once)…`)
  }
  process.on('SIGINT', onInterrupt)
  process.on('SIGTERM', onInterrupt)
  return {
    bar,
    isCancelled: () => cancelled,
    onMessage(message: IndexMessage) {
      if (json) return
      bar.clear()
      printError(`${message.level}: ${message.file}: ${message.message}`)
    },
    end() {
      process.off('SIGINT', onInterrupt)
      process.off('SIGTERM', onInterrupt)
      bar.clear()
    },
  }
}
