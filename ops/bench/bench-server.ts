import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** The seeded manager's password in every bench server. */
export const BENCH_MANAGER_PASSWORD = 'bench-stock-keeper-key-1';

export interface BenchServer {
  readonly baseUrl: string;
  readonly child: ChildProcess;
  /** CPU milliseconds the API process has used so far. */
  cpuMs(): Promise<number>;
  /** Statements the API process has sent to PostgreSQL so far. */
  statements(): Promise<number>;
  /** Milliseconds the API's event loop has been busy and idle so far. */
  loop(): Promise<{ readonly active: number; readonly idle: number }>;
  stop(): Promise<void>;
}

/** The API in a process of its own (command-bench-server.ts) on `databaseUrl`, so that the load generator does not share its event loop. */
export async function startBenchServer(databaseUrl: string): Promise<BenchServer> {
  const child = fork(join(__dirname, 'command-bench-server.js'), [databaseUrl], {
    // Its stdout is the request log; errors still reach stderr.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      JWT_SECRET: 'bench-secret-of-enough-length-0123456789',
      ADMIN_PASSWORD: BENCH_MANAGER_PASSWORD,
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve(message.port));
    child.once('exit', (code) => reject(new Error(`the API exited with ${code}`)));
  });
  const usage = () =>
    new Promise<{ cpu: NodeJS.CpuUsage; statements: number; loop: { active: number; idle: number } }>((resolve) => {
      child.once('message', resolve);
      child.send('usage');
    });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    child,
    cpuMs: () => usage().then(({ cpu }) => (cpu.user + cpu.system) / 1000),
    statements: () => usage().then(({ statements }) => statements),
    loop: () => usage().then(({ loop }) => loop),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.disconnect();
      }),
  };
}
