#!/usr/bin/env node
// Builds Refrain's demo library of real music from the ASAP piano performances (MIDI):
// several real performers per piece plus cover-like variations (transposition, tempo,
// instrument, structural edit), rendered with fluidsynth, imported with `refrain import`
// (HPCP + Da-TACOS layout), and the audio replaced by small Ogg Opus clips.
// A developer tool: the app never runs it. See README "Demo library" and resources/demo/SOURCE.md.
//
//   npm run demo:build                                  # resources/demo (committed)
//   npm run demo:build -- --all --out .cache/devset     # every piece, every performance (git-ignored)
//   options: --seed N  --clip SECONDS  --jobs N  --works N  --singles N  --bitrate KBPS
//            --source DIR  --stage DIR  --stage-only  --reuse-stage (import an earlier run's clips)
//            --pieces REGEX (only pieces whose ASAP folder matches)  --plan-only (print the plan)
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync, lstatSync, statSync, unlinkSync } from 'node:fs'
import { cpus } from 'node:os'
import { basename, dirname, join, relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'
import { loadPieces, performerFromFileName, performerFromTrackName } from './catalog.js'
import { changeTempo, firstOnset, readPerformance, splice, transpose, withoutPedals, writeClip } from './midi.js'
import { hash, rng as seededRng, round2 } from './random.js'
import { refrainImport } from './import.js'
import { normalizePeak, pool, SF2_MAIN, SF2_SECOND, synthesize } from './render.js'
import { writeMonoWav } from './wav.js'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/** General MIDI programs used as "a different instrument"; `pedal: false` drops the sustain pedal. */
const INSTRUMENTS = [
  { name: 'strings', program: 48, pedal: false },
  { name: 'church organ', program: 19, pedal: false },
  { name: 'nylon guitar', program: 24, pedal: true },
  { name: 'electric piano', program: 4, pedal: true },
  { name: 'harpsichord', program: 6, pedal: true },
  { name: 'vibraphone', program: 11, pedal: true },
  { name: 'marimba', program: 12, pedal: true },
  { name: 'choir', program: 52, pedal: false },
]
const PIANO = { name: 'piano', program: 0, pedal: true }

// ---------------------------------------------------------------- arguments

const { values: opt } = parseArgs({
  options: {
    all: { type: 'boolean', default: false },
    out: { type: 'string' },
    stage: { type: 'string' },
    source: { type: 'string', default: join(ROOT, '..', 'shared', 'data', 'asap-performances') },
    seed: { type: 'string', default: '2026' },
    clip: { type: 'string', default: '24' },
    jobs: { type: 'string', default: String(Math.max(1, cpus().length)) },
    works: { type: 'string', default: '42' },
    singles: { type: 'string', default: '42' },
    real: { type: 'string', default: '3' },
    bitrate: { type: 'string', default: '16' },
    'stage-only': { type: 'boolean', default: false },
    'reuse-stage': { type: 'boolean', default: false },
    pieces: { type: 'string' },
    'plan-only': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
})
if (opt.help) {
  console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 12).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'))
  process.exit(0)
}
const SEED = Number.parseInt(opt.seed, 10)
const CLIP = Number(opt.clip)
const JOBS = Math.max(1, Number.parseInt(opt.jobs, 10))
const OUT = resolve(opt.out ?? (opt.all ? join(ROOT, '.cache', 'devset') : join(ROOT, 'resources', 'demo')))
const STAGE = resolve(opt.stage ?? join(ROOT, '.cache', `${basename(OUT)}-stage`))
const SOURCE = resolve(opt.source)

const rng = (label) => seededRng(SEED, label)

// ---------------------------------------------------------------- the plan

/**
 * A version: which performance, which cut, which changes. Pure data, so the plan can be written
 * to SOURCE.md and rebuilt exactly.
 */
function variationsFor(piece, sources, r) {
  const src = (i) => sources[i % sources.length]
  const semis = (r.next() < 0.5 ? -1 : 1) * r.int(1, 6)
  let tempo = round2(r.uniform(0.8, 1.25))
  if (Math.abs(tempo - 1) < 0.08) tempo = tempo < 1 ? 0.88 : 1.12
  const edit =
    r.next() < 0.5
      ? { kind: 'drop', at: round2(CLIP * r.uniform(0.3, 0.45)), length: round2(CLIP * r.uniform(0.13, 0.2)) }
      : { kind: 'repeat', at: round2(CLIP * r.uniform(0.25, 0.4)), length: round2(CLIP * r.uniform(0.13, 0.2)) }
  return [
    // a transposition on another instrument
    { file: src(0), transpose: semis, tempo: 1, instrument: r.pick(INSTRUMENTS).name, soundfont: 'main', edit: null },
    // a tempo change with a section dropped or repeated, half of them on the second soundfont's piano
    { file: src(1), transpose: 0, tempo, instrument: 'piano', soundfont: r.next() < 0.5 ? 'second' : 'main', edit },
  ]
}

function describe(v) {
  const parts = []
  if (v.transpose) parts.push(`transposed ${v.transpose > 0 ? '+' : ''}${v.transpose}`)
  if (v.tempo !== 1) parts.push(`tempo ×${v.tempo}`)
  if (v.instrument !== 'piano') parts.push(v.instrument)
  if (v.soundfont === 'second') parts.push('another piano')
  if (v.edit?.kind === 'drop') parts.push(`${v.edit.length} s cut at ${v.edit.at} s`)
  if (v.edit?.kind === 'repeat') parts.push(`${v.edit.length} s repeated at ${v.edit.at} s`)
  return parts.join(', ')
}

const safeName = (s) => s.replace(/[/\\:*?"<>|]/g, ' -').replace(/\s+/g, ' ').trim().replace(/\.+$/, '')

function makePlan(pieces) {
  const all = [...pieces.values()]
  const items = []
  const addItem = (piece, workFolder, v, n) => {
    const note = describe(v)
    const performer = performerOf(v.file)
    const label = `${safeName(performer)}${note ? ` (${safeName(note)})` : ''}`
    items.push({
      piece: piece.key,
      composer: piece.composer,
      title: piece.title,
      workFolder,
      staged: workFolder ? join(workFolder, `${String(n).padStart(2, '0')} ${label}.wav`) : `${safeName(`${piece.composer} — ${piece.title}`)} — ${label}.wav`,
      ...v,
      performer,
      note,
    })
  }
  let works
  let singles = []
  if (opt.all) {
    works = all.map((p) => ({ piece: p, real: p.files }))
  } else {
    const nWorks = Number.parseInt(opt.works, 10)
    const r = rng('choose-works')
    const candidates = r.shuffle(all.filter((p) => p.files.length >= 3))
    if (candidates.length < nWorks) throw new Error(`only ${candidates.length} pieces have 3 or more performances`)
    const chosen = candidates.slice(0, nWorks).sort((a, b) => (a.key < b.key ? -1 : 1))
    works = chosen.map((p) => {
      const shuffled = rng(`performers:${p.key}`).shuffle(p.files)
      return { piece: p, real: shuffled.slice(0, Number.parseInt(opt.real, 10)), spare: shuffled.slice(Number.parseInt(opt.real, 10)) }
    })
    const used = new Set(chosen.map((p) => p.key))
    singles = rng('choose-singles')
      .shuffle(all.filter((p) => !used.has(p.key)))
      .slice(0, Number.parseInt(opt.singles, 10))
      .sort((a, b) => (a.key < b.key ? -1 : 1))
  }
  for (const { piece, real, spare = [] } of works) {
    const r = rng(`variations:${piece.key}`)
    const folder = safeName(`${piece.composer} — ${piece.title}`)
    let n = 1
    for (const file of real) {
      addItem(piece, folder, { file, transpose: 0, tempo: 1, instrument: 'piano', soundfont: 'main', edit: null }, n++)
    }
    const sources = spare.length >= 2 ? spare : [...spare, ...real]
    for (const v of variationsFor(piece, sources, r)) addItem(piece, folder, v, n++)
  }
  for (const piece of singles) {
    const r = rng(`single:${piece.key}`)
    const file = r.pick(piece.files)
    // a third of the unrelated tracks are not plain piano either, so timbre does not give versions away
    const roll = r.next()
    const v = { file, transpose: 0, tempo: 1, instrument: 'piano', soundfont: 'main', edit: null }
    if (roll < 0.17) v.instrument = r.pick(INSTRUMENTS).name
    else if (roll < 0.34) v.soundfont = 'second'
    addItem(piece, null, v, 1)
  }
  return items
}

// ---------------------------------------------------------------- rendering

function segmentsFor(v, start) {
  const L = CLIP
  if (!v.edit) return [[start, start + L]]
  const a = start + v.edit.at
  const d = v.edit.length
  if (v.edit.kind === 'drop') return [[start, a], [a + d, start + L + d]]
  return [[start, a + d], [a, start + L - d]]
}

const perfCache = new Map()
function performance(file) {
  if (!perfCache.has(file)) perfCache.set(file, readPerformance(join(SOURCE, file)))
  return perfCache.get(file)
}

async function render(item, tmp) {
  const perf = performance(item.file)
  const start = Math.max(0, firstOnset(perf) - 0.05)
  let clip = splice(perf, segmentsFor(item, start))
  if (item.tempo !== 1) clip = changeTempo(clip, item.tempo)
  if (item.transpose) clip = transpose(clip, item.transpose)
  const instrument = item.instrument === 'piano' ? PIANO : INSTRUMENTS.find((i) => i.name === item.instrument)
  if (!instrument.pedal) clip = withoutPedals(clip)
  const sf2 = item.soundfont === 'second' ? SF2_SECOND : SF2_MAIN
  const { samples, rate } = await synthesize(writeClip(clip, instrument.program), sf2, clip.duration, join(tmp, hash(item.staged).toString(16)))
  const dest = join(STAGE, item.staged)
  mkdirSync(dirname(dest), { recursive: true })
  writeMonoWav(dest, normalizePeak(samples), rate)
  item.seconds = round2(samples.length / rate)
}

// ---------------------------------------------------------------- metadata

function performerOf(file) {
  const perf = performance(file)
  return performerFromTrackName(perf.trackName) ?? performerFromFileName(basename(file))
}

function yearOf(file) {
  const perf = performance(file)
  for (const t of [...perf.texts, basename(file)]) {
    const m = /(?:^|\D)((?:19|20)\d\d)(?:\D|$)/.exec(t)
    if (m) return m[1]
  }
  return ''
}

// ---------------------------------------------------------------- import and finish

function findOne(dir, re) {
  const hit = readdirSync(dir).filter((f) => re.test(f))
  if (hit.length !== 1) throw new Error(`expected one ${re} in ${dir}, found ${hit.length}`)
  return join(dir, hit[0])
}

function finish(items) {
  const byStaged = new Map(items.map((i) => [resolve(STAGE, i.staged), i]))
  const metaPath = findOne(OUT, /_metadata\.json$/)
  const audioDir = findOne(OUT, /_audio$/)
  const meta = JSON.parse(readFileSync(metaPath, 'utf8'))
  const seen = new Set()
  for (const [wid, perfs] of Object.entries(meta)) {
    for (const [pid, entry] of Object.entries(perfs)) {
      const dir = join(audioDir, wid)
      const audio = readdirSync(dir).filter((f) => f.startsWith(`${pid}.`))
      if (audio.length !== 1) throw new Error(`${wid}/${pid}: expected one audio file, found ${audio.length}`)
      const link = join(dir, audio[0])
      const target = lstatSync(link).isSymbolicLink() ? resolve(dir, readlinkSync(link)) : null
      const item = target && byStaged.get(target)
      if (!item) throw new Error(`${wid}/${pid}: ${link} does not point at a staged clip`)
      seen.add(item)
      item.workId = wid
      item.perfId = pid
      const opus = join(dir, `${pid}.opus`)
      spawnSync('opusenc', ['--quiet', '--bitrate', opt.bitrate, '--hard-cbr', '--downmix-mono', '--serial', String(hash(`${wid}/${pid}`) & 0x7fffffff), '--discard-comments', target, `${opus}.tmp`], { stdio: 'inherit' })
      unlinkSync(link)
      spawnSync('mv', [`${opus}.tmp`, opus])
      const performer = item.performer
      meta[wid][pid] = {
        work_title: item.title,
        work_artist: item.composer,
        perf_title: item.note ? `${item.title} (${item.note})` : item.title,
        perf_artist: performer,
        release_year: yearOf(item.file),
        work_id: wid,
        perf_id: pid,
        instrumental: 'Yes',
      }
    }
  }
  const missing = items.filter((i) => !seen.has(i))
  if (missing.length) throw new Error(`${missing.length} staged clips were not imported, e.g. ${missing[0].staged}`)
  writeFileSync(metaPath, `${JSON.stringify(meta, null, 1)}\n`)
  // the importer's resume state names the staging folder; the committed library does not need it
  rmSync(join(OUT, '.refrain-import.json'), { force: true })
  return meta
}

// ---------------------------------------------------------------- provenance

function dirSize(dir) {
  let total = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    total += e.isDirectory() ? dirSize(p) : statSync(p).size
  }
  return total
}

function range(counts) {
  const lo = Math.min(...counts)
  const hi = Math.max(...counts)
  return lo === hi ? `${lo}` : `${lo}–${hi}`
}

function writeProvenance(items, meta, seconds) {
  const works = Object.values(meta)
  const multi = works.filter((w) => Object.keys(w).length > 1)
  const single = works.filter((w) => Object.keys(w).length === 1)
  const quote = (a) => (/^[\w./=:-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)
  const command = `npm run demo:build${process.argv.length > 2 ? ` -- ${process.argv.slice(2).map(quote).join(' ')}` : ''}`
  const rows = [...items]
    .sort((a, b) => (a.workId === b.workId ? a.perfId.localeCompare(b.perfId, 'en', { numeric: true }) : a.workId.localeCompare(b.workId, 'en', { numeric: true })))
    .map((i) => `| ${i.workId} | ${i.perfId} | ${i.composer} — ${i.title} | \`${i.file}\` | ${i.performer} | ${i.note || 'as performed'} |`)
  const source = `# Demo library: provenance

Built by \`scripts/demo/build.js\` (Refrain repository) with

\`\`\`sh
${command}
\`\`\`

seed ${SEED}, clip ${CLIP} s of musical content from the first note, Ogg Opus ${opt.bitrate} kbit/s mono, rendered
with fluidsynth at 44.1 kHz (\`FluidR3_GM.sf2\` from Debian's fluid-soundfont-gm; "another piano" is
\`TimGM6mb.sf2\` from Debian's timgm6mb-soundfont). HPCP and the Da-TACOS layout come from the project's own
\`refrain import\`; the metadata titles and artists were then set by the script. The build took ${Math.round(seconds)} s.

**${multi.length} works** with ${range(multi.map((w) => Object.keys(w).length))} versions each (${multi.reduce((a, w) => a + Object.keys(w).length, 0)} performances) and **${single.length} unrelated single-performance tracks**.
\`work_id\` says which performances are versions of one another: every work is one ASAP piece.

## Source

Human piano performances (Yamaha Disklavier MIDI) from ASAP — Aligned Scores and Performances
(Foscarin, McLeod, Rigaux, Jacquemard, Sakai: "ASAP: a dataset of aligned scores and performances for
piano transcription", ISMIR 2020; github.com/fosfrancesco/asap-dataset at afc815c), whose performances
come from MAESTRO (Hawthorne et al., ICLR 2019) and the Yamaha / International Piano-e-Competition.
Licence CC BY-NC-SA 4.0: see LICENSE.md.

## How the versions differ

Every work holds ${opt.all ? 'all the ASAP' : `up to ${opt.real}`} real performers' performances of the piece, unchanged apart from the excerpt,
and two cover-like versions made from other performances of it (other performers where the piece has them):

1. **Transposition on another instrument**: every MIDI note shifted by 1–6 semitones up or down (notes leaving
   the piano's range fold back an octave), played by a General MIDI program instead of the piano (strings,
   church organ, nylon guitar, electric piano, harpsichord, vibraphone, marimba or choir; the sustain pedal is
   dropped for strings, organ and choir).
2. **Tempo change with a structural edit**: MIDI timing scaled by 0.8–1.25 (the excerpt keeps the same musical
   content, so the clip lasts ${CLIP} s ÷ the factor) and a section of 13–20 % of the excerpt cut out (the excerpt
   then runs that much further) or played twice (the excerpt then ends that much earlier), cut on MIDI time;
   half of them on the second soundfont's piano.

Each excerpt starts at the performance's first note. Performers are named from the MIDI file's track name where it
carries one (e-Competition files), otherwise from the ASAP file name (surname and initials, e.g. \`GarritsonL03M\` → "Garritson L.").
Unrelated tracks are one performance each of pieces not used as works; a third of them are also rendered on another
instrument or soundfont so timbre alone does not mark the versions.

## Every performance

| work | performance | piece | ASAP file | performer | variation |
|---|---|---|---|---|---|
${rows.join('\n')}
`
  writeFileSync(join(OUT, 'SOURCE.md'), source)
  writeFileSync(join(OUT, 'LICENSE.md'), licenceText())
}

function licenceText() {
  return `# Licence of the demo library

The audio clips, HPCP features and metadata in this folder are derived from the ASAP dataset and are
licensed under the **Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International** licence
(CC BY-NC-SA 4.0, https://creativecommons.org/licenses/by-nc-sa/4.0/legalcode), the licence of their source.
They are not covered by Refrain's MIT licence.

## Attribution

- **ASAP** — Francesco Foscarin, Andrew McLeod, Philippe Rigaux, Florent Jacquemard, Masahiko Sakai:
  "ASAP: a dataset of aligned scores and performances for piano transcription", Proceedings of the
  21st International Society for Music Information Retrieval Conference (ISMIR 2020).
  https://github.com/fosfrancesco/asap-dataset (CC BY-NC-SA 4.0).
- The performances in ASAP come from **MAESTRO** (Curtis Hawthorne et al., "Enabling Factorized Piano Music
  Modeling and Generation with the MAESTRO Dataset", ICLR 2019; CC BY-NC-SA 4.0), recorded on Yamaha
  Disklavier pianos at the **International Piano-e-Competition** (Yamaha e-Competition).
- The performers are the competitors named in SOURCE.md.

## Changes made

Excerpts of about 30 seconds were cut from the performance MIDI files, some were transposed, changed in tempo,
given another General MIDI instrument or edited in structure, then synthesised to audio with FluidSynth,
encoded as Ogg Opus, and analysed into HPCP features. SOURCE.md lists every file and change.

## Soundfonts

- \`FluidR3_GM.sf2\` (Fluid (R3) General MIDI SoundFont, Frank Wen and contributors; Debian package
  fluid-soundfont-gm), MIT licence.
- \`TimGM6mb.sf2\` (Tim Brechbill; Debian package timgm6mb-soundfont), GNU GPL version 2.

Audio rendered with a soundfont is the output of playing it, not a copy of the soundfont; neither soundfont is
included here.
`
}

// ---------------------------------------------------------------- main

async function main() {
  const t0 = Date.now()
  for (const f of [SF2_MAIN, SF2_SECOND]) if (!existsSync(f)) throw new Error(`${f} is missing (apt-get install fluid-soundfont-gm timgm6mb-soundfont)`)
  const pieces = loadPieces(SOURCE)
  if (opt.pieces) {
    const re = new RegExp(opt.pieces)
    for (const key of [...pieces.keys()]) if (!re.test(key)) pieces.delete(key)
  }
  let plan = makePlan(pieces)
  if (opt['plan-only']) {
    const works = new Map()
    for (const i of plan) works.set(i.workFolder ?? i.staged, (works.get(i.workFolder ?? i.staged) ?? 0) + 1)
    const sizes = [...works.values()]
    console.log(`${plan.length} clips: ${sizes.filter((n) => n > 1).length} works (${sizes.filter((n) => n > 1).reduce((a, b) => a + b, 0)} performances, ${Math.min(...sizes.filter((n) => n > 1))}–${Math.max(...sizes)} each), ${sizes.filter((n) => n === 1).length} single tracks`)
    for (const i of plan) console.log(`${i.staged}  <-  ${i.file}`)
    return
  }
  const planFile = join(dirname(STAGE), `${basename(STAGE)}.plan.json`)
  if (opt['reuse-stage']) {
    const earlier = JSON.parse(readFileSync(planFile, 'utf8'))
    const same = (a, b) => JSON.stringify(a.map(({ seconds, ...x }) => x)) === JSON.stringify(b.map(({ seconds, ...x }) => x))
    if (!same(earlier, plan)) throw new Error(`${planFile} is another plan (other options or source): build without --reuse-stage`)
    plan = earlier
    console.log(`${pieces.size} pieces; importing the ${plan.length} clips already in ${relative(ROOT, STAGE)}`)
  } else {
    console.log(`${pieces.size} pieces in ${relative(ROOT, SOURCE) || SOURCE}; rendering ${plan.length} clips into ${relative(ROOT, STAGE)}`)
    rmSync(STAGE, { recursive: true, force: true })
    const tmp = join(STAGE, '.render')
    mkdirSync(tmp, { recursive: true })
    await pool(plan, JOBS, (item) => render(item, tmp))
    rmSync(tmp, { recursive: true, force: true })
    writeFileSync(planFile, `${JSON.stringify(plan, null, 1)}\n`)
    console.log(`rendered in ${Math.round((Date.now() - t0) / 1000)} s`)
  }
  if (opt['stage-only']) return
  mkdirSync(OUT, { recursive: true })
  // a fresh dataset folder, unless importing earlier clips again (the importer then skips finished files)
  if (!opt['reuse-stage']) for (const f of readdirSync(OUT)) {
    if (/_metadata\.json$|_hpcp$|_audio$|^SOURCE\.md$|^LICENSE\.md$/.test(f) || f.startsWith('.')) rmSync(join(OUT, f), { recursive: true, force: true })
  }
  const summary = refrainImport({ stage: STAGE, out: OUT })
  console.log(`imported ${summary.imported} of ${summary.filesSeen}, ${summary.failed} failed`)
  const meta = finish(plan)
  const seconds = (Date.now() - t0) / 1000
  writeProvenance(plan, meta, seconds)
  console.log(`${relative(ROOT, OUT)}: ${(dirSize(OUT) / 1e6).toFixed(1)} MB, built in ${Math.round(seconds)} s`)
}

main().catch((error) => {
  console.error(`demo:build: ${error.message}`)
  process.exit(1)
})
