import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { hostSettings } from '../../../functions/src/host-settings';
import { SETTING_NAMES } from '../../../functions/lib/src/settings';
import { loadConfig } from './app-config';
import { documentedVariables } from './testing/configuration-table';

const ROOT = join(__dirname, '..', '..', '..');
const BACKEND = join(ROOT, 'backend', 'src');

/** The names a reader of the environment asks for, found by handing it an empty environment that records each look-up. */
function variablesReadBy(read: (env: Record<string, string | undefined>) => unknown): string[] {
  const names = new Set<string>();
  const env = new Proxy<Record<string, string | undefined>>(
    {},
    {
      get: (_target, name) => {
        if (typeof name === 'string') names.add(name);
        return undefined;
      },
    },
  );
  read(env);
  return [...names];
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'testing' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('configuration', () => {
  it('documents in docs/CONFIGURATION.md exactly the variables the server, the function and its host read', () => {
    const read = [...variablesReadBy(loadConfig), ...variablesReadBy(hostSettings), ...SETTING_NAMES];
    expect(documentedVariables()).toEqual(new Set(read));
  });

  it('is read from the environment only by the config module', () => {
    const readers = sourceFiles(BACKEND)
      .filter((file) => !file.startsWith(join(BACKEND, 'config')) && readFileSync(file, 'utf8').includes('process.env'))
      .map((file) => relative(ROOT, file));
    expect(readers).toEqual([]);
  });
});
