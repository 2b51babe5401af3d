import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { REPO_ROOT } from './deploy-files';

const run = promisify(execFile);

/** The image .ci/docker-engine.sh imports from busybox-static; the test engine has no registry to pull from. */
export const TEST_IMAGE = process.env.IMS_TEST_IMAGE ?? 'ims-test/busybox:local';
export const DOCKER_SOCKET = (process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock').replace(/^unix:\/\//, '');

export interface ScriptResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one of the ops shell scripts from the repository root; a failing exit is a result, not an error. */
export const runScript = (script: string, args: readonly string[], env: Record<string, string>): Promise<ScriptResult> =>
  run('bash', [script, ...args], { env: { ...process.env, ...env }, cwd: REPO_ROOT }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({
      code: error.code ?? 1,
      stdout: error.stdout ?? '',
      stderr: error.stderr ?? '',
    }),
  );

export const docker = async (...args: string[]) => (await run('docker', args)).stdout.trim();
