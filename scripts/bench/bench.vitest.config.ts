// Vitest configuration for the benchmarks that run TypeScript (`npm run bench` spawns it with a
// file filter): scripts/bench/*-bench.test.ts time our code and its peers side by side and write
// their results as JSON for bench.js to print.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['scripts/bench/*-bench.test.ts'],
    environment: 'node',
    testTimeout: 3_600_000,
    pool: 'forks',
    maxWorkers: 1,
  },
})
