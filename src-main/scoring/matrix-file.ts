// A job's full distance matrix on disk: queries x candidates float32, little-endian, row-major,
// no header (numpy.fromfile(path, '<f4').reshape(queries, candidates) reads it). Created sparse at
// full size, then written tile by tile at fixed offsets, so a resumed job just fills the gaps and
// memory never holds more than a tile. Cells never computed (a square job's diagonal) are NaN.
import { closeSync, existsSync, ftruncateSync, openSync, readSync, statSync, writeSync } from 'node:fs'
import { conflict } from '../errors'

const CELL_BYTES = 4

export class MatrixFile {
  private readonly fd: number

  private constructor(
    readonly path: string,
    readonly rows: number,
    readonly cols: number,
    /** True when this open created the file (nothing in it is computed yet). */
    readonly created: boolean,
  ) {
    this.fd = openSync(path, created ? 'w+' : 'r+')
    if (created) {
      ftruncateSync(this.fd, rows * cols * CELL_BYTES)
      if (rows === cols) this.fillDiagonal()
    }
  }

  /** Opens the job's file, creating it when absent (a new job, or one whose file was deleted). */
  static open(path: string, rows: number, cols: number): MatrixFile {
    return new MatrixFile(path, rows, cols, !existsSync(path))
  }

  /**
   * Opens a finished job's file for reading. A missing or truncated file is refused (opening it
   * as a new job does would read back a blank matrix as if it were the job's distances).
   */
  static read(path: string, rows: number, cols: number): MatrixFile {
    MatrixFile.check(path, rows, cols)
    return new MatrixFile(path, rows, cols, false)
  }

  /** A finished job's whole matrix in memory (see read; 15,000 x 15,000 is 900 MB). */
  static readWhole(path: string, rows: number, cols: number): Float32Array {
    const file = MatrixFile.read(path, rows, cols)
    try {
      return file.readAll()
    } finally {
      file.close()
    }
  }

  /** Refuses a finished job's file that is missing or not rows x cols float32 (see read). */
  static check(path: string, rows: number, cols: number): void {
    const expected = rows * cols * CELL_BYTES
    const size = existsSync(path) ? statSync(path).size : -1
    if (size !== expected) {
      const what = size < 0 ? 'is missing' : `holds ${size} bytes, not the ${expected} of ${rows} x ${cols} float32 distances`
      throw conflict(`the job's matrix file ${path} ${what}: score the job again (refrain score --resume <job> recomputes what is missing)`)
    }
  }

  private fillDiagonal(): void {
    const nan = Buffer.alloc(CELL_BYTES)
    nan.writeFloatLE(Number.NaN)
    for (let i = 0; i < this.rows; i++) writeSync(this.fd, nan, 0, CELL_BYTES, (i * this.cols + i) * CELL_BYTES)
  }

  /** Writes a tile of `values` (tileRows x tileCols, row-major) with its top-left cell at (row, col). */
  writeTile(row: number, col: number, tileRows: number, tileCols: number, values: Float32Array): void {
    const bytes = Buffer.from(values.buffer, values.byteOffset, values.byteLength)
    for (let r = 0; r < tileRows; r++) {
      writeSync(this.fd, bytes, r * tileCols * CELL_BYTES, tileCols * CELL_BYTES, ((row + r) * this.cols + col) * CELL_BYTES)
    }
  }

  readRow(row: number, into = new Float32Array(this.cols)): Float32Array {
    const bytes = Buffer.from(into.buffer, into.byteOffset, into.byteLength)
    readSync(this.fd, bytes, 0, this.cols * CELL_BYTES, row * this.cols * CELL_BYTES)
    return into
  }

  readCell(row: number, col: number): number {
    const bytes = Buffer.alloc(CELL_BYTES)
    readSync(this.fd, bytes, 0, CELL_BYTES, (row * this.cols + col) * CELL_BYTES)
    return bytes.readFloatLE(0)
  }

  /** The whole matrix (evaluation reads every cell; 15,000 x 15,000 is 900 MB). */
  readAll(): Float32Array {
    const out = new Float32Array(this.rows * this.cols)
    const bytes = Buffer.from(out.buffer)
    const chunk = 64 << 20
    for (let offset = 0; offset < bytes.length; offset += chunk) readSync(this.fd, bytes, offset, Math.min(chunk, bytes.length - offset), offset)
    return out
  }

  close(): void {
    closeSync(this.fd)
  }
}
