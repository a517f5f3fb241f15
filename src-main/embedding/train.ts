// Launches the Python training (training/train.py) as a child process for `refrain train`: finds
// Python (REFRAIN_PYTHON, else /usr/bin/python3 where it exists, else python3 / python on PATH),
// streams its JSON progress lines to the caller, turns a missing Python or PyTorch into one
// line saying what to install, and on cancel sends SIGINT so the script exports its best epoch.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { RefrainError, type ErrorCode } from '../errors'

export const INSTALL_HINT =
  'install Python 3 with PyTorch, ONNX, h5py and NumPy (Debian/Ubuntu: apt-get install python3-torch python3-onnx python3-h5py python3-numpy; elsewhere: pip install torch onnx h5py numpy), or set REFRAIN_PYTHON to a Python that has them'

export function resolvePython(env: NodeJS.ProcessEnv = process.env): string {
  if (env.REFRAIN_PYTHON) return env.REFRAIN_PYTHON
  if (process.platform === 'win32') return 'python'
  // Debian's python3-torch installs for the system Python, which a pyenv or venv python3 on PATH may shadow.
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'
}

/** training/train.py in a checkout, found walking up from this module (source or out/main). */
export function trainingScript(from: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(from))
  for (;;) {
    const candidate = join(dir, 'training', 'train.py')
    if (existsSync(candidate)) return candidate
    const parent = dirname(dir)
    if (parent === dir) throw new RefrainError('not-found', 'training/train.py was not found: training runs from a checkout of the Refrain repository')
    dir = parent
  }
}

export interface TrainOptions {
  dataset: string
  out: string
  val?: string
  test?: string
  loss?: 'contrastive' | 'triplet' | 'both'
  epochs?: number
  seed?: number
  maxMinutes?: number
  /** Further train.py flags, e.g. ['--crop', '48']. */
  extra?: string[]
  python?: string
  signal?: AbortSignal
  /** Every JSON line the script prints (start, warning, epoch, done). */
  onEvent?: (event: TrainEvent) => void
}

export type TrainEvent =
  | { type: 'start'; train: number; val: number; test: number; parameters: number; [key: string]: unknown }
  | { type: 'warning'; message: string }
  | { type: 'epoch'; epoch: number; lossName: string; loss: number | null; valMap: number; chance: number; seconds: number }
  | { type: 'done'; model: string; card: string; loss: string; valMap: number; testMap: number | null; interrupted: boolean; [key: string]: unknown }
  | { type: 'error'; code: string; message: string }

const CODE_OF: Record<string, ErrorCode> = { 'missing-python-modules': 'unsupported', 'bad-dataset': 'invalid-input', usage: 'invalid-input', interrupted: 'cancelled' }

export function runTraining(options: TrainOptions): Promise<Extract<TrainEvent, { type: 'done' }>> {
  const python = options.python ?? resolvePython()
  const args = [trainingScript(), '--dataset', options.dataset, '--out', options.out]
  if (options.val) args.push('--val', options.val)
  if (options.test) args.push('--test', options.test)
  if (options.loss) args.push('--loss', options.loss)
  if (options.epochs !== undefined) args.push('--epochs', String(options.epochs))
  if (options.seed !== undefined) args.push('--seed', String(options.seed))
  if (options.maxMinutes !== undefined) args.push('--max-minutes', String(options.maxMinutes))
  args.push(...(options.extra ?? []))
  return new Promise((resolve, reject) => {
    const child = spawn(python, ['-u', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PYTHONUNBUFFERED: '1' } })
    let done: Extract<TrainEvent, { type: 'done' }> | null = null
    let failure: Extract<TrainEvent, { type: 'error' }> | null = null
    let stderr = ''
    let pending = ''
    const onAbort = () => child.kill('SIGINT')
    options.signal?.addEventListener('abort', onAbort, { once: true })
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (text: string) => {
      pending += text
      let newline
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline).trim()
        pending = pending.slice(newline + 1)
        if (!line.startsWith('{')) continue
        let event: TrainEvent
        try {
          event = JSON.parse(line) as TrainEvent
        } catch {
          continue
        }
        if (event.type === 'done') done = event
        if (event.type === 'error') failure = event
        options.onEvent?.(event)
      }
    })
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (text: string) => {
      stderr = (stderr + text).slice(-4000)
    })
    child.on('error', (error: NodeJS.ErrnoException) => {
      options.signal?.removeEventListener('abort', onAbort)
      if (error.code === 'ENOENT') reject(new RefrainError('unsupported', `Python was not found at "${python}": ${INSTALL_HINT}`))
      else reject(new RefrainError('io', `cannot start ${python}: ${error.message}`))
    })
    child.on('close', (code) => {
      options.signal?.removeEventListener('abort', onAbort)
      const ended = done as Extract<TrainEvent, { type: 'done' }> | null
      const failed = failure as Extract<TrainEvent, { type: 'error' }> | null
      if (ended) return resolve(ended)
      if (failed) return reject(new RefrainError(CODE_OF[failed.code] ?? 'io', failed.message))
      const last = stderr.trim().split('\n').pop() ?? ''
      // A Python too old for the script's syntax, or one that crashed before printing anything.
      reject(new RefrainError('io', `training stopped (${python} exited with code ${code})${last ? `: ${last}` : ''}`))
    })
  })
}
