import { defineConfig } from 'vitest/config';

// Merged by `ng test` into the configuration it builds. A component's first render can take seconds
// on a shared two-core machine, longer than Vitest's 5 s default.
export default defineConfig({
  test: { testTimeout: 30_000 },
});
