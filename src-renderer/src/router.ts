import { useEffect, useState } from 'react'
import { CHROMA_KINDS } from './chroma'
import { ALIGNMENT_FIELDS } from './scoreParams'
import type { Input } from './types'
import type { ChromaKind, FeatureFilter, OperatingPoint, PairFilter, QuerySort, ScoreJobInfo, SortOrder } from './types'

/** One performance of a dataset, as the Compare view names either side. */
export interface PerfRef {
  dataset: string
  perfId: string
}

/** Compare settings carried in the address; absent: the backend's defaults. */
export interface CompareOptions {
  feature?: ChromaKind
  downsample?: number
  /** How frames are pooled and which key shifts DTW tries; absent: mean, and the OTI's one. */
  downsampleMethod?: 'median'
  keyShift?: 'all'
  /** The alignment settings applied in Compare's form (frame stack, κ, gaps, DTW band); absent: defaults. */
  alignment?: CompareAlignment
  /** The address of the job page it was opened from, for the breadcrumb and the way back. */
  from?: string
  /** The threshold source and operating point chosen in Compare; absent: its default source, and the EER. */
  source?: string
  op?: OperatingPoint
}

/** Compare's alignment settings as the address keeps them; the backend checks their ranges. */
export type CompareAlignment = Partial<Record<(typeof ALIGNMENT_FIELDS)[number]['key'] | 'band', number>>
const ALIGNMENT_KEYS = [...ALIGNMENT_FIELDS.map((f) => f.key), 'band'] as const

/** Where a job page's mistake views stand, kept in the address so a way back lands on the same row. */
export interface JobPlace {
  view?: 'queries' | 'pairs'
  /** Per-query table: its sort; the order applies to the view shown. */
  sort?: QuerySort
  order?: SortOrder
  /** Pair view: which pairs. */
  filter?: PairFilter
  /** The row (0-based, in the view's order) last opened. */
  at?: number
}

export type Route =
  /** `features`: only works (and search results) with a feature file, of any kind or of one. */
  | { name: 'library'; q: string; dataset: string; features?: FeatureFilter }
  /** `picked`: the performances ticked to compare, kept in the address so Back finds them ticked. */
  | { name: 'work'; dataset: string; workId: string; picked?: string[] }
  | { name: 'performance'; dataset: string; perfId: string }
  | ({ name: 'compare'; a: PerfRef; b: PerfRef } & CompareOptions)
  | { name: 'datasets' }
  | { name: 'import' }
  | { name: 'batch' }
  | { name: 'models' }
  | { name: 'help'; topic?: string }
  /** `query`: that query's ranked list instead of every query's top pairs. */
  | { name: 'batch-job'; jobId: string; query?: PerfRef; place?: JobPlace }
  /** A scoring job's clusters: its graph and list, at a threshold and by a method other than the defaults if given. */
  | { name: 'clusters'; jobId: string; threshold?: number; method?: Input<'clusters.graph'>['method'] }
  /** Not linked from the page: the clusters graph on a synthetic graph of `nodes` performances, to measure it. */
  | { name: 'graph-bench'; nodes: number; preview?: boolean }
  | { name: 'not-found'; hash: string }

function decode(part: string): string {
  try {
    return decodeURIComponent(part)
  } catch {
    return part
  }
}

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/'
  const [pathPart, query = ''] = raw.split('?', 2) as [string, string?]
  const parts = pathPart.split('/').filter(Boolean).map(decode)
  const params = new URLSearchParams(query)
  if (parts.length === 0) {
    const features = FEATURE_FILTERS.find((f) => f === params.get('features'))
    return { name: 'library', q: params.get('q') ?? '', dataset: params.get('dataset') ?? '', ...(features ? { features } : {}) }
  }
  if (parts[0] === 'help' && parts.length <= 2) return { name: 'help', ...(parts[1] ? { topic: parts[1] } : {}) }
  if (parts[0] === 'datasets' && parts.length === 1) return { name: 'datasets' }
  if (parts[0] === 'import' && parts.length === 1) return { name: 'import' }
  if (parts[0] === 'batch' && parts.length === 1) return { name: 'batch' }
  if (parts[0] === 'models' && parts.length === 1) return { name: 'models' }
  if (parts[0] === 'batch' && parts.length === 3 && parts[2] === 'clusters') {
    const threshold = Number(params.get('threshold') ?? NaN)
    const method = CLUSTER_METHODS.find((m) => m === params.get('method'))
    return { name: 'clusters', jobId: parts[1]!, ...(Number.isFinite(threshold) && threshold >= 0 ? { threshold } : {}), ...(method ? { method } : {}) }
  }
  if (parts[0] === 'bench' && parts[1] === 'graph' && parts.length === 2) {
    const nodes = Number(params.get('nodes') ?? 15_000)
    const preview = params.get('preview')
    return { name: 'graph-bench', nodes: Number.isInteger(nodes) && nodes >= 1 && nodes <= 100_000 ? nodes : 15_000, ...(preview ? { preview: preview === '1' } : {}) }
  }
  if (parts[0] === 'batch' && parts.length === 2) {
    const dataset = params.get('queryDataset')
    const perfId = params.get('queryPerf')
    const place = jobPlace(params)
    return { name: 'batch-job', jobId: parts[1]!, ...(dataset && perfId ? { query: { dataset, perfId } } : {}), ...(place ? { place } : {}) }
  }
  if (parts[0] === 'work' && parts.length === 3) {
    const picked = (params.get('pick') ?? '').split(',').filter((id) => /^P_\w+$/.test(id)).slice(0, 2)
    return { name: 'work', dataset: parts[1]!, workId: parts[2]!, ...(picked.length ? { picked } : {}) }
  }
  if (parts[0] === 'performance' && parts.length === 3) return { name: 'performance', dataset: parts[1]!, perfId: parts[2]! }
  if (parts[0] === 'compare' && parts.length === 5) {
    return {
      name: 'compare',
      a: { dataset: parts[1]!, perfId: parts[2]! },
      b: { dataset: parts[3]!, perfId: parts[4]! },
      ...compareOptions(params),
    }
  }
  return { name: 'not-found', hash: raw }
}

