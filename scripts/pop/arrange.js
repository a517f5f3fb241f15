// One planned version of a song as a MIDI file: the excerpt spliced from the planned segments,
// re-timed and transposed, its parts (melody, secondary line, accompaniment, a bass line drawn
// from the accompaniment, drums) each on its planned General MIDI program.
import { changeTempo, splice, transpose, writeParts } from '../demo/midi.js'
import { DRUM_CHANNEL } from './instruments.js'
import { drumNotes } from './drums.js'

const CHANNEL = { melody: 0, bridge: 1, piano: 2, bass: 3 }
const VOLUME = { melody: 112, bridge: 80, piano: 92, bass: 100, drums: 72 }

/**
 * The accompaniment's lowest note at each onset below middle C, folded into the bass register
 * (E1–D#3) and held until the next one (at most two beats): a bass player's reading of the
 * piano part, since POP909 has no bass track of its own.
 */
export function bassLine(pianoNotes, beat) {
  const sorted = [...pianoNotes].sort((a, b) => a.start - b.start || a.note - b.note)
  const groups = []
  for (const n of sorted) {
    const g = groups[groups.length - 1]
    if (g && n.start - g.start < 0.04) g.low = Math.min(g.low, n.note)
    else groups.push({ start: n.start, low: n.note, vel: n.vel })
  }
  const lows = groups.filter((g) => g.low < 60)
  return lows.map((g, i) => {
    let note = g.low
    while (note >= 52) note -= 12
    while (note < 28) note += 12
    const next = lows[i + 1]?.start ?? g.start + 2 * beat
    return { start: g.start, end: Math.min(next, g.start + 2 * beat) - 0.01, note, vel: Math.min(110, g.vel + 10) }
  })
}

/** @returns {{midi: Buffer, duration: number}} duration in seconds of output */
export function arrange(song, v) {
  let clip = splice(song.perf, v.segments)
  if (v.tempo !== 1) clip = changeTempo(clip, v.tempo)
  if (v.transpose) clip = transpose(clip, v.transpose)
  const beat = song.summary.beat / v.tempo
  const notesOf = (part) => clip.notes.filter((n) => n.track === song.trackOf[part])
  const parts = []
  for (const role of ['melody', 'bridge', 'piano']) {
    const inst = v.parts[role]
    if (!inst) continue
    // POP909's pedal events belong to the piano track; a guitar or organ playing it drops them
    const ccs = role === 'piano' && inst.pedal ? clip.ccs : []
    parts.push({ channel: CHANNEL[role], program: inst.program, notes: notesOf(role), ccs, volume: VOLUME[role] })
  }
  if (v.parts.bass) parts.push({ channel: CHANNEL.bass, program: v.parts.bass.program, notes: bassLine(notesOf('piano'), beat), volume: VOLUME.bass })
  if (v.drums) parts.push({ channel: DRUM_CHANNEL, program: 0, notes: drumNotes(v.drums.pattern, beat, clip.duration), volume: VOLUME.drums })
  return { midi: writeParts(parts, clip.duration), duration: clip.duration }
}
