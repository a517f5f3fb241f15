// How the CLI speaks: plain text for people, one JSON document with --json, one-line errors
// on stderr, and exit codes scripts can branch on. Text from files and the database (ids,
// titles, file names) may hold terminal control sequences: everything printed goes through
// safeText, so a title cannot clear the screen, set the window title or forge a line.
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  /** The work finished but some files could not be used. */
  partial: 3,
  notFound: 4,
  interrupted: 130,
} as const

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message)
  }
}

const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }

/**
 * `text` with every C0 and C1 control character (and DEL) written out as an escape (`\x1b`,
 * `\n`, `\x9b`), so it shows as what it is and the terminal acts on none of it. A message's
 * own newline is escaped too: one message is one line.
 */
export function safeText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
}

/** Lines already made safe (a table): printed as they are. */
export class TextBlock {
  constructor(readonly lines: string[]) {}
  toString(): string {
    return this.lines.join('\n')
  }
}

export function printJson(value: unknown): void {
  // JSON escapes C0 itself; DEL and C1 (U+009B is a CSI to some terminals) it leaves raw.
  const json = JSON.stringify(value, null, 2).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  process.stdout.write(json + '\n')
}

export function printLine(line: string | TextBlock = ''): void {
  process.stdout.write((line instanceof TextBlock ? line.toString() : safeText(line)) + '\n')
}

/** One line on stderr (a per-file message, a note), made safe like printLine's. */
export function printError(line: string): void {
  process.stderr.write(safeText(line) + '\n')
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '-'
  const minutes = Math.floor(seconds / 60)
  return `${minutes}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`
}

/** Left-aligned columns, for tables a person reads in a terminal; every cell made safe. */
export function table(rows: string[][]): TextBlock {
  const safe = rows.map((row) => row.map((cell) => safeText(cell ?? '')))
  const widths = safe[0]?.map((_, column) => Math.max(...safe.map((row) => (row[column] ?? '').length))) ?? []
  return new TextBlock(safe.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()))
}
