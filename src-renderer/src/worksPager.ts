// Pages through `library.works` as the visible range of a virtual list moves.
import { useCallback, useEffect, useRef, useState } from 'react'
import { api } from './api'
import { describeError, type Problem } from './errors'
import type { FeatureFilter, WorkRow } from './types'

export const WORKS_PAGE = 200

interface Page {
  gen: number
  rows: WorkRow[]
}

export interface WorksPager {
  total: number | null
  rowAt: (index: number) => WorkRow | undefined
  onRange: (start: number, end: number) => void
  error: Problem | null
  loading: boolean
  retry: () => void
  /** Which query the pages belong to, so a consumer can reset its scroll on change. */
  queryKey: string
}

export function useWorksPager(dataset: string, text: string, version: number, features?: FeatureFilter): WorksPager {
  const queryKey = JSON.stringify([dataset, text, features ?? null])
  const pages = useRef(new Map<number, Page>())
  const inflight = useRef(new Set<string>())
  const gen = useRef(0)
  const range = useRef<[number, number]>([0, 60])
  const [total, setTotal] = useState<number | null>(null)
  const [error, setError] = useState<Problem | null>(null)
  const [loadingCount, setLoadingCount] = useState(0)
  const [, setTick] = useState(0)
  const lastQuery = useRef<string | null>(null)

  const fetchPage = useCallback(
    (page: number) => {
      const g = gen.current
      const flightKey = `${g}:${page}`
      if (inflight.current.has(flightKey)) return
      const have = pages.current.get(page)
      if (have && have.gen === g) return
      inflight.current.add(flightKey)
      setLoadingCount((n) => n + 1)
      const [ds, t, f] = JSON.parse(queryKey) as [string, string, FeatureFilter | null]
      api('library.works', {
        ...(ds ? { dataset: ds } : {}),
        ...(f ? { features: f } : {}),
        text: t,
        offset: page * WORKS_PAGE,
        limit: WORKS_PAGE,
      })
        .then(
          (res) => {
            if (g !== gen.current) return
            pages.current.set(page, { gen: g, rows: res.rows })
            setTotal(res.total)
            setError(null)
            setTick((n) => n + 1)
          },
          (err: unknown) => {
            if (g !== gen.current) return
            setError(describeError(err))
          },
        )
        .finally(() => {
          inflight.current.delete(flightKey)
          setLoadingCount((n) => n - 1)
        })
    },
    [queryKey],
  )

  const fetchRange = useCallback(() => {
    const [start, end] = range.current
    const p0 = Math.floor(start / WORKS_PAGE)
    const p1 = Math.floor(Math.max(start, end) / WORKS_PAGE)
    for (let p = p0; p <= p1; p++) fetchPage(p)
  }, [fetchPage])

  // New query: drop everything. New library version: keep rows on screen, refetch.
  useEffect(() => {
    gen.current += 1
    if (lastQuery.current !== queryKey) {
      pages.current.clear()
      setTotal(null)
      range.current = [0, 60]
      lastQuery.current = queryKey
    }
    setError(null)
    fetchRange()
  }, [queryKey, version, fetchRange])

  const onRange = useCallback(
    (start: number, end: number) => {
      range.current = [start, end]
      fetchRange()
    },
    [fetchRange],
  )

  const rowAt = useCallback((index: number) => {
    const page = pages.current.get(Math.floor(index / WORKS_PAGE))
    return page?.rows[index % WORKS_PAGE]
  }, [])

  const retry = useCallback(() => {
    gen.current += 1
    setError(null)
    fetchRange()
  }, [fetchRange])

  return { total, rowAt, onRange, error, loading: loadingCount > 0, retry, queryKey }
}
