import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'bridge',
          include: ['test/bridge/**/*.test.ts', 'test/reliability/**/*.test.ts', 'test/security/**/*.test.ts'],
          // Attacks that need a real browser run with the e2e project.
          exclude: ['test/security/**/*.browser.test.ts'],
          environment: 'node',
          globalSetup: ['test/support/build-bridge.global.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'cli',
          // The `postbode` command: native host, setup, the package. Real child processes.
          include: ['test/cli/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/support/build-bridge.global.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [WxtVitest()],
        test: {
          name: 'extension',
          include: ['test/extension/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          globalSetup: ['test/support/build-bridge.global.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts', 'test/security/**/*.browser.test.ts'],
          environment: 'node',
          // Builds the extension once, into .output/e2e-PID, and the bridge.
          globalSetup: ['test/e2e/global-setup.ts', 'test/support/build-bridge.global.ts'],
          // Each file starts a Chromium, a Dovecot and a bridge process.
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // After the other projects: on two cores, browsers next to the bridge
          // suites would only make both slower.
          sequence: { groupOrder: 1 },
          // Two files at a time: they mostly wait on browsers and servers.
          maxWorkers: 2,
        },
      },
    ],
  },
});
