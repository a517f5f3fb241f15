// Embeddings kept in the library database, one per performance and model, with the stamp of the
// feature file they were computed from (its path, size and modification time: the indexer's own
// rule for "unchanged"). A changed file or another model is a miss and is embedded again; the rest
// is reused by every later job.
import type { Db } from '../index/db'
import { writeTransaction } from '../index/db'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS embeddings (
  performance_row INTEGER NOT NULL REFERENCES performances(id) ON DELETE CASCADE,
  -- The model's sha256 (its card states it and the card is checked against the file).
  model_id TEXT NOT NULL,
  feature_stamp TEXT NOT NULL,
  dim INTEGER NOT NULL,
  vector BLOB NOT NULL,
  PRIMARY KEY (performance_row, model_id)
);
`

export function ensureEmbeddingSchema(db: Db): void {
  db.exec(SCHEMA)
}

/** What an embedding is computed from: one performance's feature file as the index knows it. */
export interface EmbeddingSource {
  performanceRow: number
  stamp: string
}

/** The stored embeddings of these performances under this model whose file is unchanged. */
export function storedEmbeddings(db: Db, modelId: string, sources: readonly EmbeddingSource[]): Map<number, Float32Array> {
  const found = new Map<number, Float32Array>()
  const read = db.prepare('SELECT feature_stamp AS stamp, vector FROM embeddings WHERE performance_row = ? AND model_id = ?')
  for (const source of sources) {
    const row = read.get(source.performanceRow, modelId) as { stamp: string; vector: Buffer } | undefined
    if (row && row.stamp === source.stamp) {
      // Copy out of SQLite's buffer, aligned for Float32Array.
      found.set(source.performanceRow, new Float32Array(new Uint8Array(row.vector).buffer))
    }
  }
  return found
}

export async function saveEmbeddings(db: Db, modelId: string, entries: ReadonlyArray<EmbeddingSource & { vector: Float32Array }>): Promise<void> {
  const write = db.prepare(
    `INSERT INTO embeddings (performance_row, model_id, feature_stamp, dim, vector) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (performance_row, model_id) DO UPDATE SET feature_stamp = excluded.feature_stamp, dim = excluded.dim, vector = excluded.vector`,
  )
  await writeTransaction(db, () => {
    for (const e of entries) write.run(e.performanceRow, modelId, e.stamp, e.vector.length, Buffer.from(e.vector.buffer, e.vector.byteOffset, e.vector.byteLength))
  })
}

/** How many embeddings a model has stored, for listings. */
export function embeddingCount(db: Db, modelId: string): number {
  return (db.prepare('SELECT count(*) AS n FROM embeddings WHERE model_id = ?').get(modelId) as { n: number }).n
}
