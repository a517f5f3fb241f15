// Numbers are grouped by hand, not by Intl.NumberFormat: the first Intl formatter a window makes
// starts ICU, 50–190 ms on this machine, and the Library's first paint waited for it.

/** A count as en-US writes it ("15,000"); up to 3 decimals for a number that is not whole. */
export function fmtInt(n: number | null | undefined): string {
  if (n == null) return '—'
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '∞' : '-∞'
  const [whole = '0', fraction] = String(Math.round(Math.abs(n) * 1000) / 1000).split('.')
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${n < 0 && (whole !== '0' || fraction) ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`
}

/** Seconds as m:ss (or h:mm:ss), with `decimals` fractional digits of a second. */
/** A count and its noun, singular for one: "1 work", "5,000 works". */
export function fmtCount(n: number, singular: string, plural = `${singular}s`): string {
  return `${fmtInt(n)} ${n === 1 ? singular : plural}`
}

export function fmtTime(sec: number, decimals = 0): string {
  if (!Number.isFinite(sec)) return '—'
  const neg = sec < 0
  let s = Math.abs(sec)
  const scale = 10 ** decimals
  s = Math.round(s * scale) / scale
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const rest = s - h * 3600 - m * 60
  const secStr = rest.toFixed(decimals).padStart(decimals ? 3 + decimals : 2, '0')
  const body = h > 0 ? `${h}:${String(m).padStart(2, '0')}:${secStr}` : `${String(m).padStart(2, '0')}:${secStr}`
  return neg ? `-${body}` : body
}

export function fmtDuration(sec: number | null | undefined): string {
  if (sec == null || !Number.isFinite(sec)) return '—'
  return fmtTime(sec, sec < 60 ? 1 : 0)
}

export function fmtValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN'
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '−Inf'
  const a = Math.abs(v)
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(3)
  return v.toFixed(4)
}

export function fmtShape(shape: number[]): string {
  return shape.length ? shape.join(' × ') : 'scalar'
}

export function yesNo(v: boolean | null | undefined): string {
  return v == null ? '—' : v ? 'Yes' : 'No'
}

export function orDash(v: string | number | null | undefined): string {
  return v == null || v === '' ? '—' : String(v)
}
