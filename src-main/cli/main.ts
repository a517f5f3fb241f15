// The `refrain` command: a thin door onto the same services the workstation uses.
import { parseArgs } from 'node:util'
import { createApp, type App } from '../app/app'
import { SCORE_DEFAULTS } from '../scoring/parameters'
import { errorCode, errorMessage, type ErrorCode } from '../errors'
import { appVersion, defaultDbPath } from '../library/paths'
import { helpCommand } from './help-command'
import { importCommand } from './import-command'
import { indexCommand } from './index-command'
import { CliError, EXIT, safeText } from './output'
import { progressBar } from './progress'
import { datasetsCommand, searchCommand, showCommand } from './query-commands'
import { serveCommand } from './serve-command'
import { embedCommand } from './embed-command'
import { evalCommand } from './eval-command'
import { clustersCommand } from './clusters-command'
import { reportCommand } from './report-command'
import { jobsCommand, scoreCommand } from './score-command'
import { modelsCommand } from './models-command'
import { trainCommand } from './train-command'

const HELP = `refrain — cover-song identification workstation for Da-TACOS

Usage:
  refrain index <path...>        index Da-TACOS metadata JSONs and feature folders
  refrain search <text>          find performances and works by artist or title
  refrain show <W_id|P_id>       a work's performances, or a performance's metadata and features
  refrain datasets               the indexed datasets
  refrain serve [--port N]       the workstation as a web app on 127.0.0.1
  refrain import <folder>        audio files -> a Da-TACOS-layout dataset (HPCP features), then indexed:
                                 one sub-folder per work (its name is the work title); files directly
                                 in <folder> become works of one performance. WAV, FLAC, MP3, Ogg
                                 Vorbis, Ogg Opus. Re-running skips finished files; Ctrl-C keeps them.
  refrain score <dataset|folder> --method dtw|qmax|dmax|embedding|two-stage
                                 every performance against every other (or --against another dataset)
                                 on worker threads; a folder is indexed (or its audio imported) first.
                                 Ctrl-C keeps finished pairs; then: refrain score --resume <job>
  refrain jobs [--delete <job>]  the scoring jobs, newest first; --delete removes one and its matrix
  refrain eval <job>             MAP, MRR, MR1, P@10, Top-1/10, ROC AUC, calibrated threshold; writes JSON
  refrain clusters <job>         group a finished job's performances: pairs at or below the threshold (default:
                                 the job's calibrated one) are linked; --method average (default: average
                                 linkage, does not chain), components (everything linked, chains) or louvain;
                                 agreement with the works (ARI, AMI, V-measure, pairwise and B-cubed F1)
  refrain report <job|dataset> --format txt|json|csv|items|npy|html|pdf
                                 a report in the current folder (or --out): a dataset's cover relationships
                                 as the seed project wrote them (txt: cover_relationships.txt, json:
                                 cover_mapping.json) or a job's clusters the same way; a job's scored pairs
                                 (csv), its matrix for NumPy (npy, with its rows and columns as items CSV),
                                 a benchmark card with plots (html, or pdf printed by Chromium)
  refrain embed <dataset>        embed every performance with a model (default: the shipped one) and store it;
                                 later jobs reuse what is stored. Ctrl-C keeps what is done
  refrain train --dataset <name> train an embedding model on an indexed dataset whose works have versions
                                 (Python 3 with PyTorch); loss and validation MAP per epoch; the model
                                 joins your models. Ctrl-C keeps the best epoch
  refrain models                 the shipped and your models with their cards, the active one, and the
                                 execution provider; --use <id|path|shipped> makes one active,
                                 --load <file.onnx> adds one (its card beside it)
  refrain help [topic]           the methods, distances, metrics and thresholds explained (topics: refrain help)

Options:
  --db <file>        the library database (default: $REFRAIN_HOME/refrain.db, else the per-user data folder)
  --dataset <name>   with show: which dataset, when an id is in several
  --limit <n>        with search: how many results (default 20)
  --out <folder>     with import: the dataset folder to write (default: imports/<folder name> in the
                     per-user data folder); its name is the dataset's name
  --works <csv>      with import: works from a CSV instead of sub-folders; columns file,work (header
                     optional): file relative to <folder>, work a title (same title = same work)
                     or an id W_<digits>; unlisted files are left out
  --workers <n>      with import and score: worker threads (default: the CPU cores)
  --against <ds>     with score: the candidates' dataset (default: the source against itself)
  --feature <f>      with score: hpcp (default), crema or cens
  --downsample <k>   with score: average every k frames into one (default 10, i.e. 8.6 frames/s)
  --downsample-method mean|median   with score (default mean)
  --key-shift oti|all               with score --method dtw: transpose by OTI (default) or try all 12
  --band <n|none>    with score --method dtw: Sakoe-Chiba radius in (downsampled) frames (default none)
  --frame-stack-size <n>  --binarize-percentile <κ>  --dis-onset <γo>  --dis-extension <γe>
                     with score --method qmax|dmax: the cross-recurrence's frame stack (default ${SCORE_DEFAULTS.frameStackSize}), its
                     share of nearest neighbours (${SCORE_DEFAULTS.binarizePercentile}) and the gap penalties (${SCORE_DEFAULTS.disOnset}, ${SCORE_DEFAULTS.disExtension})
  --resume <job>     with score: continue a stopped job (an id prefix is enough)
  --out <file>       with eval: where to write the JSON (default ./refrain-eval-<job>.json)
  --threshold <d>    with clusters: link pairs at distance <= d instead of the job's calibrated threshold
  --method <m>       with clusters: average (default), components or louvain
  --format <f>       with report: txt, json, csv, items, npy, html or pdf
  --out <file>       with report: where to write (a folder: the default name in it)
  --top <k>          with report --format csv: each query's best k candidates (a whole CSV stops at 5 million pairs)
  --clusters <m>     with report of a job (txt, json, html): average (default), components or louvain;
                     --threshold <d> as with clusters
  --seed-mapping     with report <dataset> --format json: the seed's lists (each work without its smallest P_id)
  --model <file>     with embed and score --method embedding: an .onnx model with its card beside it
  --k <n>            with score --method two-stage: each query's nearest candidates by embedding to re-rank (default 100)
  --rerank <method>  with score --method two-stage: qmax (default), dmax or dtw
  --ep <provider>    with embed: auto (default: CUDA, DirectML, CoreML, then CPU), cuda, directml, coreml or cpu
  --dataset <name>   with train: the dataset to learn from
  --val <name>       with train: a dataset to validate on (default: a work-disjoint split of --dataset)
  --loss <l>         with train: contrastive, triplet or both (default: both, the better kept)
  --epochs <n>       with train: epochs per loss (default 40)
  --seed <n>         with train: the random seed (default 2026)
  --out <file.onnx>  with train: also write the model (and its card beside it) there
  --json             print data as JSON
  --version, --help

Exit codes: 0 ok, 1 failed, 2 usage, 3 finished but some files failed, 4 not found, 130 interrupted.`

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      dataset: { type: 'string' },
      port: { type: 'string', default: '0' },
      limit: { type: 'string', default: '20' },
      out: { type: 'string' },
      works: { type: 'string' },
      workers: { type: 'string' },
      against: { type: 'string' },
      method: { type: 'string' },
      feature: { type: 'string' },
      downsample: { type: 'string' },
      'downsample-method': { type: 'string' },
      'key-shift': { type: 'string' },
      band: { type: 'string' },
      resume: { type: 'string' },
      model: { type: 'string' },
      k: { type: 'string' },
      rerank: { type: 'string' },
      'frame-stack-size': { type: 'string' },
      'binarize-percentile': { type: 'string' },
      'dis-onset': { type: 'string' },
      'dis-extension': { type: 'string' },
      threshold: { type: 'string' },
      format: { type: 'string' },
      top: { type: 'string' },
      clusters: { type: 'string' },
      'seed-mapping': { type: 'boolean', default: false },
      ep: { type: 'string' },
      delete: { type: 'string' },
      val: { type: 'string' },
      loss: { type: 'string' },
      epochs: { type: 'string' },
      seed: { type: 'string' },
      use: { type: 'string' },
      load: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
    },
  })
  if (values.version) return process.stdout.write(appVersion() + '\n'), EXIT.ok
  const [command, ...rest] = positionals
  if (values.help || !command) return process.stdout.write(HELP + '\n'), command || values.help ? EXIT.ok : EXIT.usage
  if (command === 'help') return helpCommand(rest, values.json)
  if (!['index', 'search', 'show', 'datasets', 'serve', 'import', 'score', 'jobs', 'eval', 'clusters', 'report', 'embed', 'train', 'models'].includes(command)) {
    throw new CliError(`unknown command "${command}" (try refrain --help)`, EXIT.usage)
  }
  const app = createApp({ dbPath: defaultDbPath(values.db), door: { name: 'cli', version: appVersion() } })
  try {
    await prepareDefaultLibrary(app, values.json)
    switch (command) {
      case 'import':
        return await importCommand(app, rest, { out: values.out, works: values.works, workers: values.workers === undefined ? undefined : positiveInt(values.workers, '--workers'), json: values.json })
      case 'index':
        return await indexCommand(app, rest, values.json)
      case 'score':
        return await scoreCommand(app, rest, {
          against: values.against,
          method: values.method,
          feature: values.feature,
          downsample: values.downsample,
          downsampleMethod: values['downsample-method'],
          keyShift: values['key-shift'],
          band: values.band,
          resume: values.resume,
          model: values.model,
          k: values.k,
          rerank: values.rerank,
          frameStackSize: values['frame-stack-size'],
          binarizePercentile: values['binarize-percentile'],
          disOnset: values['dis-onset'],
          disExtension: values['dis-extension'],
          workers: values.workers === undefined ? undefined : positiveInt(values.workers, '--workers'),
          json: values.json,
        })
      case 'jobs':
        return jobsCommand(app, values.json, values.delete)
      case 'embed':
        return await embedCommand(app, rest, { model: values.model, ep: values.ep, workers: values.workers === undefined ? undefined : positiveInt(values.workers, '--workers'), json: values.json })
      case 'train':
        return await trainCommand(app, rest, {
          dataset: values.dataset,
          val: values.val,
          loss: values.loss,
          epochs: values.epochs === undefined ? undefined : positiveInt(values.epochs, '--epochs'),
          seed: values.seed === undefined ? undefined : wholeNumber(values.seed, '--seed'),
          out: values.out,
          json: values.json,
        })
      case 'models':
        return await modelsCommand(app, { use: values.use, load: values.load, json: values.json })
      case 'eval':
        return await evalCommand(app, rest, { out: values.out, json: values.json })
      case 'report':
        return await reportCommand(app, rest, { format: values.format, out: values.out, top: values.top, clusters: values.clusters, threshold: values.threshold, seedMapping: values['seed-mapping'], json: values.json })
      case 'clusters':
        return await clustersCommand(app, rest, { threshold: values.threshold, method: values.method, json: values.json })
      case 'search':
        return searchCommand(app, rest, values.json, positiveInt(values.limit, '--limit'))
      case 'show':
        return showCommand(app, rest[0], values.dataset, values.json)
      case 'datasets':
        return datasetsCommand(app, values.json)
      default:
        return await serveCommand(app, Number(values.port), values.json)
    }
  } finally {
    await app.close()
  }
}

