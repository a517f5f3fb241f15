// MIDI in seconds: read a performance, cut and splice it, transpose, change tempo and
// instrument, and write a plain one-track file for fluidsynth. Developer tool only.
import { readFileSync } from 'node:fs'
import midiFile from 'midi-file'

const { parseMidi, writeMidi } = midiFile

/** Controllers carried over (pedals and their state at a cut); everything else is dropped. */
const KEPT_CC = new Set([64, 66, 67])

/**
 * A performance as notes and pedal events with times in seconds (tempo map applied),
 * every channel folded onto channel 0 (the Disklavier files use channel 0). Each note keeps the
 * index of its track (`tracks` holds the tracks' names) and `beats` the time of every beat of the
 * file's grid, so a multi-track arrangement can be split into its parts and cut at beats.
 * @returns {{notes: {start:number,end:number,note:number,vel:number,track:number}[], ccs: {t:number,cc:number,val:number}[], trackName: string, texts: string[], tracks: string[], beats: number[]}}
 */
export function readPerformance(path) {
  const midi = parseMidi(readFileSync(path))
  const tpb = midi.header.ticksPerBeat
  if (!tpb) throw new Error(`${path}: SMPTE time division is not supported`)
  const events = []
  let trackName = ''
  const texts = []
  const tracks = midi.tracks.map(() => '')
  midi.tracks.forEach((track, ti) => {
    let tick = 0
    track.forEach((e, i) => {
      tick += e.deltaTime
      events.push({ tick, ti, i, e })
      if (e.type === 'trackName' && !trackName) trackName = e.text.trim()
      if (e.type === 'trackName' && !tracks[ti]) tracks[ti] = e.text.trim()
      if (e.type === 'trackName' || e.type === 'text') texts.push(e.text)
    })
  })
  events.sort((a, b) => a.tick - b.tick || a.ti - b.ti || a.i - b.i)
  let usPerBeat = 500000
  let lastTick = 0
  let sec = 0
  const notes = []
  const ccs = []
  const open = new Map() // pitch -> stack of started notes
  const beats = []
  for (const { tick, e, ti } of events) {
    while (beats.length * tpb <= tick) beats.push(sec + (((beats.length * tpb - lastTick) * usPerBeat) / tpb / 1e6))
    sec += ((tick - lastTick) * usPerBeat) / tpb / 1e6
    lastTick = tick
    if (e.type === 'setTempo') usPerBeat = e.microsecondsPerBeat
    else if (e.type === 'noteOn' && e.velocity > 0) {
      const n = { start: sec, end: NaN, note: e.noteNumber, vel: e.velocity, track: ti }
      if (!open.has(e.noteNumber)) open.set(e.noteNumber, [])
      open.get(e.noteNumber).push(n)
      notes.push(n)
    } else if (e.type === 'noteOff' || (e.type === 'noteOn' && e.velocity === 0)) {
      const stack = open.get(e.noteNumber)
      const n = stack?.shift()
      if (n) n.end = sec
    } else if (e.type === 'controller' && KEPT_CC.has(e.controllerType)) {
      ccs.push({ t: sec, cc: e.controllerType, val: e.value })
    }
  }
  for (const n of notes) if (Number.isNaN(n.end)) n.end = sec
  return { notes, ccs, trackName, texts, tracks, beats }
}

/** Time of the first note, in seconds. */
export function firstOnset(perf) {
  let t = Infinity
  for (const n of perf.notes) t = Math.min(t, n.start)
  return Number.isFinite(t) ? t : 0
}

/**
 * Concatenate segments [start, end) of the performance (seconds), cutting on MIDI time:
 * notes that start inside a segment are kept and clipped to its end; each segment begins
 * with the pedal state in force at its start and ends with the pedals released.
 */
