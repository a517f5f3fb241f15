#!/usr/bin/env node
// Builds the pop development set from POP909 (690 pop songs as MIDI with separate melody,
// secondary-line and accompaniment tracks): per song an original-like version and covers that
// differ as real covers do, rendered with fluidsynth, turned into HPCP by `refrain import`, split
// by work into train / validation / test. A developer tool: the app never runs it. See README
// "Pop development set".
//
//   npm run pop:build                                   # .cache/popset: every song (git-ignored)
//   npm run pop:build -- --small                        # resources/popset-small (committed)
//   options: --seed N  --out DIR  --works N  --versions N  --clip SECONDS  --jobs N  --batch N
//            --source DIR  --stage DIR  --stage-only  --plan-only  --keep-audio
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { basename, dirname, join, relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'
import { refrainImport } from '../demo/import.js'
import { pool, SF2_MAIN, SF2_SECOND } from '../demo/render.js'
import { arrange } from './arrange.js'
import { clearDataset, datasetPaths, mergeBatch, readJson, writeJsonAtomic } from './dataset.js'
import { chooseSongs, describe, planAll } from './plan.js'
import { writeProvenance } from './provenance.js'
import { renderVersion } from './render.js'
import { listSongs, loadSong } from './songs.js'
import { SPLITS, splitWorks } from './splits.js'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const SMALL = { out: join(ROOT, 'resources', 'popset-small'), works: '50', versions: '5', clip: '12' }

const { values: opt } = parseArgs({
  options: {
    small: { type: 'boolean', default: false },
    out: { type: 'string' },
    stage: { type: 'string' },
    source: { type: 'string', default: join(ROOT, '..', 'shared', 'data', 'pop909', 'midi') },
    seed: { type: 'string', default: '909' },
    works: { type: 'string' },
    versions: { type: 'string' },
    clip: { type: 'string' },
    jobs: { type: 'string', default: String(Math.max(1, cpus().length)) },
    batch: { type: 'string', default: '20' },
    'keep-audio': { type: 'boolean', default: false },
    'stage-only': { type: 'boolean', default: false },
    'plan-only': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
})
if (opt.help) {
  console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 13).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'))
  process.exit(0)
}
const preset = opt.small ? SMALL : { out: join(ROOT, '.cache', 'popset'), works: '0', versions: '5', clip: '60' }
const SEED = Number.parseInt(opt.seed, 10)
const OPTIONS = {
  seed: SEED,
  works: Number.parseInt(opt.works ?? preset.works, 10) || 0,
  versions: Number.parseInt(opt.versions ?? preset.versions, 10),
  clip: Number(opt.clip ?? preset.clip),
}
const JOBS = Math.max(1, Number.parseInt(opt.jobs, 10))
const BATCH = Math.max(1, Number.parseInt(opt.batch, 10))
const OUT = resolve(opt.out ?? preset.out)
const STAGE = resolve(opt.stage ?? join(ROOT, '.cache', `${basename(OUT)}-stage`))
const SOURCE = resolve(opt.source)
if (OPTIONS.versions < 2) throw new Error('--versions must be at least 2 (an original and a cover)')

const sha1 = (bytes) => createHash('sha1').update(bytes).digest('hex')

function metadataEntry(v, perf) {
  const title = `POP909 No. ${v.song}`
  return {
    work_title: title,
    work_artist: 'POP909',
    perf_title: `${title} (${describe(v)})`,
    perf_artist: 'Refrain pop set (rendered)',
    release_year: '',
    work_id: v.work,
    perf_id: perf,
    instrumental: 'Yes',
  }
}

async function main() {
  const t0 = Date.now()
  for (const f of [SF2_MAIN, SF2_SECOND]) if (!existsSync(f)) throw new Error(`${f} is missing (apt-get install fluid-soundfont-gm timgm6mb-soundfont)`)
  const available = listSongs(SOURCE)
  if (!available.length) throw new Error(`no POP909 MIDI files in ${SOURCE}`)
  const songs = chooseSongs(available, OPTIONS).map((id) => loadSong(SOURCE, id))
  const byId = new Map(songs.map((s) => [s.id, s]))
  const plan = planAll(songs.map((s) => s.summary), OPTIONS)
  const works = [...new Set(plan.map((v) => v.work))]
  if (opt['plan-only']) {
    console.log(`${works.length} works, ${plan.length} versions, ${OPTIONS.clip} s each`)
    for (const v of plan) console.log(`${v.file}  ${describe(v)}`)
    return
  }
  const paths = datasetPaths(OUT)
  const planned = { source: relative(ROOT, SOURCE), available, options: OPTIONS, songs: songs.map((s) => s.summary), versions: plan }
  // an earlier build of the same plan keeps its finished versions; another plan starts afresh
  const earlier = readJson(paths.manifest)
  const same = earlier && JSON.stringify({ ...earlier, results: undefined, seconds: undefined }) === JSON.stringify({ ...planned, results: undefined, seconds: undefined })
  if (!same) clearDataset(OUT)
  const results = same ? earlier.results : {}
  const finished = (v) => results[v.file] && existsSync(join(OUT, results[v.file].h5))
  mkdirSync(OUT, { recursive: true })
  console.log(`${works.length} works × ${OPTIONS.versions} versions, ${OPTIONS.clip} s clips; ${plan.filter(finished).length} of ${plan.length} already built`)

  for (let b = 0; b * BATCH < works.length; b++) {
    const batchWorks = new Set(works.slice(b * BATCH, (b + 1) * BATCH))
    const todo = plan.filter((v) => batchWorks.has(v.work) && !finished(v))
    if (!todo.length) continue
    const dir = join(STAGE, `batch-${String(b).padStart(3, '0')}`)
    const staged = (v) => join(dir, v.file)
    const pending = todo.filter((v) => !existsSync(staged(v)))
    await pool(pending, JOBS, (v) => renderVersion(byId.get(v.song), v, staged(v), SEED), `batch ${b + 1}: rendered`)
    if (opt['stage-only']) continue
    const csv = `${dir}.works.csv`
    writeFileSync(csv, `file,work\n${todo.map((v) => `${v.file},${v.work}`).join('\n')}\n`)
    const summary = refrainImport({ stage: dir, out: `${dir}.out`, works: csv, workers: JOBS, quiet: true })
    if (summary.failed) throw new Error(`refrain import failed on ${summary.failed} files of ${dir}`)
    const bySource = new Map(todo.map((v) => [resolve(staged(v)), v]))
    for (const r of mergeBatch({ batchOut: `${dir}.out`, out: OUT, versionOf: (p) => bySource.get(p), entryOf: metadataEntry, keepAudio: opt['keep-audio'] })) {
      results[r.version.file] = { perf: r.perf, h5: r.h5, seconds: r.seconds, midiSha1: sha1(arrange(byId.get(r.version.song), r.version).midi) }
    }
    writeJsonAtomic(paths.manifest, { ...planned, results })
    for (const p of [dir, `${dir}.out`, csv]) rmSync(p, { recursive: true, force: true })
    const done = plan.filter(finished).length
    const elapsed = (Date.now() - t0) / 1000
    console.log(`batch ${b + 1}: ${done}/${plan.length} versions in ${Math.round(elapsed)} s`)
  }
  if (opt['stage-only']) return console.log(`staged in ${relative(ROOT, STAGE)} in ${Math.round((Date.now() - t0) / 1000)} s`)

  const missing = plan.filter((v) => !finished(v))
  if (missing.length) throw new Error(`${missing.length} versions were not built, e.g. ${missing[0].file}`)
  const splits = splitWorks(works, SEED)
  writeJsonAtomic(join(OUT, 'splits.json'), splits)
  mkdirSync(join(OUT, 'splits'), { recursive: true })
  for (const s of SPLITS) writeFileSync(join(OUT, 'splits', `${s}_works.txt`), `${splits[s].join('\n')}\n`)
  const seconds = (Date.now() - t0) / 1000
  writeJsonAtomic(paths.manifest, { ...planned, results })
  writeProvenance({ out: OUT, name: paths.name, plan, results, splits, options: OPTIONS, argv: process.argv.slice(2) })
  rmSync(STAGE, { recursive: true, force: true })
  console.log(`${relative(ROOT, OUT)}: ${plan.length} versions of ${works.length} works (train ${splits.train.length}, validation ${splits.validation.length}, test ${splits.test.length} works), built in ${Math.round(seconds)} s`)
}

main().catch((error) => {
  console.error(`pop:build: ${error.message}`)
  process.exit(1)
})
