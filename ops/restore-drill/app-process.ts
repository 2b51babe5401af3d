import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The built server beside this built drill, as `npm start` runs it (the build's, when this runs from source). */
const beside = resolve(__dirname, '../../backend/src/main.js');
const MAIN = existsSync(beside) ? beside : resolve('dist/backend/src/main.js');

export interface AppRun {
  readonly baseUrl: string;
  /** Resolves with the exit code once the process has ended. */
  readonly exited: Promise<number>;
  /** Everything it printed, for a refusal's reason. */
  output(): string;
  stop(): Promise<void>;
  /** SIGKILL: ends it at once, mid-request, as a crash does. */
  kill(): Promise<void>;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * `node dist/backend/src/main.js` on the embedded database under `dataDir`: the app starts the
 * PostgreSQL it needs and stops it when stopped, exactly as `npm start` does (`env` adds settings,
 * e.g. a DATABASE_URL to use instead).
 */
export function startApp(dataDir: string, port: number, adminPassword: string, env: Record<string, string> = {}): AppRun {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build first (npm run build:server)`);
  let printed = '';
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      IMS_DATA_DIR: dataDir,
      PORT: String(port),
      ADMIN_PASSWORD: adminPassword,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    printed = (printed + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number>((done) => child.once('exit', (code) => done(code ?? 1)));
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    exited,
    output: () => printed,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const ended = await Promise.race([exited.then(() => true), sleep(60_000).then(() => false)]);
      if (!ended) {
        child.kill('SIGKILL');
        await exited;
      }
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Resolves once the app answers HTTP; rejects with its output if it exits first or takes too long. */
export async function untilServing(app: AppRun, timeoutMs = 180_000): Promise<void> {
  const run = { ended: false };
  void app.exited.then(() => {
    run.ended = true;
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (run.ended) throw new Error(`the app exited while starting:\n${app.output()}`);
    const answered = await fetch(`${app.baseUrl}/api/health`).then(
      () => true,
      () => false,
    );
    if (answered) return;
    if (Date.now() > deadline) throw new Error(`the app did not answer within ${timeoutMs} ms:\n${app.output()}`);
    await sleep(250);
  }
}