export function splice(perf, segments) {
  const notes = []
  const ccs = []
  let at = 0
  for (const [s, e] of segments) {
    for (const n of perf.notes) {
      if (n.start >= s && n.start < e) {
        notes.push({ ...n, start: n.start - s + at, end: Math.min(n.end, e) - s + at })
      }
    }
    const state = new Map()
    for (const c of perf.ccs) if (c.t <= s) state.set(c.cc, c.val)
    for (const [cc, val] of state) ccs.push({ t: at, cc, val })
    for (const c of perf.ccs) if (c.t > s && c.t < e) ccs.push({ t: c.t - s + at, cc: c.cc, val: c.val })
    at += e - s
    for (const cc of KEPT_CC) ccs.push({ t: at - 0.001, cc, val: 0 })
  }
  return { notes, ccs, duration: at }
}

/** Play `factor` times as fast (1.25: faster, 0.8: slower). */
export function changeTempo(clip, factor) {
  return {
    notes: clip.notes.map((n) => ({ ...n, start: n.start / factor, end: n.end / factor })),
    ccs: clip.ccs.map((c) => ({ ...c, t: c.t / factor })),
    duration: clip.duration / factor,
  }
}

/** Shift every note by `semitones`, folding notes that leave the piano's range back by octaves. */
export function transpose(clip, semitones) {
  const fold = (p) => {
    while (p > 108) p -= 12
    while (p < 21) p += 12
    return p
  }
  return { ...clip, notes: clip.notes.map((n) => ({ ...n, note: fold(n.note + semitones) })) }
}

/** Drop the sustain pedals (for sustained instruments such as strings or organ, where they smear everything). */
export function withoutPedals(clip) {
  return { ...clip, ccs: [] }
}

const TICKS_PER_BEAT = 1000
const US_PER_BEAT = 500000 // 1 tick = 0.5 ms

/** A format-0 MIDI file with one channel playing General MIDI `program` (0 = acoustic grand). */
export function writeClip(clip, program) {
  return writeParts([{ channel: 0, program, notes: clip.notes, ccs: clip.ccs }], clip.duration)
}

/**
 * A format-0 MIDI file of several parts, each `{channel, program, notes, ccs?, volume?}` on its
 * own channel (channel 9 is General MIDI's drum kit, whose program is ignored), lasting at least
 * `duration` seconds.
 */
export function writeParts(parts, duration) {
  const toTick = (t) => Math.max(0, Math.round((t * 1e6 * TICKS_PER_BEAT) / US_PER_BEAT))
  const timed = []
  for (const { channel, notes, ccs = [] } of parts) {
    // order at equal ticks: controller state first, then note-offs, then note-ons
    for (const c of ccs) timed.push({ tick: toTick(c.t), order: 0, e: { type: 'controller', channel, controllerType: c.cc, value: c.val } })
    for (const n of notes) {
      const on = toTick(n.start)
      const off = Math.max(on + 1, toTick(n.end))
      timed.push({ tick: on, order: 2, e: { type: 'noteOn', channel, noteNumber: n.note, velocity: n.vel } })
      timed.push({ tick: off, order: 1, e: { type: 'noteOff', channel, noteNumber: n.note, velocity: 0 } })
    }
  }
  timed.sort((a, b) => a.tick - b.tick || a.order - b.order || (a.e.noteNumber ?? 0) - (b.e.noteNumber ?? 0) || a.e.channel - b.e.channel)
  const track = [{ deltaTime: 0, meta: true, type: 'setTempo', microsecondsPerBeat: US_PER_BEAT }]
  for (const { channel, program, volume = 110 } of parts) {
    track.push(
      { deltaTime: 0, type: 'controller', channel, controllerType: 0, value: 0 },
      { deltaTime: 0, type: 'programChange', channel, programNumber: program },
      { deltaTime: 0, type: 'controller', channel, controllerType: 7, value: volume },
    )
  }
  let last = 0
  for (const { tick, e } of timed) {
    track.push({ deltaTime: tick - last, ...e })
    last = tick
  }
  const end = Math.max(last, toTick(duration))
  track.push({ deltaTime: end - last, meta: true, type: 'endOfTrack' })
  return Buffer.from(writeMidi({ header: { format: 0, numTracks: 1, ticksPerBeat: TICKS_PER_BEAT }, tracks: [track] }))
}
