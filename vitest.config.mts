import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

const decorators = swc.vite({
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
});

export default defineConfig({
  test: {
    globals: true,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        plugins: [decorators],
        test: {
          name: 'backend',
          include: ['backend/**/*.spec.ts', 'db/**/*.spec.ts'],
          globalSetup: ['test/postgres.global-setup.ts'],
        },
      },
      {
        extends: true,
        test: { name: 'functions', include: ['functions/**/*.spec.ts'] },
      },
      {
        extends: true,
        plugins: [decorators],
        test: {
          name: 'ops',
          include: ['ops/**/*.spec.ts'],
          globalSetup: ['test/postgres.global-setup.ts'],
        },
      },
    ],
  },
});
