// Creating a job: its row, and the folder beside the database where its matrix file will live.
import { randomUUID } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { Db } from '../index/db'
import type { ScoreParams } from './parameters'
import { createJob } from './store'

export function createScoreJob(db: Db, dbPath: string, job: { source: string; against: string | null; params: ScoreParams }): string {
  const id = randomUUID()
  const folder = join(dirname(dbPath), 'score-jobs')
  mkdirSync(folder, { recursive: true })
  createJob(db, { id, ...job, matrixPath: join(folder, `${id}.f32`) })
  return id
}
