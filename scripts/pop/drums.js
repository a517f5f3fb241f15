// A General MIDI drum part at the version's tempo: one bar of a seeded pattern, repeated from
// the excerpt's first downbeat. Broadband hits that HPCP must see past, as in a band cover.
const KICK = 36
const SNARE = 38
const HAT = 42
const RIDE = 51
const CRASH = 49

/** Hits per bar as [beat offset, drum, velocity]. */
const PATTERNS = {
  rock: [[0, KICK, 100], [1, SNARE, 95], [2, KICK, 100], [3, SNARE, 95], ...[0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5].map((b) => [b, HAT, 70])],
  pop: [[0, KICK, 100], [1.5, KICK, 85], [2, KICK, 95], [1, SNARE, 95], [3, SNARE, 95], ...[0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5].map((b) => [b, HAT, 65])],
  'half-time': [[0, KICK, 100], [2.5, KICK, 85], [2, SNARE, 100], ...[0, 1, 2, 3].map((b) => [b, RIDE, 70])],
}

/** Notes for `pattern` with beats of `beat` seconds over `duration` seconds, a crash on the first. */
export function drumNotes(pattern, beat, duration) {
  const hits = PATTERNS[pattern]
  if (!hits) throw new Error(`unknown drum pattern ${pattern}`)
  const notes = [{ start: 0, end: 0.3, note: CRASH, vel: 90 }]
  for (let bar = 0; bar * 4 * beat < duration; bar++) {
    for (const [b, note, vel] of hits) {
      const start = (bar * 4 + b) * beat
      if (start < duration) notes.push({ start, end: start + Math.min(0.1, beat / 2), note, vel })
    }
  }
  return notes
}
