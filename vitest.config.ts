import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Property tests at 40+ digits take seconds, not milliseconds.
    testTimeout: 120_000,
  },
});
