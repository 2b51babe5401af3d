import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export { documentedVariables } from '../../backend/src/config';

export const REPO_ROOT = join(__dirname, '..', '..');

/** The parts of a service, after the tool has normalised it, that the deployment files must agree on. */
export interface DeployedService {
  readonly image?: string;
  readonly user?: string;
  readonly environment?: Record<string, string | null>;
  readonly ports?: readonly (string | { target: number; published?: number | string })[];
  readonly volumes?: readonly (string | { type?: string; source?: string; target: string; read_only?: boolean })[];
  readonly secrets?: readonly (string | { source: string })[];
  readonly healthcheck?: { test?: string | readonly string[] };
  readonly labels?: Record<string, string>;
  readonly depends_on?: Record<string, { condition?: string }> | readonly string[];
  readonly deploy?: {
    replicas?: number;
    labels?: Record<string, string>;
    placement?: { constraints?: readonly string[] };
    update_config?: { failure_action?: string; order?: string };
  };
}

export interface DeployFile {
  readonly services: Record<string, DeployedService>;
  readonly volumes?: Record<string, unknown>;
}

export interface ConfigTool {
  /** How the file was read, for messages: e.g. "docker stack config". */
  readonly name: string;
  read(file: string): DeployFile;
}

/** The variables of the committed template, the environment `docker compose` would take from `.env`. */
function templateEnvironment(): Record<string, string> {
  const entries = readFileSync(join(REPO_ROOT, '.env.example'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const);
  return Object.fromEntries(entries);
}

// Only the template's variables and what finds the tools: the developer's own environment must not
// decide whether the files parse.
function spawnTool(command: string, args: readonly string[]) {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...templateEnvironment() };
  return spawnSync(command, args, { cwd: REPO_ROOT, env, encoding: 'utf8' });
}

const installed = (command: string, args: readonly string[]) => spawnTool(command, args).status === 0;

// An older CLI answers `docker stack config --help` with the help of `docker stack`, and exit status 0.
// Without a docker CLI spawnSync answers stdout null, whatever its types say.
const hasStackConfig = () =>
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
  /Usage:\s+docker stack config/.test(spawnTool('docker', ['stack', 'config', '--help']).stdout ?? '');

function toolRead(name: string, command: string, args: (file: string) => string[]): ConfigTool {
  return {
    name,
    read(file) {
      const result = spawnTool(command, args(file));
      if (result.status !== 0) throw new Error(`${name} refused ${file}:\n${result.stderr || String(result.error)}`);
      return parse(result.stdout) as DeployFile;
    },
  };
}

/** Compose v2 (`docker compose`, the plugin) when installed, else Debian's `docker-compose` (v1). */
export function composeTool(): ConfigTool {
  if (installed('docker', ['compose', 'version'])) {
    return toolRead('docker compose config', 'docker', (file) => ['compose', '-f', file, 'config']);
  }
  if (installed('docker-compose', ['version'])) {
    return toolRead('docker-compose config', 'docker-compose', (file) => ['-f', file, 'config']);
  }
  throw new Error('neither `docker compose` nor `docker-compose` is installed (Debian: apt-get install docker-compose)');
}

/**
 * `docker stack config` (Docker CLI 23 and later; needs no engine) when the CLI has it. Debian
 * 12's docker.io CLI (20.10.24) lacks it; there the stack file is read by Compose, which checks it
 * against the same Compose file schema including `deploy`, `secrets` and `configs`.
 */
export function stackTool(): ConfigTool {
  if (hasStackConfig()) {
    return toolRead('docker stack config', 'docker', (file) => ['stack', 'config', '-c', file]);
  }
  const compose = composeTool();
  return { ...compose, name: `${compose.name} (this docker CLI has no \`stack config\`)` };
}
