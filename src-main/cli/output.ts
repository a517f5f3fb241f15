// How the CLI speaks: plain text for people, one JSON document with --json, one-line errors
// on stderr, and exit codes scripts can branch on.
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

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n')
}

export function printLine(line = ''): void {
  process.stdout.write(line + '\n')
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '-'
  const minutes = Math.floor(seconds / 60)
  return `${minutes}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`
}

/** Left-aligned columns, for tables a person reads in a terminal. */
export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? []
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()).join('\n')
}
