// The building blocks of an HTML report: one self-contained page (styles inline, plots as inline
// SVG, a Content-Security-Policy that lets it load nothing), so it opens offline, prints, and can
// be attached to a paper's supplementary material as one file. Every text from the index goes
// through escapeHtml.
import type { TopLevelSpec } from 'vega-lite'
import { plotSvg } from '../../src-shared/plots/render'

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

/** A plot as inline SVG. The namespace declarations are dropped: HTML puts <svg> in its namespace itself. */
export async function inlinePlot(spec: TopLevelSpec, caption: string): Promise<string> {
  const svg = (await plotSvg(spec)).replace(/ xmlns(:xlink)?="[^"]*"/g, '')
  return `<figure>${svg}<figcaption>${escapeHtml(caption)}</figcaption></figure>`
}

/** Text (escaped), a number, nothing (a dash), or markup of our own. */
export type Cell = string | number | null | { html: string }

/** A two-column table of labels and values. */
export function factTable(rows: Array<[string, Cell]>): string {
  return `<table class="facts">${rows.map(([label, value]) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${cell(value)}</td></tr>`).join('')}</table>`
}

export function dataTable(header: string[], rows: Cell[][]): string {
  const head = header.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')
  return `<table class="data"><thead><tr>${head}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${cell(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`
}

const cell = (value: Cell) => (value === null ? '–' : typeof value === 'number' ? String(value) : typeof value === 'string' ? escapeHtml(value) : value.html)

export const fixed = (value: number | null | undefined, digits = 3): string | null => (value === null || value === undefined || !Number.isFinite(value) ? null : value.toFixed(digits))
export const percent = (value: number | null | undefined): string | null => (value === null || value === undefined ? null : `${(100 * value).toFixed(1)} %`)

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #212529; max-width: 980px; margin: 2em auto; padding: 0 1.5em; }
h1 { font-size: 1.6em; margin-bottom: .2em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #dee2e6; }
.sub { color: #495057; margin-top: 0; }
table { border-collapse: collapse; margin: .6em 0; } th, td { padding: .25em .7em; text-align: left; vertical-align: top; }
table.facts th { font-weight: 600; color: #495057; white-space: nowrap; }
table.data th { border-bottom: 2px solid #adb5bd; } table.data td { border-bottom: 1px solid #e9ecef; font-variant-numeric: tabular-nums; }
td code { word-break: break-all; }
code, pre { font: 12px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; } pre { background: #f8f9fa; padding: .8em; overflow-x: auto; }
figure { margin: 1.2em 0; break-inside: avoid; } figcaption { color: #495057; font-size: .9em; max-width: 640px; }
.note { color: #495057; } .cite { background: #f1f3f5; padding: .8em 1em; border-left: 4px solid #1c7ed6; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } }
`

export function page(title: string, subtitle: string, sections: string[]): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Refrain">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="sub">${escapeHtml(subtitle)}</p>
${sections.join('\n')}
</body>
</html>
`
}

export const section = (id: string, heading: string, body: string): string => `<section id="${id}"><h2>${escapeHtml(heading)}</h2>${body}</section>`
