// The large graph's pan and zoom preview (motionPreview.ts): a wheel zoom keeps the point under
// the pointer where it is, and what is left to show once sigma has drawn part of a gesture,
// applied after that part, shows exactly what the whole gesture showed.
import { describe, expect, test } from 'vitest'
import { relativeTo, zoomedAround } from '../../src-renderer/src/components/clusters/motionPreview'

type T = { tx: number; ty: number; s: number }
const at = (t: T, p: { x: number; y: number }) => ({ x: t.tx + t.s * p.x, y: t.ty + t.s * p.y })

describe('motion preview transforms', () => {
  test('a zoom keeps the viewport point under the pointer in place, whatever came before', () => {
    const before: T = { tx: 40, ty: -25, s: 1.5 }
    const pointer = { x: 300, y: 120 }
    // The drawn point now under the pointer.
    const under = { x: (pointer.x - before.tx) / before.s, y: (pointer.y - before.ty) / before.s }
    for (const factor of [0.5, 1.7, 4]) {
      const z = zoomedAround(before, pointer, factor)
      expect(z.s).toBeCloseTo(before.s * factor, 12)
      expect(at(z, under).x).toBeCloseTo(pointer.x, 9)
      expect(at(z, under).y).toBeCloseTo(pointer.y, 9)
      // Points elsewhere move away from (or towards) the pointer by the factor.
      const far = at(z, { x: under.x + 10, y: under.y })
      expect(far.x - pointer.x).toBeCloseTo(10 * before.s * factor, 9)
    }
  })

  test('the rest of a gesture, applied to the view already drawn, shows what the whole gesture showed', () => {
    const drawn: T = { tx: 120, ty: 60, s: 2 }
    const whole = zoomedAround({ tx: 150, ty: 40, s: 2 }, { x: 500, y: 300 }, 0.6)
    const rest = relativeTo(whole, drawn)
    for (const p of [{ x: 0, y: 0 }, { x: 684, y: 300 }, { x: 1368, y: 600 }]) {
      const viaRest = at(rest, at(drawn, p))
      expect(viaRest.x).toBeCloseTo(at(whole, p).x, 9)
      expect(viaRest.y).toBeCloseTo(at(whole, p).y, 9)
    }
    // Nothing left once the whole gesture is drawn.
    expect(relativeTo(drawn, drawn)).toEqual({ tx: 0, ty: 0, s: 1 })
  })
})
