// The import worker (built as its own entry, out/main/import-worker.js): decodes one audio
// file, streams it through the HPCP extractor and writes the performance's hpcp .h5 file.
import { decodeFile } from '../audio/decode'
import { readTags, type Tags } from '../audio/tags'
import { writeHpcpFile } from '../dataset/write'
import { createHpcpStream } from '../extraction/hpcp'
import { serveTasks } from './serve'

export interface ImportTask {
  source: string
  h5Path: string
  workId: string
  perfId: string
}

export interface ImportResult {
  format: string
  sampleRate: number
  channels: number
  durationSec: number
  frames: number
  warnings: string[]
  tags: Tags
}

export interface ImportTaskProgress {
  fraction: number
}

/** Growable frame store: a 2-hour file is ~620,000 frames, 30 MB of float32. */
class Frames {
  private data = new Float32Array(12 * 4096)
  length = 0
  add(frames: Float32Array): void {
    if (frames.length === 0) return
    if (this.length + frames.length > this.data.length) {
      const grown = new Float32Array(Math.max(this.data.length * 2, this.length + frames.length))
      grown.set(this.data.subarray(0, this.length))
      this.data = grown
    }
    this.data.set(frames, this.length)
    this.length += frames.length
  }
  values(): Float32Array {
    return this.data.subarray(0, this.length)
  }
}

export async function importOne(task: ImportTask, report: (progress: ImportTaskProgress) => void): Promise<ImportResult> {
  const tags = await readTags(task.source)
  const stream = createHpcpStream()
  const frames = new Frames()
  let lastReport = 0
  const info = await decodeFile(task.source, (samples) => frames.add(stream.push(samples)), {
    onFraction: (fraction) => {
      const now = Date.now()
      if (now - lastReport < 200) return
      lastReport = now
      report({ fraction: Math.min(0.99, fraction) })
    },
  })
  frames.add(stream.end())
  if (frames.length === 0) throw new Error(`too short: ${info.durationSec.toFixed(3)} s of audio gives no HPCP frame`)
  await writeHpcpFile(task.h5Path, task.workId, task.perfId, frames.values())
  report({ fraction: 1 })
  return {
    format: info.format,
    sampleRate: info.sampleRate,
    channels: info.channels,
    durationSec: info.durationSec,
    frames: frames.length / 12,
    warnings: info.warnings,
    tags,
  }
}

// The decoders also print every corrupt frame to the console, without the file's name; their
// errors reach us in each result (and become one warning naming the file), so keep the
// terminal to our messages.
for (const method of ['log', 'info', 'warn', 'error'] as const) console[method] = () => {}

serveTasks<ImportTask, ImportResult, ImportTaskProgress>(async (task, report) => {
  // Lets tests check that a crashed worker is replaced and its file reported (REFRAIN_TEST_CRASH names the file).
  if (process.env.REFRAIN_TEST_CRASH && task.source.endsWith(process.env.REFRAIN_TEST_CRASH)) process.exit(70)
  return importOne(task, report)
})
