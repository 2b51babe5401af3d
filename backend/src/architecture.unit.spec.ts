import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * The import structure, read with TypeScript's own pre-processor: no cycle between files, none
 * between features, and a feature used by others only through its `index.ts`. A test, so that a
 * new cycle or a reach into another feature's internals fails CI, whoever adds it.
 */

const ROOT = resolve(__dirname, '../..');
const SOURCES = ['backend/src', 'ops'];

/** Features without a public `index.ts`, whose files others may reach directly: none, and it stays so. */
const WITHOUT_INDEX: readonly string[] = [];

/**
 * Cycles that exist and are someone else's to remove (the architecture issue's other helpers);
 * each entry is the sorted members of one cycle. A cycle not listed fails, and so does a listed one
 * that is gone, so that the list only shrinks.
 */
const KNOWN_FILE_CYCLES: readonly (readonly string[])[] = [];
const KNOWN_FEATURE_CYCLES: readonly (readonly string[])[] = [];

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : sourceFiles(path);
    const source = (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) || entry.name.endsWith('.mjs');
    return source ? [relative(ROOT, path)] : [];
  });
}

const files = SOURCES.flatMap((source) => sourceFiles(join(ROOT, source)));
const known = new Set(files);

/** The files of SOURCES a file imports (packages, tests' fixtures and the functions are not looked at). */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
  return importedFiles.flatMap(({ fileName }) => {
    if (!fileName.startsWith('.')) return [];
    const base = relative(ROOT, resolve(ROOT, dirname(file), fileName));
    const target = [`${base}.ts`, `${base}/index.ts`, base].find((candidate) => known.has(candidate));
    if (target) return [target];
    if (SOURCES.some((source) => base.startsWith(`${source}/`))) throw new Error(`${file}: cannot resolve ${fileName}`);
    return [];
  });
}

const graph = new Map(files.map((file) => [file, importsOf(file)]));

/** Tests, their helpers and the benchmarks may reach into what they exercise; the rules are about the code that runs. */
const isProduction = (file: string) => !file.endsWith('.spec.ts') && !file.split('/').includes('testing') && !file.startsWith('ops/bench/');

/** backend/src/<feature>, ops/<part> (ops/src/<part>); files at the top of backend/src are the app composition. */
function featureOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'backend') return parts.length > 3 ? parts[2]! : '(app)';
  if (parts[1] === 'src') return parts.length > 3 ? `ops/src/${parts[2]}` : 'ops/src';
  return `ops/${parts[1]}`;
}

/** The strongly connected components of more than one member (or with a self-import), each sorted. */
function cycles(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (edges.get(node) ?? []).includes(node)) found.push(component.sort());
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return found.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

const sorted = (list: readonly (readonly string[])[]) =>
  [...list].map((cycle) => [...cycle].sort()).sort((a, b) => a[0]!.localeCompare(b[0]!));

describe('the import structure', () => {
  it('has no cycle between files', () => {
    expect(cycles(graph)).toEqual(sorted(KNOWN_FILE_CYCLES));
  });

  it('has no cycle between features', () => {
    const features = new Map<string, string[]>();
    for (const [file, imports] of graph) {
      if (!isProduction(file)) continue;
      const from = featureOf(file);
      const targets = new Set(features.get(from) ?? []);
      for (const target of imports) if (isProduction(target) && featureOf(target) !== from) targets.add(featureOf(target));
      features.set(from, [...targets]);
    }
    expect(cycles(features)).toEqual(sorted(KNOWN_FEATURE_CYCLES));
  });

  it('reaches another feature only through its index.ts', () => {
    const reaches = [...graph].flatMap(([file, imports]) =>
      isProduction(file)
        ? imports
            .filter((target) => target.startsWith('backend/src/') && featureOf(target) !== featureOf(file) && featureOf(target) !== '(app)')
            .filter((target) => !WITHOUT_INDEX.includes(featureOf(target)) && !target.endsWith(`/${featureOf(target)}/index.ts`))
            .map((target) => `${file} -> ${target}`)
        : [],
    );
    expect(reaches).toEqual([]);
  });

  it('lists as without an index only the features that have none', () => {
    const withIndex = WITHOUT_INDEX.filter((feature) => known.has(`backend/src/${feature}/index.ts`));
    expect(withIndex).toEqual([]);
  });
});