const CLUSTER_METHODS: readonly NonNullable<Input<'clusters.graph'>['method']>[] = ['average', 'components', 'louvain']
const FEATURE_FILTERS: readonly FeatureFilter[] = ['any', 'hpcp', 'crema', 'cens', 'mfcc', 'madmom', 'key', 'tags']

const oneOf = <T extends string>(value: string | null, allowed: readonly T[]): T | undefined => (allowed as readonly (string | null)[]).includes(value) ? (value as T) : undefined

/** The order a place is written in, so one place has one address. */
const PLACE_KEYS = ['view', 'sort', 'filter', 'order', 'at'] as const

const QUERY_SORTS: readonly QuerySort[] = ['ap', 'firstRank', 'versions']
const PAIR_FILTERS: readonly PairFilter[] = ['all', 'false-positives', 'missed']

function jobPlace(params: URLSearchParams): JobPlace | undefined {
  const place: JobPlace = {}
  const view = oneOf(params.get('view'), ['queries', 'pairs'] as const)
  const sort = oneOf(params.get('sort'), QUERY_SORTS)
  const order = oneOf(params.get('order'), ['asc', 'desc'] as const)
  const filter = oneOf(params.get('filter'), PAIR_FILTERS)
  const at = Number(params.get('at') ?? NaN)
  if (view) place.view = view
  if (sort) place.sort = sort
  if (order) place.order = order
  if (filter) place.filter = filter
  if (Number.isInteger(at) && at >= 0) place.at = at
  return Object.keys(place).length > 0 ? place : undefined
}

/** Unknown or malformed values are dropped, so a hand-edited address falls back to the defaults. */
function compareOptions(params: URLSearchParams): CompareOptions {
  const out: CompareOptions = {}
  // Only a job page's address: the breadcrumb links to it.
  const from = params.get('from')
  if (from && parseHash(from).name === 'batch-job') out.from = from
  const feature = params.get('feature')
  if (feature && (CHROMA_KINDS as readonly string[]).includes(feature)) out.feature = feature as ChromaKind
  const downsample = Number(params.get('downsample'))
  if (Number.isInteger(downsample) && downsample >= 1 && downsample <= 1000) out.downsample = downsample
  if (params.get('downsampleMethod') === 'median') out.downsampleMethod = 'median'
  if (params.get('keyShift') === 'all') out.keyShift = 'all'
  const alignment: CompareAlignment = {}
  for (const key of ALIGNMENT_KEYS) {
    const text = params.get(key)
    const value = text === null || text.trim() === '' ? NaN : Number(text)
    if (Number.isFinite(value)) alignment[key] = value
  }
  if (Object.keys(alignment).length > 0) out.alignment = alignment
  const source = params.get('source')
  if (source) out.source = source
  const op = params.get('op')
  const fpr = Number(/^fpr:(.+)$/.exec(op ?? '')?.[1])
  if (op === 'max-f1') out.op = { rule: 'max-f1' }
  else if (fpr > 0 && fpr < 1) out.op = { rule: 'fpr', fpr }
  return out
}

