import swc from 'unplugin-swc';
import { defaultServerConditions } from 'vite';
import { configDefaults, defineConfig } from 'vitest/config';

const decorators = swc.vite({
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
});

// The deploy tier (`npm run test:deploy`): tests that need system tools or a Docker engine (test/deploy-tools.mjs).
const DEPLOY_TESTS = '**/*.deploy.spec.ts';

export default defineConfig({
  // The workspace packages' TypeScript sources (their package.json `exports`), not their builds.
  ssr: { resolve: { conditions: ['ims-source', ...defaultServerConditions] } },
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
          include: ['backend/**/*.spec.ts', 'db/**/*.spec.ts', 'docs/**/*.spec.ts'],
          exclude: [...configDefaults.exclude, DEPLOY_TESTS],
          globalSetup: ['test/postgres.global-setup.ts'],
        },
      },
      {
        extends: true,
        test: { name: 'functions', include: ['functions/**/*.spec.ts'], exclude: [...configDefaults.exclude, DEPLOY_TESTS] },
      },
      {
        extends: true,
        plugins: [decorators],
        test: {
          name: 'ops',
          include: ['ops/**/*.spec.ts'],
          exclude: [...configDefaults.exclude, DEPLOY_TESTS],
          globalSetup: ['test/postgres.global-setup.ts'],
        },
      },
      {
        extends: true,
        plugins: [decorators],
        test: {
          name: 'deploy',
          // frontend/e2e: browser tests that need the Docker engine, on the built app (the tier builds first: test/run-all.mjs).
          include: [`{backend,db,functions,ops,frontend/e2e}/${DEPLOY_TESTS}`],
          globalSetup: ['test/postgres.global-setup.ts'],
        },
      },
    ],
  },
});
