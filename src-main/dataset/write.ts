// Writes Da-TACOS files: an hpcp feature file the way deepdish writes them (dataset `hpcp`,
// (T, 12) float32, chunked + gzip; root attributes `label` = work id and `track_id` =
// performance id), and JSON files. Both go to a temporary name first and are renamed into
// place, so a killed run never leaves half a file under the real name.
import h5wasm from 'h5wasm/node'
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { h5Ready } from './h5'

let tempCounter = 0
/** A temporary name beside `path`, unique to this process and call; `.partial` marks it as ours. */
export function tempNameFor(path: string): string {
  return `${path}.${process.pid}-${Date.now().toString(36)}-${tempCounter++}.partial`
}

export const TEMP_SUFFIX = /\.\d+-[0-9a-z]+-\d+\.partial$/

/** Frames per HDF5 chunk (deepdish leaves the choice to PyTables; ~100 KB chunks read fast). */
const CHUNK_FRAMES = 2048

export async function writeHpcpFile(path: string, workId: string, perfId: string, hpcp: Float32Array): Promise<void> {
  if (hpcp.length % 12 !== 0) throw new Error(`hpcp holds ${hpcp.length} values, not a whole number of 12-bin frames`)
  const frames = hpcp.length / 12
  await h5Ready()
  mkdirSync(dirname(path), { recursive: true })
  const temp = tempNameFor(path)
  try {
    const file = new h5wasm.File(temp, 'w')
    try {
      if (frames > 0) {
        file.create_dataset({ name: 'hpcp', data: hpcp, shape: [frames, 12], dtype: '<f', chunks: [Math.min(frames, CHUNK_FRAMES), 12], compression: 'gzip', compression_opts: 4 })
      } else {
        file.create_dataset({ name: 'hpcp', data: hpcp, shape: [0, 12], dtype: '<f' })
      }
      file.create_attribute('label', workId)
      file.create_attribute('track_id', perfId)
    } finally {
      file.close()
    }
    renameSync(temp, path)
  } catch (error) {
    rmSync(temp, { force: true })
    throw error
  }
}

export function writeJsonAtomic(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true })
  const temp = tempNameFor(path)
  try {
    writeFileSync(temp, JSON.stringify(value, null, 1) + '\n')
    renameSync(temp, path)
  } catch (error) {
    rmSync(temp, { force: true })
    throw error
  }
}
