// The report capability: 'report.write' writes one report of a dataset or a finished job (the
// workstation's Export menu, and `refrain report`, call it). Without `out`, the workstation's
// reports go to reports/<source>/ in the per-user data folder; the CLI passes its own folder.
import { join } from 'node:path'
import type { HandlerMap } from '../api/dispatch'
import type { Db } from '../index/db'
import { appHome } from '../library/paths'
import type { ReportRequest, ReportWritten } from './types'
import { writeReport, type ReportPlace } from './write-report'

/** The per-user folder the workstation's reports go to. */
export const reportsDir = (): string => join(appHome(), 'reports')

export class ReportService {
  constructor(private readonly db: Db) {}

  write(request: ReportRequest, place: ReportPlace = { folder: reportsDir(), bySource: true }): Promise<ReportWritten> {
    return writeReport(this.db, request, place)
  }

  handlers(): HandlerMap<'report.write'> {
    return { 'report.write': (input) => this.write(input) }
  }
}
