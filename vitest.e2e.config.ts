import { defineConfig } from 'vitest/config';

// End-to-end tests drive the production builds in real Chromium and Firefox: one browser at a time.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
