// The seeded plan: which songs, and for each an original-like version plus covers that differ
// the way real covers do (another arrangement, melody or accompaniment alone, another key and
// tempo, sections cut / repeated / swapped, a different excerpt, other soundfont, noise, drums).
// Pure data from the song summaries and the options, so the manifest can be re-planned and
// compared (test/popset.test.ts) and a build resumed.
import { rng as seededRng, round2 } from '../demo/random.js'
import { BASSES, COMPS, LEADS, PIANO, SECONDS } from './instruments.js'
import { workId, stagedName } from './ids.js'
import { applyEdits, sectionsFrom, segmentsFor } from './structure.js'

/** The cover kinds, each a different choice of parts. */
export const COVER_KINDS = ['arrangement', 'melody', 'accompaniment', 'melody+bass']
export const DRUM_PATTERNS = ['rock', 'pop', 'half-time']
export const EDIT_KINDS = ['cut', 'repeat', 'swap']

/** Songs used as works: all of them, or a seeded choice of `works`, sorted. */
export function chooseSongs(available, { seed, works }) {
  if (!works || works >= available.length) return [...available]
  return seededRng(seed, 'choose-songs').shuffle(available).slice(0, works).sort()
}

/** Bars per section: a power of two near a fifth of the excerpt, so a clip has about five. */
function barsPerSection(summary, sourceLength) {
  const bar = summary.beat * 4
  const target = sourceLength / 5 / bar
  return [1, 2, 4, 8].reduce((best, n) => (Math.abs(Math.log(n / target)) < Math.abs(Math.log(best / target)) ? n : best), 1)
}

function partsFor(kind, r) {
  const lead = () => ({ ...r.pick(LEADS) })
  const comp = () => ({ ...r.pick(COMPS) })
  const bass = () => ({ ...r.pick(BASSES) })
  switch (kind) {
    case 'original':
      return { melody: PIANO, bridge: PIANO, piano: { ...PIANO, pedal: true } }
    case 'arrangement':
      return { melody: lead(), bridge: { ...r.pick(SECONDS) }, piano: comp(), bass: bass() }
    case 'melody':
      return { melody: lead() }
    case 'accompaniment':
      // karaoke-like: the harmony without the sung line, now and then with the secondary line
      return r.next() < 0.3 ? { bridge: { ...r.pick(SECONDS) }, piano: comp() } : { piano: comp() }
    case 'melody+bass':
      return { melody: lead(), bass: bass() }
    default:
      throw new Error(`unknown version kind ${kind}`)
  }
}

/** An excerpt's start bar: `at` seconds into the song, kept where the excerpt still fits. */
function startBarAt(summary, at, sourceLength) {
  const d = summary.downbeats
  let i = d.findIndex((t) => t >= at)
  if (i < 0) i = d.length - 1
  while (i > 0 && d[d.length - 1] - d[i] < sourceLength * 1.3) i--
  return i
}

function editsFor(count, r, lastEditable) {
  // never section 0 (the excerpt keeps its chosen start), no section edited twice, and none so
  // late that the crop ends before the edit would be heard
  let free = Array.from({ length: Math.max(1, lastEditable) }, (_, i) => i + 1)
  const take = () => {
    const s = r.pick(free)
    free = free.filter((x) => x !== s)
    return s
  }
  const edits = []
  for (let k = 0; k < count && free.length; k++) {
    const kind = r.pick(free.length >= 2 ? EDIT_KINDS : ['cut', 'repeat'])
    if (kind === 'swap') edits.push({ kind, sections: [take(), take()].sort((a, b) => a - b) })
    else edits.push({ kind, section: take() })
  }
  return edits
}

/**
 * One song's versions. `clip` is every version's length in seconds of output; the original-like
 * version and the covers each take their own excerpt around one region of the song (`jitter`
 * of the clip length either way), so versions overlap only in part, as covers do.
 */
