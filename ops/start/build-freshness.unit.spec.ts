import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { forgetBuild, freshness, recordBuild } from './build-freshness.mjs';
import { BUILD_PARTS, type BuildPart } from './build-parts.mjs';

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ims-build-freshness-'));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

const write = (path: string, content = `// ${path}\n`) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
};

/** What a successful build does: writes the outputs, then the stamp of the inputs it began from. */
const build = (part: BuildPart) => {
  const { fingerprint } = freshness(root, part);
  forgetBuild(root, part);
  for (const output of part.outputs) write(output);
  recordBuild(root, part, fingerprint);
};

const staleBecause = (part: BuildPart) => freshness(root, part).staleBecause;

describe('a part of the build', () => {
  const part: BuildPart = {
    name: 'server',
    command: ['build', 'server'],
    inputs: ['src', 'tsconfig.json'],
    outputs: ['out/main.js'],
    stamp: 'out/.build-inputs',
  };

  beforeEach(() => {
    write('src/main.ts', 'export const answer = 42;\n');
    write('src/feature/handler.ts');
    write('tsconfig.json', '{}\n');
  });

  it('is built when it never was, and not again while nothing changed', () => {
    expect(staleBecause(part)).toBe('out/main.js is missing');
    build(part);
    expect(staleBecause(part)).toBeUndefined();
  });

  it('is rebuilt when a source file changes, is added or is deleted', () => {
    build(part);
    write('src/main.ts', 'export const answer = 43;\n');
    expect(staleBecause(part)).toBe('its sources changed since its last build');

    build(part);
    write('src/feature/new-handler.ts');
    expect(staleBecause(part)).toBe('its sources changed since its last build');

    build(part);
    rmSync(join(root, 'src/feature/handler.ts'));
    expect(staleBecause(part)).toBe('its sources changed since its last build');
  });

  it('is rebuilt when a configuration file it reads changes or disappears', () => {
    build(part);
    write('tsconfig.json', '{ "compilerOptions": {} }\n');
    expect(staleBecause(part)).toBe('its sources changed since its last build');

    build(part);
    rmSync(join(root, 'tsconfig.json'));
    expect(staleBecause(part)).toBe('its sources changed since its last build');
  });

  it('is rebuilt when its build command changes', () => {
    build(part);
    expect(staleBecause({ ...part, command: ['build', 'server', '--production'] })).toBe('its sources changed since its last build');
  });

  it('is rebuilt when an output is missing, though its sources are as they were', () => {
    build(part);
    rmSync(join(root, 'out/main.js'));
    expect(staleBecause(part)).toBe('out/main.js is missing');
  });

  it('is rebuilt when its stamp is gone: a build by hand emptied the output, or one from npm start did not finish', () => {
    build(part);
    forgetBuild(root, part);
    expect(staleBecause(part)).toMatch(/not built/);
  });

  it('judges by content, not by time: a source copied back with an older time is still a change, a touched one is not', () => {
    build(part);
    write('src/main.ts', 'export const answer = 41;\n');
    utimesSync(join(root, 'src/main.ts'), new Date(2000, 0, 1), new Date(2000, 0, 1));
    expect(staleBecause(part)).toBe('its sources changed since its last build');

    build(part);
    const now = new Date();
    utimesSync(join(root, 'src/main.ts'), now, now);
    expect(staleBecause(part)).toBeUndefined();
  });

  it('ignores tests, installed packages and builds under its inputs', () => {
    build(part);
    write('src/main.unit.spec.ts');
    write('src/node_modules/some-package/index.js');
    write('src/dist/main.js');
    expect(staleBecause(part)).toBeUndefined();
  });
});

describe("npm start's parts: functions, server, app", () => {
  const byName = (name: string) => {
    const part = BUILD_PARTS.find((candidate) => candidate.name === name);
    if (!part) throw new Error(`no part ${name}`);
    return part;
  };
  const stale = () => BUILD_PARTS.filter((part) => staleBecause(part) !== undefined).map((part) => part.name);

  beforeEach(() => {
    for (const file of ['tsconfig.base.json', 'tsconfig.build.json', 'nest-cli.json', 'package.json', 'package-lock.json'])
      write(file, '{}\n');
    write('backend/src/main.ts');
    write('backend/src/inventory/http/items.controller.ts');
    write('db/migrations/001_events.ts');
    write('ops/src/cli.ts');
    write('functions/src/index.ts');
    write('frontend/angular.json', '{}\n');
    write('frontend/src/main.ts');
    write('frontend/src/app/items/items-page.ts');
    write('frontend/e2e/items.e2e.ts');
    for (const part of BUILD_PARTS) build(part);
  });

  it('builds them in dependency order: the functions before the server that loads them', () => {
    expect(BUILD_PARTS.map((part) => part.name)).toEqual(['functions', 'server', 'app']);
  });

  it('rebuilds nothing when nothing changed', () => {
    expect(stale()).toEqual([]);
  });

  it('a changed backend source rebuilds the server alone', () => {
    write('backend/src/inventory/http/items.controller.ts', '// changed\n');
    expect(stale()).toEqual(['server']);
  });

  it('a new migration rebuilds the server alone', () => {
    write('db/migrations/002_more.ts');
    expect(stale()).toEqual(['server']);
  });

  it('a changed frontend source or template rebuilds the app alone', () => {
    write('frontend/src/app/items/items-page.ts', '// changed\n');
    expect(stale()).toEqual(['app']);

    build(byName('app'));
    write('frontend/src/app/items/items-page.html', '<h1>Items</h1>\n');
    expect(stale()).toEqual(['app']);
  });

  it('a changed function rebuilds it and the server that type-checks against it', () => {
    write('functions/src/index.ts', '// changed\n');
    expect(stale()).toEqual(['functions', 'server']);
  });

  it('a changed dependency lock rebuilds everything', () => {
    write('package-lock.json', '{ "lockfileVersion": 3 }\n');
    expect(stale()).toEqual(['functions', 'server', 'app']);
  });

  it('a changed browser test or unit test rebuilds nothing', () => {
    write('frontend/e2e/items.e2e.ts', '// changed\n');
    write('backend/src/inventory/items.unit.spec.ts');
    expect(stale()).toEqual([]);
  });

  it('a deleted server build rebuilds the server alone, e.g. after `nest build` failed halfway', () => {
    rmSync(join(root, 'dist'), { recursive: true });
    expect(stale()).toEqual(['server']);
  });
});
