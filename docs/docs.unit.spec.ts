import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(__dirname, '..');
const README_MAX_BYTES = 6 * 1024;

/** Generated, installed or ignored: not the repository's own text. */
const SKIPPED_DIRECTORIES = new Set([
  'node_modules',
  'dist',
  '.git',
  '.angular',
  '.data',
  '.test-data',
  'coverage',
  'test-results',
  'artifacts',
]);
// Spelled apart so that this file does not mention the path itself.
const SHARED_ABSOLUTE = ['', 'work', 'shared', ''].join('/');
const BINARY = /\.(png|jpe?g|gif|ico|woff2?|br|gz|tgz|zip)$/i;

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRECTORIES.has(entry.name) ? [] : filesUnder(path);
    return entry.isFile() ? [path] : [];
  });
}

const repoPath = (path: string) => relative(ROOT, path).split(sep).join('/');
const insideRepo = (path: string) => !relative(ROOT, path).startsWith('..');
const markdownFiles = [join(ROOT, 'README.md'), ...filesUnder(join(ROOT, 'docs')).filter((path) => path.endsWith('.md'))];

/** `[text](target)` and `![alt](target)` links that name a file of the repository (no scheme, not only an anchor). */
function relativeLinks(markdown: string): string[] {
  const targets = [...markdown.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map(([, target]) => target!);
  return targets.filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#')).map((target) => target.split('#')[0]!);
}

describe('the documentation', () => {
  it('keeps the README short: what IMS is, how to start it, where to read on', () => {
    expect(statSync(join(ROOT, 'README.md')).size).toBeLessThanOrEqual(README_MAX_BYTES);
  });

  it('shows a screenshot of the app in the README', () => {
    const images = relativeLinks(readFileSync(join(ROOT, 'README.md'), 'utf8')).filter((target) => target.endsWith('.png'));
    expect(images.length).toBeGreaterThan(0);
  });

  it('links only to files that exist in the repository', () => {
    const broken = markdownFiles.flatMap((file) =>
      relativeLinks(readFileSync(file, 'utf8'))
        .map((target) => resolve(dirname(file), decodeURI(target)))
        .filter((target) => !insideRepo(target) || !existsSync(target))
        .map((target) => `${repoPath(file)} -> ${relative(ROOT, target)}`),
    );
    expect(broken).toEqual([]);
  });

  it('refers to no shared document outside the repository', () => {
    const outside = filesUnder(ROOT)
      .filter((file) => !BINARY.test(file))
      .flatMap((file) => {
        const text = readFileSync(file, 'utf8');
        const mentions = [...text.matchAll(/(?:\.\.\/)+shared\/[\w./-]*/g)].map(([mention]) => mention);
        const leaving = mentions.filter((mention) => !insideRepo(resolve(dirname(file), mention)));
        return [...leaving, ...(text.includes(SHARED_ABSOLUTE) ? ['an absolute path to the shared documents'] : [])].map(
          (mention) => `${repoPath(file)}: ${mention}`,
        );
      });
    expect(outside).toEqual([]);
  });
});
