// Unit and integration tests: real SQLite files and real HDF5 files, in Node.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default (cores - 1) runs one file at a time on a 2-core machine; most files wait on child processes.
    maxWorkers: 2,
  },
})
