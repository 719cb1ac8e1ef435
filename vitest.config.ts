import { defineConfig } from 'vitest/config';

// Two tiers: unit (no I/O, fast) and integration (real Redis, Chromium, SMTP, HTTP).
// e2e drives the CLI and the web console as a user would; it runs with integration.
export default defineConfig({
  test: {
    // Chromium and redis-server are heavy on a 2-core machine: integration files run one at a time.
    fileParallelism: false,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
