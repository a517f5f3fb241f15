// The seed project's two files, byte for byte (giorgossapountzakis/Cover-Song-Similarity; the
// rules below were found by rebuilding its files from the Da-TACOS benchmark metadata, see
// test/report/seed-formats.test.ts):
//
// cover_relationships.txt: a blank line, "Found N works with performances:", a rule of 80 "=";
// then per work, in the metadata's own order: a blank line, "Original Work: <work_title>",
// "Original Artist: <work_artist>", "Number of covers: <every performance, the first included>",
// a blank line, "Performances:", and per performance, in the metadata's order,
// "<i>. '<perf_title>' by <perf_artist> (<release_year>)" and "   Instrumental: Yes|No"; then a
// rule of 80 "-". Every line ends in "\n", the last one too. Fields are printed as they are (no
// quoting or escaping); a field the index does not know prints as the seed prints an empty one
// (the 105 empty release years print "()").
//
// cover_mapping.json: {work id: [performance ids]} for the works with more than one performance,
// in the same order, as Python's json.dumps(indent=4) writes it (4-space indent, non-ASCII as
// \uXXXX, no newline at the end). The seed's lists hold 12 of each work's 13 performances: every
// one but the smallest performance id compared as strings (Python's min() of the ids; in 800 of
// the 1000 works that is not the first one listed), the rest in the metadata's order.
// seedMapping reproduces that; the ground truth keeps every performance.
import type { CoverWork } from './types'

const line = (char: string) => char.repeat(80)
const field = (value: string | number | null) => (value === null ? '' : String(value))
const yesNo = (value: boolean | null) => (value === null ? '' : value ? 'Yes' : 'No')

export function relationshipsText(works: CoverWork[]): string {
  const out = [`\nFound ${works.length} works with performances:\n${line('=')}\n`]
  for (const work of works) {
    out.push(`\nOriginal Work: ${field(work.title)}\nOriginal Artist: ${field(work.artist)}\nNumber of covers: ${work.performances.length}\n\nPerformances:\n`)
    work.performances.forEach((p, k) => out.push(`${k + 1}. '${field(p.title)}' by ${field(p.artist)} (${field(p.year)})\n   Instrumental: ${yesNo(p.instrumental)}\n`))
    out.push(`${line('-')}\n`)
  }
  return out.join('')
}

/** {work: [performance ids]} of the works with versions; `seed`: without each work's smallest id. */
export function coverMapping(works: CoverWork[], seed = false): Record<string, string[]> {
  const mapping: Record<string, string[]> = {}
  for (const work of works) {
    if (work.performances.length < 2) continue
    const ids = work.performances.map((p) => p.perfId)
    const smallest = ids.reduce((a, b) => (b < a ? b : a))
    mapping[work.id] = seed ? ids.filter((id) => id !== smallest) : ids
  }
  return mapping
}

/** JSON as Python's json.dumps(value, indent=4) writes it. */
export function pythonJson(value: unknown): string {
  return JSON.stringify(value, null, 4).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
