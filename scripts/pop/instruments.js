// The General MIDI programs a cover may be played on, by role. Lists, not a model of timbre:
// what matters is that versions of one song do not share an instrumentation by default.
export const PIANO = { name: 'acoustic grand piano', program: 0 }

/** Melody instruments (a sung line played instead of sung). */
export const LEADS = [
  { name: 'flute', program: 73 },
  { name: 'violin', program: 40 },
  { name: 'alto sax', program: 65 },
  { name: 'trumpet', program: 56 },
  { name: 'clarinet', program: 71 },
  { name: 'oboe', program: 68 },
  { name: 'square lead', program: 80 },
  { name: 'sawtooth lead', program: 81 },
  { name: 'harmonica', program: 22 },
  { name: 'vibraphone', program: 11 },
  { name: 'overdriven guitar', program: 29 },
]

/** Accompaniment instruments (chords and figures). `pedal` keeps the piano part's sustain pedal. */
export const COMPS = [
  { name: 'electric piano', program: 4, pedal: true },
  { name: 'bright piano', program: 1, pedal: true },
  { name: 'nylon guitar', program: 24, pedal: false },
  { name: 'steel guitar', program: 25, pedal: false },
  { name: 'jazz guitar', program: 26, pedal: false },
  { name: 'clean electric guitar', program: 27, pedal: false },
  { name: 'drawbar organ', program: 16, pedal: false },
  { name: 'harp', program: 46, pedal: true },
  { name: 'string ensemble', program: 48, pedal: false },
  { name: 'warm pad', program: 89, pedal: false },
  { name: 'marimba', program: 12, pedal: true },
]

/** The secondary line (POP909's BRIDGE track) in a full arrangement. */
export const SECONDS = [
  { name: 'string ensemble', program: 48 },
  { name: 'choir aahs', program: 52 },
  { name: 'french horn', program: 60 },
  { name: 'cello', program: 42 },
  { name: 'pan flute', program: 75 },
  { name: 'synth strings', program: 50 },
]

export const BASSES = [
  { name: 'acoustic bass', program: 32 },
  { name: 'fingered bass', program: 33 },
  { name: 'picked bass', program: 34 },
  { name: 'fretless bass', program: 35 },
  { name: 'synth bass', program: 38 },
]

/** General MIDI's drum channel (10, counted from 1). */
export const DRUM_CHANNEL = 9
