// Whether a part of the build (build-parts.mjs) must run again: its inputs' fingerprint, kept in a
// stamp inside its output by the last build `npm start` ran, against the inputs as they are now.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// Never sources: installed packages, builds, caches, databases, test output and what a function deployment leaves.
const IGNORED_NAMES = new Set([
  'node_modules',
  'dist',
  '.angular',
  'out-tsc',
  'coverage',
  'test-results',
  '.data',
  '.test-data',
  '.built',
  '.deployed',
  '__deployer__.zip',
  '.env',
]);
// Tests are left out of every build (each tsconfig excludes them), so editing one rebuilds nothing.
const IGNORED_FILE = /\.spec\.ts$/;

/** Every source file under `path` (relative to `root`), sorted; a single file is itself, a missing path nothing. */
function sourceFiles(root, path) {
  const full = join(root, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full)
    .filter((name) => !IGNORED_NAMES.has(name) && !IGNORED_FILE.test(name))
    .sort()
    .flatMap((name) => sourceFiles(root, `${path}/${name}`));
}

/** A hash of the part's build command and of every input file's path and content (content, not mtime: a checkout or copy may keep old times). */
export function fingerprint(root, part) {
  const hash = createHash('sha256').update(part.command.join(' ')).update('\0');
  for (const file of [...new Set(part.inputs.flatMap((input) => sourceFiles(root, input)))]) {
    const content = readFileSync(join(root, file));
    hash.update(`${file}\0${content.byteLength}\0`).update(content);
  }
  return hash.digest('hex');
}

/** The fingerprint of the inputs now, and why the part must be built, or undefined when its last build still stands. */
export function freshness(root, part) {
  const now = fingerprint(root, part);
  const missing = part.outputs.find((output) => !existsSync(join(root, output)));
  const stamp = join(root, part.stamp);
  const staleBecause = missing
    ? `${missing} is missing`
    : !existsSync(stamp)
      ? 'not built by npm start since its output was last deleted'
      : readFileSync(stamp, 'utf8').trim() !== now
        ? 'its sources changed since its last build'
        : undefined;
  return { fingerprint: now, staleBecause };
}

/** Before a build: an interrupted or failed one must not leave a stamp that a later start could trust. */
export function forgetBuild(root, part) {
  rmSync(join(root, part.stamp), { force: true });
}

/** After a successful build: the fingerprint of the inputs as they were when it began. */
export function recordBuild(root, part, builtFrom) {
  const stamp = join(root, part.stamp);
  mkdirSync(dirname(stamp), { recursive: true });
  writeFileSync(stamp, `${builtFrom}\n`);
}
