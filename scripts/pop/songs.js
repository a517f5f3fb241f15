// A POP909 song as the pop builder sees it: its notes by part (MELODY, BRIDGE, PIANO, matched
// by name whatever the case) and a bar grid, summarised into the few numbers the plan needs.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { readPerformance } from '../demo/midi.js'

export const PARTS = ['melody', 'bridge', 'piano']
const BEATS_PER_BAR = 4 // POP909's time-signature events are unreliable (1/4, 2/4 on 4/4 songs)

/** Song ids ("001") of the MIDI files under `dir`, sorted. */
export function listSongs(dir) {
  return readdirSync(dir)
    .filter((f) => /^\d+\.mid$/i.test(f))
    .map((f) => f.replace(/\.mid$/i, ''))
    .sort()
}

/**
 * The bar phase that puts the most bass onsets (accompaniment notes below middle C) on the
 * first beat: in pop the bass moves with the harmony, which changes on downbeats.
 */
function downbeatsOf(perf, pianoTrack) {
  const beat = median(diffs(perf.beats))
  const score = new Array(BEATS_PER_BAR).fill(0)
  for (const n of perf.notes) {
    if (n.track !== pianoTrack || n.note >= 60) continue
    const i = nearest(perf.beats, n.start)
    if (Math.abs(perf.beats[i] - n.start) < 0.15 * beat) score[i % BEATS_PER_BAR]++
  }
  const phase = score.indexOf(Math.max(...score))
  return perf.beats.filter((_, i) => i % BEATS_PER_BAR === phase)
}

/**
 * @returns {{id: string, perf: object, trackOf: Record<string, number>, summary: {song: string, duration: number, beat: number, downbeats: number[]}}}
 */
export function loadSong(dir, id) {
  const perf = readPerformance(join(dir, `${id}.mid`))
  const trackOf = {}
  perf.tracks.forEach((name, i) => {
    const part = name.toLowerCase()
    if (PARTS.includes(part) && !(part in trackOf)) trackOf[part] = i
  })
  if (trackOf.melody === undefined || trackOf.piano === undefined) throw new Error(`${id}.mid: no MELODY or PIANO track`)
  const duration = Math.max(...perf.notes.map((n) => n.end))
  const first = Math.min(...perf.notes.map((n) => n.start))
  const downbeats = downbeatsOf(perf, trackOf.piano)
    .filter((t) => t >= first - 2.5 && t <= duration)
    .map((t) => Math.round(t * 1000) / 1000)
  return { id, perf, trackOf, summary: { song: id, duration: ms(duration), beat: ms(median(diffs(perf.beats))), downbeats } }
}

const ms = (x) => Math.round(x * 1000) / 1000
const diffs = (xs) => xs.slice(1).map((x, i) => x - xs[i])
function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? s[Math.floor(s.length / 2)] : 0.5
}
function nearest(sorted, t) {
  let lo = 0
  let hi = sorted.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (sorted[mid] < t) lo = mid + 1
    else hi = mid
  }
  return lo > 0 && t - sorted[lo - 1] < sorted[lo] - t ? lo - 1 : lo
}
