// One flat config for the whole repository: type-aware typescript-eslint everywhere, angular-eslint in frontend/,
// import-x for cycles and layer boundaries, Prettier owning layout (eslint-config-prettier turns the overlapping rules off).
import eslint from '@eslint/js';
import angular from 'angular-eslint';
import prettier from 'eslint-config-prettier';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Framework, database and HTTP packages: what a pure decider must never see.
const INFRASTRUCTURE_PACKAGES = ['@nestjs/*', '@fastify/*', 'fastify', 'pg', 'pg-*', 'knex', 'rxjs', 'rxjs/*'];

const BACKEND_APPLICATION = [
  './backend/src/*/application/**',
  './backend/src/*/commands/**',
  './backend/src/*/queries/**',
  './backend/src/*/sagas/**',
];
const BACKEND_EDGE = ['./backend/src/*/http/**', './backend/src/**/*.controller.ts', './backend/src/**/*.gateway.ts'];

export default defineConfig(
  globalIgnores([
    '**/dist/',
    '**/node_modules/',
    '**/.angular/',
    '**/coverage/',
    '**/test-results/',
    '**/out-tsc/',
    '.data/',
    '.test-data/',
    'functions/packages/*/*/.built',
  ]),

  eslint.configs.recommended,

  {
    name: 'ims/typescript',
    files: ['**/*.ts', '**/*.mts'],
    extends: [tseslint.configs.strictTypeChecked, tseslint.configs.stylisticTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['frontend/vitest-unit.config.mts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Template literals with numbers are how the code prints counts and positions; other types still need String().
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // Nest and Angular classes are decorated containers: an empty module class or constructor-only class is the idiom.
      '@typescript-eslint/no-extraneous-class': ['error', { allowWithDecorator: true }],
      // `_`-prefixed names mark parameters kept for a signature (Nest hooks, Fastify handlers).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // `(value) => this.items.set(value)` is how signals and subscriptions are written; a void expression with braces is still flagged.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // Static methods passed as values (Angular's `Validators.required`) never read `this`.
      '@typescript-eslint/unbound-method': ['error', { ignoreStatic: true }],
      // Nest's application options and Angular Material's MatDialogConfig are option bags their APIs take as object literals.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      // `value || fallback` on strings is deliberate: an empty form field or environment variable means "not given".
      '@typescript-eslint/prefer-nullish-coalescing': ['error', { ignorePrimitives: { string: true } }],
      eqeqeq: ['error', 'always'],
    },
  },

  {
    name: 'ims/imports',
    files: ['**/*.ts', '**/*.mts'],
    plugins: { 'import-x': importX },
    settings: {
      // Without this import-x only follows .js files, and no-cycle never sees a TypeScript cycle.
      'import-x/extensions': ['.ts', '.mts', '.js', '.mjs'],
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          noWarnOnMultipleProjects: true,
          project: ['tsconfig.json', 'frontend/tsconfig.app.json', 'frontend/tsconfig.spec.json'],
        }),
      ],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-duplicates': 'error',
    },
  },

  {
    name: 'ims/backend-layers',
    files: ['backend/src/**/*.ts'],
    rules: {
      // controllers → application → domain, never back.
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './backend/src/*/domain/**',
              from: [...BACKEND_APPLICATION, ...BACKEND_EDGE],
              message: 'The domain depends on nothing above it.',
            },
            {
              target: BACKEND_APPLICATION,
              from: BACKEND_EDGE,
              message: 'Commands, queries and sagas do not reach back into the HTTP edge.',
            },
          ],
        },
      ],
    },
  },

  {
    name: 'ims/pure-domain',
    files: ['backend/src/*/domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: INFRASTRUCTURE_PACKAGES, message: 'A decider is pure: no framework, database or HTTP import in domain/.' }] },
      ],
    },
  },

  {
    name: 'ims/angular',
    files: ['frontend/src/**/*.ts'],
    extends: [angular.configs.tsRecommended],
    processor: angular.processInlineTemplates,
    rules: {
      '@angular-eslint/component-selector': ['error', { type: 'element', prefix: 'ims', style: 'kebab-case' }],
      '@angular-eslint/directive-selector': ['error', { type: 'attribute', prefix: 'ims', style: 'camelCase' }],
      '@angular-eslint/prefer-signals': 'error',
      '@angular-eslint/prefer-on-push-component-change-detection': 'error',
    },
  },

  {
    name: 'ims/angular-templates',
    files: ['frontend/src/**/*.html'],
    extends: [angular.configs.templateRecommended, angular.configs.templateAccessibility],
    rules: {
      '@angular-eslint/template/prefer-control-flow': 'error',
      '@angular-eslint/template/prefer-self-closing-tags': 'error',
    },
  },

  {
    name: 'ims/tests',
    files: ['**/*.spec.ts', '**/*.e2e.ts', 'test/**/*.ts', 'frontend/e2e/**/*.ts', 'frontend/src/testing/**/*.ts'],
    rules: {
      // Assertions on values a test has just checked exist read better with `!` than with a guard that cannot fail.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },

  {
    name: 'ims/javascript',
    files: ['**/*.mjs', '**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },

  prettier,
);
