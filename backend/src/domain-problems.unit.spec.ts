import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const BACKEND = __dirname;

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'testing' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

const filesContaining = (text: string) =>
  sourceFiles(BACKEND)
    .filter((file) => readFileSync(file, 'utf8').includes(text))
    .map((file) => relative(BACKEND, file));

/** The HTTP edge: what parses and guards requests, and the controllers that translate them (and the shared kernel's index, which offers it to them). */
const EDGE = [
  /^common\/index\.ts$/,
  /^common\/problem\//,
  /^web\//,
  /\/http\//,
  /\.(controller|guard|interceptor)\.ts$/,
  /^auth\/attempt-counter\.ts$/,
];

describe('one error strategy', () => {
  it('leaves ProblemException to the HTTP edge: the domain and the services throw their own errors', () => {
    expect(filesContaining('ProblemException').filter((file) => !EDGE.some((edge) => edge.test(file)))).toEqual([]);
  });

  it('answers every error in one exception filter', () => {
    expect(filesContaining('@Catch(')).toEqual(['web/problem.filter.ts']);
  });
});
