import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const CONFIGURATION_DOC = join(__dirname, '..', '..', '..', '..', 'docs', 'CONFIGURATION.md');

/** The variable names in the first column of docs/CONFIGURATION.md's table, e.g. PORT, DATABASE_URL, DATABASE_URL_FILE. */
export function documentedVariables(): Set<string> {
  const rows = readFileSync(CONFIGURATION_DOC, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('| `'));
  return new Set(rows.flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map(([, name]) => name ?? '')));
}
