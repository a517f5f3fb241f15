// ONNX Runtime sessions with execution-provider fallback: CUDA (Linux/Windows with NVIDIA),
// DirectML (Windows), CoreML (macOS), then CPU, filtered by platform. Each provider that fails
// to load is kept with its reason and the next is tried; a forced provider (`--ep`) is tried
// alone and its failure is the error. Tests force a provider to fail through `failProviders`
// (or REFRAIN_TEST_EP_FAIL, which worker threads inherit), so the fallback is checked on any machine.
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { InferenceSession } from 'onnxruntime-node'
import { RefrainError, unsupported } from '../errors'

export const PROVIDERS = ['cuda', 'dml', 'coreml', 'cpu'] as const
export type ProviderName = (typeof PROVIDERS)[number]

export const PROVIDER_LABEL: Record<ProviderName, string> = { cuda: 'CUDA', dml: 'DirectML', coreml: 'CoreML', cpu: 'CPU' }

/** Accepts the names a user would type for `--ep`. */
export function parseProvider(text: string): ProviderName | 'auto' {
  const key = text.trim().toLowerCase()
  if (key === 'auto') return 'auto'
  if (key === 'directml') return 'dml'
  if ((PROVIDERS as readonly string[]).includes(key)) return key as ProviderName
  throw new RefrainError('invalid-input', `unknown execution provider "${text}": use auto, cuda, directml, coreml or cpu`)
}

/** The providers worth trying here, best first. */
export function providerOrder(platform: NodeJS.Platform = process.platform): ProviderName[] {
  if (platform === 'win32') return ['cuda', 'dml', 'cpu']
  if (platform === 'darwin') return ['coreml', 'cpu']
  if (platform === 'linux') return ['cuda', 'cpu']
  return ['cpu']
}

export interface ProviderAttempt {
  provider: ProviderName
  /** Why it did not load; null for the one in use. */
  error: string | null
}

export interface OpenedSession {
  session: InferenceSession
  provider: ProviderName
  attempts: ProviderAttempt[]
}

export interface SessionOptions {
  /** A provider to use alone, or 'auto' (the default) for the platform's order. */
  ep?: ProviderName | 'auto'
  /** Providers made to fail as if they could not load (tests). */
  failProviders?: readonly ProviderName[]
  /** CPU threads per session; the pool already runs one session per core. */
  threads?: number
}

type Ort = typeof import('onnxruntime-node')
let ortModule: Ort | null = null

/** onnxruntime-node, loaded on first use so that nothing else pays for its native library. */
export async function loadOrt(): Promise<Ort> {
  if (!ortModule) {
    try {
      const mod = (await import('onnxruntime-node')) as Ort & { default?: Ort }
      ortModule = mod.InferenceSession ? mod : (mod.default as Ort)
    } catch (error) {
      throw unsupported(`ONNX Runtime (onnxruntime-node) does not load here: ${(error as Error).message.split('\n')[0]}; run npm install`)
    }
    // ORT logs a provider's load failure itself, in red on stderr; we keep the reason instead.
    ortModule.env.logLevel = 'fatal'
  }
  return ortModule
}

function failuresFromEnv(): ProviderName[] {
  const text = process.env.REFRAIN_TEST_EP_FAIL ?? ''
  return text.split(',').map((s) => s.trim()).filter((s): s is ProviderName => (PROVIDERS as readonly string[]).includes(s))
}

/** ORT's own message for a missing CUDA build is only "Failed to load shared library": say which, and what to do. */
function explain(provider: ProviderName, message: string): string {
  const first = message.split('\n')[0].trim()
  if (provider === 'cuda' && /load shared library|cannot open shared object/i.test(first)) {
    try {
      const pkg = createRequire(import.meta.url).resolve('onnxruntime-node/package.json')
      const bin = join(dirname(pkg), 'bin', 'napi-v6', process.platform, process.arch)
      const lib = process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so'
      if (!existsSync(join(bin, lib))) return `${first}: ${lib} is not installed (the README's "GPU" section says how to get it)`
    } catch {
      // Fall through to ORT's message.
    }
    return `${first} (CUDA 12 and cuDNN 9 must be installed and on the library path)`
  }
  if (/backend not found/i.test(first)) return `${first} (not built into ONNX Runtime for ${process.platform}/${process.arch})`
  return first
}

/**
 * Opens the model with the first provider that loads. Throws one line when none does: for a
 * forced provider its reason, else every provider's reason.
 */
export async function openSession(modelPath: string, options: SessionOptions = {}): Promise<OpenedSession> {
  const ort = await loadOrt()
  const forced = options.ep && options.ep !== 'auto' ? options.ep : null
  const order = forced ? [forced] : providerOrder()
  const failing = new Set([...(options.failProviders ?? []), ...failuresFromEnv()])
  const attempts: ProviderAttempt[] = []
  for (const provider of order) {
    try {
      if (failing.has(provider)) throw new Error('made to fail for a test (REFRAIN_TEST_EP_FAIL)')
      const session = await ort.InferenceSession.create(modelPath, {
        executionProviders: [provider],
        graphOptimizationLevel: 'all',
        intraOpNumThreads: options.threads ?? 1,
        interOpNumThreads: 1,
        logSeverityLevel: 4,
      })
      attempts.push({ provider, error: null })
      return { session, provider, attempts }
    } catch (error) {
      attempts.push({ provider, error: explain(provider, (error as Error).message ?? String(error)) })
    }
  }
  if (forced) throw unsupported(`the ${PROVIDER_LABEL[forced]} execution provider failed to load ${modelPath}: ${attempts[0].error}`)
  throw unsupported(`no execution provider could load ${modelPath}: ${attempts.map((a) => `${PROVIDER_LABEL[a.provider]}: ${a.error}`).join('; ')}`)
}

/** "CPU (CUDA failed: …)": what the CLI prints and the workstation shows. */
export function describeProviders(provider: ProviderName, attempts: readonly ProviderAttempt[]): string {
  const failed = attempts.filter((a) => a.error !== null)
  if (failed.length === 0) return PROVIDER_LABEL[provider]
  return `${PROVIDER_LABEL[provider]} (${failed.map((a) => `${PROVIDER_LABEL[a.provider]} failed: ${a.error}`).join('; ')})`
}