/** The first run on a new database indexes the bundled Da-TACOS library; say so, it takes seconds. */
async function prepareDefaultLibrary(app: App, quiet: boolean): Promise<void> {
  const bar = progressBar()
  const summary = await app.ensureDefaultLibrary({ onProgress: (progress) => bar.update(progress) })
  bar.clear()
  if (summary && !quiet) {
    process.stderr.write(`first run: indexed the bundled library (${summary.performances} performances) in ${summary.seconds.toFixed(1)} s\n`)
  }
}

function positiveInt(text: string, name: string): number {
  const value = Number(text)
  if (!Number.isInteger(value) || value < 1) throw new CliError(`${name} must be a positive whole number, not "${text}"`, EXIT.usage)
  return value
}

function wholeNumber(text: string, name: string): number {
  const value = Number(text)
  if (!Number.isInteger(value) || value < 0) throw new CliError(`${name} must be a whole number, not "${text}"`, EXIT.usage)
  return value
}

/** A domain error's code as the exit status the help text documents. */
function exitCodeOf(code: ErrorCode): number {
  if (code === 'not-found') return EXIT.notFound
  if (code === 'cancelled') return EXIT.interrupted
  return EXIT.failed
}

// A reader that stops early (`refrain search … | head`) closes the pipe: the output ends there, which is no error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error
  process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0)
})

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    if (error instanceof CliError) {
      process.stderr.write(`refrain: ${safeText(error.message)}\n`)
      process.exitCode = error.exitCode
    } else if ((error as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || (error as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      // Node's own message, in lines of its own: each line made safe, not the line breaks.
      process.stderr.write(`refrain: ${errorMessage(error).split('\n').map(safeText).join('\n  ')} (try refrain --help)\n`)
      process.exitCode = EXIT.usage
    } else {
      const code = errorCode(error)
      process.stderr.write(`refrain: ${safeText(errorMessage(error))}\n`)
      process.exitCode = code === null ? EXIT.failed : exitCodeOf(code)
    }
  },
)
