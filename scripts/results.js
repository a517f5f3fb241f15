// `npm run results -- <dataset or folder> [--methods dtw,dtw-all,qmax,dmax] [--downsample k]
//                     [--workers n] [--calibrate]`
// Runs `refrain score` once per method on one dataset, in a fresh home (the bundled library plus
// the dataset), and prints the README's results rows: MAP, MR1 and wall time, each with the
// command that reproduces it. --calibrate also writes each job's calibrated threshold, with the
// pair statistics Compare re-judges by (EER and max-F1 thresholds, ROC, histogram), to
// resources/calibration.json, the calibration Compare uses before a user has evaluated a job.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const { values: opt, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    methods: { type: 'string', default: 'dtw,dtw-all,qmax,dmax' },
    downsample: { type: 'string' },
    workers: { type: 'string', default: '2' },
    calibrate: { type: 'boolean', default: false },
  },
})
if (positionals.length !== 1) {
  console.error('usage: npm run results -- <dataset or folder> [--methods dtw,dtw-all,qmax,dmax] [--downsample k] [--workers n] [--calibrate]')
  process.exit(2)
}
const source = positionals[0]
const METHODS = {
  dtw: { label: 'DTW, OTI key shift', args: ['--method', 'dtw'] },
  'dtw-all': { label: 'DTW, best of 12 shifts', args: ['--method', 'dtw', '--key-shift', 'all'] },
  qmax: { label: 'Qmax (Serra et al. 2009)', args: ['--method', 'qmax'] },
  dmax: { label: 'Dmax (Chen et al. 2017)', args: ['--method', 'dmax'] },
}

const home = mkdtempSync(join(tmpdir(), 'refrain-results-'))
const rows = []
const calibration = []
try {
  for (const name of opt.methods.split(',')) {
    const method = METHODS[name]
    if (!method) throw new Error(`unknown method ${name} (one of ${Object.keys(METHODS).join(', ')})`)
    const args = ['score', source, ...method.args, ...(opt.downsample ? ['--downsample', opt.downsample] : []), '--workers', opt.workers]
    const started = performance.now()
    const out = execFileSync(process.execPath, [join(root, 'bin', 'refrain.js'), ...args, '--json'], {
      env: { ...process.env, REFRAIN_HOME: home },
      encoding: 'utf8',
      maxBuffer: 1 << 28,
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const wall = (performance.now() - started) / 1000
    const job = JSON.parse(out)
    if (job.status !== 'done' || !job.evaluation) throw new Error(`${name}: the job ended ${job.status} without an evaluation`)
    const e = job.evaluation
    rows.push({ name, label: method.label, job, wall, command: `npx refrain ${args.join(' ')}` })
    console.error(`${name}: MAP ${e.map.toFixed(4)}, MR1 ${e.mr1.toFixed(2)}, ${wall.toFixed(0)} s`)
    if (job.threshold) {
      const t = job.threshold
      const what = t.rule === 'eer' ? `equal error rate (${(100 * e.eer.rate).toFixed(1)} %)` : `maximum F1 (${e.maxF1.f1.toFixed(3)})`
      const run = `the ${job.source} library (${job.queries} performances), ${job.createdAt.slice(0, 10)}, npm run results -- ${process.argv.slice(2).join(' ')}`
      calibration.push({
        params: job.params,
        dataset: job.source,
        origin: `bundled: ${run}`,
        threshold: {
          value: t.value,
          rule: t.rule,
          jobId: null,
          origin: `bundled: ${what} on ${run}`,
          // The job's probability calibration travels with its threshold (Compare's P(versions)).
          calibration: t.calibration ?? null,
        },
        // What Compare needs to judge at another operating point and to place a distance among the pairs.
        evaluation: { eer: e.eer, maxF1: e.maxF1, roc: e.roc, histogram: e.histogram, versionPairs: e.versionPairs, nonVersionPairs: e.nonVersionPairs },
      })
    }
  }
} finally {
  rmSync(home, { recursive: true, force: true })
}

const first = rows[0]?.job
console.log(`${source}: ${first?.queries} performances, ${first?.evaluation.queries} queries with a version (${first?.evaluation.excluded} without), ${first?.params.feature} ↓${first?.params.downsample}, ${opt.workers} workers`)
console.log('')
console.log('| method | MAP | MR1 | MRR | ROC AUC | wall time | command |')
console.log('|---|---|---|---|---|---|---|')
for (const r of rows) {
  const e = r.job.evaluation
  console.log(`| ${r.label} | ${e.map.toFixed(4)} | ${e.mr1.toFixed(2)} | ${e.mrr.toFixed(4)} | ${e.auc === null ? '-' : e.auc.toFixed(4)} | ${r.wall.toFixed(0)} s | \`${r.command}\` |`)
}
if (opt.calibrate) {
  writeFileSync(join(root, 'resources', 'calibration.json'), JSON.stringify({ about: 'Thresholds Compare uses until a job with the same parameters is evaluated; written by npm run results -- <dataset> --calibrate.', entries: calibration }, null, 2) + '\n')
  console.error(`wrote resources/calibration.json (${calibration.length} entries)`)
}
