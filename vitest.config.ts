import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup/temp-dirs.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Multi-process tests start real nodes and brokers; two cores cannot run many at once.
    fileParallelism: process.env.CI ? false : true,
    maxWorkers: 2,
  },
});