export function planSong(summary, { seed, versions, clip, jitter = 0.5 }) {
  const r = seededRng(seed, `song:${summary.song}`)
  const first = summary.downbeats[0]
  const anchor = first + r.uniform(0.15, 0.5) * Math.max(0, summary.duration - first - clip)
  const kinds = ['original', ...Array.from({ length: versions - 1 }, (_, i) => COVER_KINDS[i % COVER_KINDS.length])]
  const coverKinds = r.shuffle(kinds.slice(1))
  const out = []
  kinds.forEach((_, v) => {
    const kind = v === 0 ? 'original' : coverKinds[v - 1]
    const cover = v > 0
    const transpose = cover && r.next() < 0.8 ? (r.next() < 0.5 ? -1 : 1) * r.int(1, 6) : 0
    let tempo = cover && r.next() < 0.8 ? round2(r.uniform(0.8, 1.25)) : 1
    if (tempo !== 1 && Math.abs(tempo - 1) < 0.06) tempo = tempo < 1 ? 0.9 : 1.1
    const sourceLength = clip * tempo
    const n = barsPerSection(summary, sourceLength)
    const at = anchor + r.uniform(-jitter, jitter) * sourceLength
    const startBar = startBarAt(summary, at, sourceLength)
    const sectionSeconds = n * summary.beat * 4
    const sectionsUsed = Math.max(3, Math.ceil(sourceLength / sectionSeconds))
    const edits = cover ? editsFor(r.next() < 0.5 ? 1 : 2, r, sectionsUsed - 2) : []
    const cuts = edits.filter((e) => e.kind === 'cut').length
    const sections = sectionsFrom(summary.downbeats, startBar, n, sectionsUsed + cuts + 1)
    // an edit is kept only if it changes what is played (a first edit can push a second past the crop)
    const usable = []
    for (const e of edits) {
      if ((e.section ?? Math.max(...e.sections)) >= sections.length) continue
      const before = segmentsFor(sections, applyEdits(sections.length, usable), sourceLength)
      const after = segmentsFor(sections, applyEdits(sections.length, [...usable, e]), sourceLength)
      if (JSON.stringify(after) !== JSON.stringify(before)) usable.push(e)
    }
    const order = applyEdits(sections.length, usable)
    const segments = segmentsFor(sections, order, sourceLength)
    const parts = partsFor(kind, r)
    const soundfont = cover && r.next() < 0.5 ? 'TimGM6mb' : 'FluidR3'
    const noise = cover && r.next() < 0.3 ? { color: r.pick(['white', 'pink']), snrDb: r.int(0, 15) } : null
    const drums = cover && kind !== 'melody' && r.next() < 0.4 ? { pattern: r.pick(DRUM_PATTERNS) } : null
    out.push({
      work: workId(summary.song),
      song: summary.song,
      version: v,
      file: stagedName(summary.song, v),
      kind,
      parts,
      soundfont,
      transpose,
      tempo,
      excerpt: { startBar: startBar + 1, barsPerSection: n, sections },
      edits: usable,
      order,
      segments,
      seconds: round2(segments.reduce((a, [s, e]) => a + e - s, 0) / tempo),
      noise,
      drums,
    })
  })
  return out
}

/** Every chosen song's versions, in song order. */
export function planAll(summaries, options) {
  return summaries.flatMap((s) => planSong(s, options))
}

/** One line a person can read: what this version is. */
export function describe(v) {
  const parts = Object.entries(v.parts).map(([role, i]) => `${role === 'piano' ? 'accompaniment' : role} on ${i.name}`)
  const bits = [v.kind === 'original' ? 'full arrangement on piano' : `${v.kind}: ${parts.join(', ')}`]
  if (v.transpose) bits.push(`${v.transpose > 0 ? '+' : ''}${v.transpose} semitones`)
  if (v.tempo !== 1) bits.push(`tempo ×${v.tempo}`)
  for (const e of v.edits) {
    const s = (i) => {
      const [a, b] = v.excerpt.sections[i].bars
      return a === b ? `bar ${a}` : `bars ${a}–${b}`
    }
    if (e.kind === 'cut') bits.push(`${s(e.section)} cut`)
    if (e.kind === 'repeat') bits.push(`${s(e.section)} repeated`)
    if (e.kind === 'swap') bits.push(`${s(e.sections[0])} and ${s(e.sections[1])} swapped`)
  }
  if (v.drums) bits.push(`${v.drums.pattern} drums`)
  if (v.noise) bits.push(`${v.noise.color} noise at ${v.noise.snrDb} dB SNR`)
  if (v.soundfont !== 'FluidR3') bits.push(v.soundfont)
  return bits.join(', ')
}
