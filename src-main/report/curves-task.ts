// What a report asks a scoring worker for (the worker's half is curves.ts): the curves the
// benchmark card draws beyond the saved evaluation, from the job's whole matrix (900 MB for the
// benchmark subset, so never on the main thread).

export interface CurvesTask {
  type: 'report-curves'
  matrixPath: string
  queryLabels: string[]
  /** Null: a square job, the candidates are the queries. */
  candidateLabels: string[] | null
  /** Two-stage: pairs are read through the aligned view (scoring/rerank.ts), as the evaluation reads them. */
  rerankOffset?: number
}

export interface JobCurves {
  /** Mean average precision of the queries grouped by how many versions each has among the candidates. */
  mapByVersions: Array<{ versions: number; queries: number; map: number }>
  /** Pairwise precision against recall as the threshold rises, thinned: [recall, precision, threshold]. */
  precisionRecall: Array<[number, number, number]>
}
