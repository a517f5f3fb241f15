// CSV as RFC 4180 writes it (a field with a comma, a quote or a line break is quoted, its quotes
// doubled; records end in CRLF), which Python's csv module, pandas and spreadsheets read back
// as they were; and float32 distances in the fewest digits that read back as the same float32.

export type CsvValue = string | number | boolean | null

export function csvField(value: CsvValue): string {
  if (value === null) return ''
  const text = String(value)
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

export const csvRecord = (values: CsvValue[]): string => values.map(csvField).join(',') + '\r\n'

/** A float32 in its shortest exact form (0.3, not 0.30000001192092896), as NumPy prints one; "inf" for +Infinity. */
export function float32Text(value: number): string {
  if (value === Infinity) return 'inf'
  if (value === -Infinity) return '-inf'
  if (Number.isNaN(value)) return 'nan'
  for (let digits = 1; digits < 9; digits++) {
    const text = value.toPrecision(digits)
    if (Math.fround(Number(text)) === value) return String(Number(text))
  }
  return String(Number(value.toPrecision(9)))
}
