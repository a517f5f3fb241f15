// A performance's chroma for the chromagram: the kind chosen, each kind fetched (and decoded) the
// first time it is shown and kept, a failed one retried on demand, and the transposition the
// Compare view asks for. The caller keys it by performance, so its state starts fresh for each.
import { useEffect, useMemo, useRef, useState } from 'react'
import { api } from '../../api'
import { toChroma, transposeChroma, type Chroma } from '../../chroma'
import { describeError, type Problem } from '../../errors'
import type { ChromaKind } from '../../types'

export type Slot = { state: 'loading' } | { state: 'ready'; chroma: Chroma } | { state: 'error'; error: Problem }

export interface ChromaData {
  kind: ChromaKind
  setKind: (kind: ChromaKind) => void
  /** The chosen kind's state; undefined before its fetch starts. */
  slot: Slot | undefined
  /** The chosen kind's chroma, transposed by `shift`; null until it is ready. */
  chroma: Chroma | null
  retry: () => void
}

export function useChromaData(perfId: string, dataset: string, available: readonly ChromaKind[], shift: number): ChromaData {
  const [kind, setKind] = useState<ChromaKind>(() => available[0] ?? 'hpcp')
  const [slots, setSlots] = useState<Partial<Record<ChromaKind, Slot>>>({})
  const slot = slots[kind]
  const loaded = slot?.state === 'ready' ? slot.chroma : null
  const chroma = useMemo(() => (loaded && shift ? transposeChroma(loaded, shift) : loaded), [loaded, shift])
  const needFetch = available.includes(kind) && !slot
  const mounted = useRef(true)

  useEffect(() => {
    mounted.current = true
    return () => {
      mounted.current = false
    }
  }, [])

  // Not cancelled when the deps change: marking the slot loading changes needFetch at once.
  useEffect(() => {
    if (!needFetch) return
    const settle = (next: Slot) => {
      if (mounted.current) setSlots((s) => ({ ...s, [kind]: next }))
    }
    setSlots((s) => ({ ...s, [kind]: { state: 'loading' } }))
    api('features.chroma', { perfId, dataset, kind }).then(
      (raw) => {
        try {
          settle({ state: 'ready', chroma: toChroma(raw) })
        } catch (err) {
          settle({ state: 'error', error: describeError(err) })
        }
      },
      (err: unknown) => settle({ state: 'error', error: describeError(err) }),
    )
  }, [needFetch, kind, perfId, dataset])

  const retry = () =>
    setSlots((s) => {
      const next = { ...s }
      delete next[kind]
      return next
    })

  return { kind, setKind, slot, chroma, retry }
}
