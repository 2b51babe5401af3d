import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'e2e',
    globals: true,
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['**/*.e2e.ts'],
    globalSetup: ['support/app.global-setup.ts'],
    // One app and one browser per file; the files share the app, so they run one after another.
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    // A page reacts within milliseconds on an idle machine; on a shared two-core CI one it may take seconds.
    expect: { requireAssertions: true, poll: { timeout: 20_000, interval: 100 } },
  },
});
