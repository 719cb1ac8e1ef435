import { defineConfig } from 'vitest/config';

// Three tiers: unit (no I/O, fast), integration (real Redis, Chromium, SMTP, HTTP) and fault
// (real processes killed, real servers stopped, real sockets closed; slow, so `npm test` leaves it
// to `npm run test:fault`, which .ci/run runs too). e2e drives the CLI and the web console as a
// user would; it runs with integration.
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
      {
        test: {
          name: 'fault',
          include: ['test/fault/**/*.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Scale-out on real distributed setups (Sentinel, Redis Cluster): their own servers on their own ports.
        test: {
          name: 'scale',
          include: ['test/scale/**/*.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
