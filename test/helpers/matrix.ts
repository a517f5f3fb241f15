// A scoring job's whole distance matrix, as the tests compare it with what the core computes.
import type { Db } from '../../src-main/index/db'
import { MatrixFile } from '../../src-main/scoring/matrix-file'
import { jobRow } from '../../src-main/scoring/store'

export function jobMatrix(db: Db, jobId: string): Float32Array {
  const row = jobRow(db, jobId)!
  const file = MatrixFile.open(row.matrix_path, row.queries, row.candidates)
  try {
    return file.readAll()
  } finally {
    file.close()
  }
}
