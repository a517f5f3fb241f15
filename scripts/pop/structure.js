// Structure edits on a song's bar grid: an excerpt is a run of sections (whole bars) from a
// start bar; a cover cuts one, plays one twice or swaps two, and the result is cropped to the
// clip's length. The output is the list of source-time segments that `splice` concatenates.

/**
 * `count` consecutive sections of `barsPerSection` bars from bar `startBar` (fewer where the
 * song ends), each with its bar numbers (1-based, as a musician counts) and source seconds.
 */
export function sectionsFrom(downbeats, startBar, barsPerSection, count) {
  const out = []
  for (let k = 0; k < count; k++) {
    const a = startBar + k * barsPerSection
    const b = a + barsPerSection
    if (b >= downbeats.length) break
    out.push({ bars: [a + 1, b], seconds: [downbeats[a], downbeats[b]] })
  }
  return out
}

/**
 * The order in which sections are played after the edits, applied in turn:
 * `cut` drops a section, `repeat` plays it twice in a row, `swap` exchanges two.
 * Edits name sections by their index in the unedited excerpt.
 */
export function applyEdits(count, edits) {
  let order = Array.from({ length: count }, (_, i) => i)
  for (const e of edits) {
    if (e.kind === 'cut') order = order.filter((i) => i !== e.section)
    else if (e.kind === 'repeat') order = order.flatMap((i) => (i === e.section ? [i, i] : [i]))
    else if (e.kind === 'swap') {
      const a = order.indexOf(e.sections[0])
      const b = order.indexOf(e.sections[1])
      if (a >= 0 && b >= 0) [order[a], order[b]] = [order[b], order[a]]
    } else throw new Error(`unknown structure edit ${e.kind}`)
  }
  return order
}

/** Source-time segments playing `order`, cut off once they last `length` seconds in all. */
export function segmentsFor(sections, order, length) {
  const segments = []
  let total = 0
  for (const i of order) {
    if (total >= length - 1e-6) break
    const [s, e] = sections[i].seconds
    const end = Math.min(e, s + (length - total))
    segments.push([s, round3(end)])
    total += end - s
  }
  return segments
}

const round3 = (x) => Math.round(x * 1000) / 1000
