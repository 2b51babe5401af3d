import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The built CLI, as `npm run ops` runs it (`npm test` builds before running the suites). */
const CLI = resolve('dist/ops/src/cli.js');

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The phase lines the replay had printed when it was killed. */
  readonly killedAfter?: string;
}

export interface KillPlan {
  /** Kill once stderr shows this text … */
  readonly when: string;
  /** … and this many milliseconds have passed since. */
  readonly afterMs: number;
}

/** Runs `node dist/ops/src/cli.js ...args` with only the environment given (plus PATH). */
export function runCli(args: readonly string[], env: Record<string, string>, kill?: KillPlan): Promise<CliRun> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first (npm run build:server)`);
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killedAfter: string | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (kill && killedAfter === undefined && stderr.includes(kill.when)) {
        killedAfter = kill.when;
        setTimeout(() => child.kill('SIGKILL'), kill.afterMs);
      }
    });
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr, ...(signal === 'SIGKILL' ? { killedAfter } : {}) }));
  });
}
