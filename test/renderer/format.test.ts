// fmtInt groups numbers by hand (Intl's first use delays the window's first paint): it must write
// them exactly as Intl.NumberFormat('en-US') does, which is the oracle here; fmtCount puts a
// count before its noun, singular for one.
import { expect, test } from 'vitest'
import { fmtCount, fmtInt } from '../../src-renderer/src/format'

test('counts and decimals are written as en-US Intl writes them', () => {
  const intl = new Intl.NumberFormat('en-US')
  for (const v of [0, 7, 999, 1000, 15_000, 100_000, 1_234_567, 25_000_000, -1234, -5, 12.5, 1234.5678, 0.0004, 999.9996, -0.25]) expect(fmtInt(v)).toBe(intl.format(v))
  expect(fmtInt(null)).toBe('—')
  expect(fmtInt(undefined)).toBe('—')
})

test('a count and its noun: singular for one only', () => {
  expect(fmtCount(1, 'work')).toBe('1 work')
  expect(fmtCount(0, 'work')).toBe('0 works')
  expect(fmtCount(5000, 'performance')).toBe('5,000 performances')
  expect(fmtCount(1, 'calibrated method')).toBe('1 calibrated method')
})
