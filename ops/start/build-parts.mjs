// What `npm start` builds, in order, and what each build reads and writes. A part is rebuilt when
// anything under its inputs differs from what its last build read (build-freshness.mjs).

// Read by the functions and server builds: the compiler settings, the scripts and the exact version of every dependency.
const COMMON = ['tsconfig.base.json', 'package.json', 'package-lock.json'];

/** @type {readonly import('./build-parts.mjs').BuildPart[]} */
export const BUILD_PARTS = [
  {
    name: 'functions',
    command: ['npm', 'run', 'build', '-w', 'functions', '--silent'],
    inputs: ['functions', ...COMMON],
    outputs: ['functions/dist/src/index.js', 'functions/dist/src/local-host.main.js'],
    stamp: 'functions/dist/.build-inputs',
  },
  {
    // The server's build type-checks against the functions' sources (their package.json `types`).
    name: 'server',
    command: ['npx', '--no-install', 'nest', 'build'],
    inputs: ['backend', 'db', 'ops', 'functions', 'tsconfig.build.json', 'nest-cli.json', ...COMMON],
    outputs: ['dist/backend/src/main.js'],
    // Inside dist/, which `nest build` deletes first (nest-cli.json deleteOutDir): a build by hand leaves no stamp to trust.
    stamp: 'dist/.build-inputs',
  },
  {
    // Browser tests (frontend/e2e) are not part of the app's build.
    name: 'app',
    command: ['npm', 'run', 'build', '-w', 'frontend', '--silent'],
    inputs: [
      'frontend/src',
      'frontend/scripts',
      'frontend/angular.json',
      'frontend/package.json',
      'frontend/tsconfig.json',
      'frontend/tsconfig.app.json',
      'package-lock.json',
    ],
    outputs: ['frontend/dist/ims/browser/index.html'],
    // Inside the output path, which `ng build` deletes first.
    stamp: 'frontend/dist/ims/.build-inputs',
  },
];