export function hrefFor(route: Route): string {
  switch (route.name) {
    case 'library': {
      const p = new URLSearchParams()
      if (route.q) p.set('q', route.q)
      if (route.dataset) p.set('dataset', route.dataset)
      if (route.features) p.set('features', route.features)
      const q = p.toString()
      return `#/${q ? `?${q}` : ''}`
    }
    case 'help':
      return `#/help${route.topic ? `/${encodeURIComponent(route.topic)}` : ''}`
    case 'datasets':
      return '#/datasets'
    case 'import':
      return '#/import'
    case 'batch':
      return '#/batch'
    case 'models':
      return '#/models'
    case 'batch-job': {
      const p = new URLSearchParams()
      if (route.query) {
        p.set('queryDataset', route.query.dataset)
        p.set('queryPerf', route.query.perfId)
      }
      for (const key of PLACE_KEYS) if (route.place?.[key] !== undefined) p.set(key, String(route.place[key]))
      const q = p.toString()
      return `#/batch/${encodeURIComponent(route.jobId)}${q ? `?${q}` : ''}`
    }
    case 'work':
      return `#/work/${encodeURIComponent(route.dataset)}/${encodeURIComponent(route.workId)}${route.picked?.length ? `?pick=${route.picked.join(',')}` : ''}`
    case 'performance':
      return `#/performance/${encodeURIComponent(route.dataset)}/${encodeURIComponent(route.perfId)}`
    case 'compare': {
      const p = new URLSearchParams()
      if (route.feature) p.set('feature', route.feature)
      if (route.downsample !== undefined) p.set('downsample', String(route.downsample))
      if (route.downsampleMethod) p.set('downsampleMethod', route.downsampleMethod)
      if (route.keyShift) p.set('keyShift', route.keyShift)
      for (const key of ALIGNMENT_KEYS) if (route.alignment?.[key] !== undefined) p.set(key, String(route.alignment[key]))
      if (route.from) p.set('from', route.from)
      if (route.source) p.set('source', route.source)
      if (route.op && route.op.rule !== 'eer') p.set('op', route.op.rule === 'fpr' ? `fpr:${route.op.fpr}` : route.op.rule)
      const q = p.toString()
      const side = (r: PerfRef) => `${encodeURIComponent(r.dataset)}/${encodeURIComponent(r.perfId)}`
      return `#/compare/${side(route.a)}/${side(route.b)}${q ? `?${q}` : ''}`
    }
    case 'clusters': {
      const p = new URLSearchParams()
      if (route.threshold !== undefined) p.set('threshold', String(route.threshold))
      if (route.method) p.set('method', route.method)
      const q = p.toString()
      return `#/batch/${encodeURIComponent(route.jobId)}/clusters${q ? `?${q}` : ''}`
    }
    case 'graph-bench':
      return `#/bench/graph?nodes=${route.nodes}${route.preview === undefined ? '' : `&preview=${route.preview ? 1 : 0}`}`
    case 'not-found':
      return '#/'
  }
}

export const workHref = (dataset: string, workId: string) => hrefFor({ name: 'work', dataset, workId })
export const perfHref = (dataset: string, perfId: string) => hrefFor({ name: 'performance', dataset, perfId })
/** The Help page, or one topic of it (src-shared/help). */
export const helpHref = (topic?: string) => hrefFor({ name: 'help', ...(topic ? { topic } : {}) })
/** The Compare view of two performances (Batch results link their pairs here). */
export const compareHref = (a: PerfRef, b: PerfRef, options: CompareOptions = {}) => hrefFor({ name: 'compare', a, b, ...options })

/** What a job's parameters set in Compare, so that a pair opened from the job is aligned (and its distances are) as the job's. */
export function jobCompareOptions(params: ScoreJobInfo['params'], from: string): CompareOptions {
  const { feature, downsample, downsampleMethod, keyShift, band, frameStackSize, binarizePercentile, disOnset, disExtension } = params
  const alignment: CompareAlignment = { frameStackSize, binarizePercentile, disOnset, disExtension, ...(band != null ? { band } : {}) }
  return {
    feature,
    downsample,
    ...(downsampleMethod === 'median' ? { downsampleMethod } : {}),
    ...(keyShift === 'all' ? { keyShift } : {}),
    alignment,
    from,
  }
}

/** Go to a route, adding a history entry (so Back returns). */
export function navigate(href: string): void {
  if (window.location.hash !== href) window.location.hash = href
}

/** Change the current entry's address without a new history entry or a hashchange. */
export function replaceHash(href: string): void {
  if (window.location.hash === href) return
  window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search + href)
}

/** The current route, and a counter that moves on every hashchange (to remount pages). */
export function useRoute(): { route: Route; seq: number } {
  const [route, setRoute] = useState(() => ({ route: parseHash(window.location.hash), seq: 0 }))
  useEffect(() => {
    const on = () => setRoute((r) => ({ route: parseHash(window.location.hash), seq: r.seq + 1 }))
    window.addEventListener('hashchange', on)
    return () => window.removeEventListener('hashchange', on)
  }, [])
  return route
}
