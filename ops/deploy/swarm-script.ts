import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { REPO_ROOT } from './deploy-files';

const run = promisify(execFile);

/** The image .ci/docker-engine.sh imports from busybox-static; the test engine has no registry to pull from. */
export const TEST_IMAGE = process.env.IMS_TEST_IMAGE ?? 'ims-test/busybox:local';
/** Where no engine answers, whether or not this machine has Docker: for the tests of a script's refusal. */
export const NO_ENGINE = { DOCKER_HOST: 'unix:///nonexistent/ims/docker.sock' };

export interface ScriptResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one of the ops shell scripts from the repository root; a failing exit is a result, not an error. */
export const runScript = (script: string, args: readonly string[], env: Record<string, string>): Promise<ScriptResult> =>
  run('bash', [script, ...args], { env: { ...process.env, ...env }, cwd: REPO_ROOT }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: unknown) => {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failed.code ?? 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
    },
  );

export const docker = async (...args: string[]) => (await run('docker', args)).stdout.trim();
