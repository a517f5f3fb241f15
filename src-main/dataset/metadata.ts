// Reads a Da-TACOS metadata JSON: {W_id: {P_id: {work_title, work_artist, perf_title,
// perf_artist, release_year, work_id, perf_id, instrumental, perf_artist_mbid?, mb_performances?}}}.
// One bad entry is reported and skipped; a file that is not JSON at all is one error.
import { readFile } from 'node:fs/promises'
import { gunzipSync } from 'node:zlib'

export interface PerformanceMeta {
  workId: string
  perfId: string
  workTitle: string | null
  workArtist: string | null
  perfTitle: string | null
  perfArtist: string | null
  year: number | null
  /** release_year as the metadata writes it ("1972", "Unreleased"), for reports that reproduce it; null when empty. */
  released: string | null
  instrumental: boolean | null
  artistMbid: string | null
  recordingLengthsMs: number[]
}

export interface MetadataRead {
  entries: PerformanceMeta[]
  /** Entries skipped, each with why. */
  skipped: string[]
}

export class MetadataError extends Error {}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null)

function parseYear(value: unknown): number | null {
  const year = typeof value === 'number' ? value : Number.parseInt(String(value ?? ''), 10)
  return Number.isInteger(year) && year > 0 && year < 3000 ? year : null
}

function parseInstrumental(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value
  const word = String(value ?? '').toLowerCase()
  if (word === 'yes' || word === 'true') return true
  if (word === 'no' || word === 'false') return false
  return null
}

function recordingLengths(value: unknown): number[] {
  if (!value || typeof value !== 'object') return []
  return Object.values(value as Record<string, { length?: unknown }>)
    .map((recording) => Number(recording?.length))
    .filter((length) => Number.isFinite(length) && length > 0)
}

function readEntry(workKey: string, perfKey: string, raw: unknown): PerformanceMeta | string {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return `${workKey}/${perfKey}: not an object`
  const entry = raw as Record<string, unknown>
  const perfId = text(entry.perf_id) ?? perfKey
  const workId = text(entry.work_id) ?? workKey
  if (!/^P_\w+$/.test(perfId)) return `${workKey}/${perfKey}: performance id "${perfId}" is not of the form P_<id>`
  if (!/^W_\w+$/.test(workId)) return `${workKey}/${perfKey}: work id "${workId}" is not of the form W_<id>`
  if (perfId !== perfKey) return `${workKey}/${perfKey}: perf_id says ${perfId} but the entry is keyed ${perfKey}`
  if (workId !== workKey) return `${workKey}/${perfKey}: work_id says ${workId} but the entry sits under ${workKey}`
  return {
    workId,
    perfId,
    workTitle: text(entry.work_title),
    workArtist: text(entry.work_artist),
    perfTitle: text(entry.perf_title),
    perfArtist: text(entry.perf_artist),
    year: parseYear(entry.release_year),
    released: typeof entry.release_year === 'number' ? String(entry.release_year) : typeof entry.release_year === 'string' && entry.release_year !== '' ? entry.release_year : null,
    instrumental: parseInstrumental(entry.instrumental),
    artistMbid: text(entry.perf_artist_mbid),
    recordingLengthsMs: recordingLengths(entry.mb_performances),
  }
}

export function parseMetadata(json: string): MetadataRead {
  let root: unknown
  try {
    root = JSON.parse(json)
  } catch (error) {
    throw new MetadataError(`is not valid JSON (${(error as Error).message})`)
  }
  if (!root || typeof root !== 'object' || Array.isArray(root)) {
    throw new MetadataError('is JSON but not a Da-TACOS metadata object ({W_id: {P_id: {...}}})')
  }
  const read: MetadataRead = { entries: [], skipped: [] }
  for (const [workKey, performances] of Object.entries(root)) {
    if (!performances || typeof performances !== 'object' || Array.isArray(performances)) {
      read.skipped.push(`${workKey}: not an object of performances`)
      continue
    }
    for (const [perfKey, raw] of Object.entries(performances)) {
      const entry = readEntry(workKey, perfKey, raw)
      if (typeof entry === 'string') read.skipped.push(entry)
      else read.entries.push(entry)
    }
  }
  if (read.entries.length === 0) throw new MetadataError('holds no performances in the Da-TACOS metadata layout')
  return read
}

export async function readMetadataFile(path: string): Promise<MetadataRead> {
  let bytes = await readFile(path)
  if (path.endsWith('.gz')) {
    try {
      bytes = gunzipSync(bytes)
    } catch (error) {
      throw new MetadataError(`is not valid gzip (${(error as Error).message})`)
    }
  }
  return parseMetadata(bytes.toString('utf8'))
}
