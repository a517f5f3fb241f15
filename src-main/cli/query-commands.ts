// `refrain search`, `refrain show` and `refrain datasets`: the library, read from a terminal.
import type { App } from '../app/app'
import { CliError, EXIT, formatDuration, printJson, printLine, table } from './output'

export function searchCommand(app: App, words: string[], json: boolean, limit: number): number {
  const text = words.join(' ').trim()
  if (!text) throw new CliError('refrain search needs some text (an artist or a title)', EXIT.usage)
  const found = app.library.search(text, limit)
  if (json) {
    printJson(found)
    return EXIT.ok
  }
  if (found.performances.length === 0) {
    printLine(`nothing matches "${text}"`)
    return EXIT.notFound
  }
  printLine(`Performances (${found.performances.length}):`)
  printLine(
    table([
      ['perf', 'work', 'dataset', 'year', 'artist', 'title'],
      ...found.performances.map((p) => [p.perfId, p.workId, p.dataset, String(p.year ?? ''), p.artist ?? '', p.title ?? '']),
    ]),
  )
  printLine()
  printLine(`Works (${found.works.length}):`)
  printLine(
    table([
      ['work', 'dataset', 'versions', 'artist', 'title'],
      ...found.works.map((w) => [w.workId, w.dataset, String(w.performances), w.artist ?? '', w.title ?? '']),
    ]),
  )
  return EXIT.ok
}

export function showCommand(app: App, id: string | undefined, dataset: string | undefined, json: boolean): number {
  if (!id || !/^[WP]_\w+$/.test(id)) throw new CliError('refrain show needs a work id (W_…) or a performance id (P_…)', EXIT.usage)
  if (id.startsWith('W_')) {
    const work = app.library.work(id, dataset)
    if (json) return printJson(work), EXIT.ok
    printLine(`${work.work.workId}  ${work.work.title ?? '(untitled)'} — ${work.work.artist ?? 'unknown artist'}  [${work.work.dataset}]`)
    printLine(`${work.performances.length} performances:`)
    printLine(
      table([
        ['perf', 'year', 'instrumental', 'features', 'artist', 'title'],
        ...work.performances.map((p) => [
          p.perfId,
          String(p.year ?? ''),
          p.instrumental === null ? '' : p.instrumental ? 'yes' : 'no',
          p.features.join(',') || '-',
          p.artist ?? '',
          p.title ?? '',
        ]),
      ]),
    )
    return EXIT.ok
  }
  const perf = app.library.performance(id, dataset)
  if (json) return printJson(perf), EXIT.ok
  printLine(`${perf.perfId}  ${perf.title ?? '(no metadata)'} — ${perf.artist ?? 'unknown artist'}`)
  printLine(`work:          ${perf.workId}  ${perf.workTitle ?? ''}${perf.workArtist ? ` — ${perf.workArtist}` : ''}`)
  printLine(`dataset:       ${perf.dataset}${perf.alsoIn.length ? ` (also in ${perf.alsoIn.join(', ')})` : ''}`)
  printLine(`year:          ${perf.year ?? '-'}`)
  printLine(`instrumental:  ${perf.instrumental === null ? '-' : perf.instrumental ? 'yes' : 'no'}`)
  if (perf.artistMbid) printLine(`artist mbid:   ${perf.artistMbid}`)
  if (perf.key) printLine(`key:           ${perf.key.key} ${perf.key.scale}${perf.key.strength === null ? '' : ` (strength ${perf.key.strength.toFixed(2)})`}`)
  if (perf.featureFiles.length === 0) {
    printLine('features:      none indexed (index its features folder with `refrain index <folder>`)')
    return EXIT.ok
  }
  printLine('features:')
  printLine(
    table([
      ['  kind', 'shape', 'duration', 'problem', 'file'],
      ...perf.featureFiles.map((f) => [`  ${f.kind}`, f.shape.length ? `(${f.shape.join(', ')})` : '-', formatDuration(f.durationSec), f.problem ?? '', f.path]),
    ]),
  )
  return EXIT.ok
}

export function datasetsCommand(app: App, json: boolean): number {
  const datasets = app.library.datasets()
  if (json) return printJson(datasets), EXIT.ok
  printLine(
    table([
      ['dataset', 'kind', 'works', 'performances', 'with features', 'root'],
      ...datasets.map((d) => [d.name, d.kind, String(d.works), String(d.performances), String(d.withFeatures), d.root]),
    ]),
  )
  return EXIT.ok
}
