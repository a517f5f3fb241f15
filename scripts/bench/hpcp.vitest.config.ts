// Vitest configuration for the HPCP benchmark only (`npm run bench` spawns it): runs
// scripts/bench/hpcp-bench.test.ts, which times our extractor and the reference side by side.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['scripts/bench/hpcp-bench.test.ts'],
    environment: 'node',
    testTimeout: 600_000,
    pool: 'forks',
    maxWorkers: 1,
  },
})
