import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from './deploy-files';

const WORKFLOWS_DIR = join(REPO_ROOT, '.github', 'workflows');

export interface WorkflowStep {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, string>;
  readonly env?: Record<string, string>;
}

export interface WorkflowJob {
  readonly uses?: string;
  readonly needs?: string | readonly string[];
  readonly strategy?: { matrix?: { include?: readonly Record<string, string>[] } };
  readonly steps?: readonly WorkflowStep[];
}

export interface Workflow {
  readonly on: Record<string, unknown>;
  readonly jobs: Record<string, WorkflowJob>;
}

export const workflowFiles = () =>
  readdirSync(WORKFLOWS_DIR)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort();

export const workflowSource = (file: string) => readFileSync(join(WORKFLOWS_DIR, file), 'utf8');

export const readWorkflow = (file: string) => parse(workflowSource(file)) as Workflow;

export const steps = (workflow: Workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps ?? []);

/** Repository files a shell command names: `bash .ci/run`, `ops/backup/snapshot-volume.sh "$ID"`. */
export const scriptsRun = (command: string) =>
  [...command.matchAll(/(?:^|[\s;&|(])((?:\.\/)?(?:\.ci|ops|docker)\/[\w./-]+)/g)].map(([, path]) => (path ?? '').replace(/^\.\//, ''));

/** `${NAME}`, `${NAME:-default}`, `${NAME:?message}` in a Compose or DigitalOcean project file. */
export const interpolatedVariables = (source: string) =>
  new Set([...source.matchAll(/\$\{([A-Z][A-Z0-9_]*)(?::?[-?][^}]*)?\}/g)].map(([, name]) => name ?? ''));

/** The build stages a Dockerfile names: `FROM ... AS <stage>`. */
export const dockerfileStages = (path: string) =>
  new Set([...readFileSync(join(REPO_ROOT, path), 'utf8').matchAll(/^FROM\s+\S+\s+AS\s+(\S+)/gim)].map(([, stage]) => stage ?? ''));
