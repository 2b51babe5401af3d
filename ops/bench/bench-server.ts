import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** The seeded manager's password in every bench server. */
export const BENCH_MANAGER_PASSWORD = 'bench-stock-keeper-key-1';

/** What the API process has used so far, read in one message. */
export interface ServerUsage {
  /** CPU milliseconds. */
  readonly cpuMs: number;
  /** Statements sent to PostgreSQL. */
  readonly statements: number;
  /** Milliseconds its event loop has been busy and idle. */
  readonly loop: { readonly active: number; readonly idle: number };
}

export interface BenchServer {
  readonly baseUrl: string;
  readonly child: ChildProcess;
  usage(): Promise<ServerUsage>;
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
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    child,
    usage: () =>
      new Promise<ServerUsage>((resolve) => {
        child.once('message', ({ cpu, statements, loop }: { cpu: NodeJS.CpuUsage; statements: number; loop: ServerUsage['loop'] }) =>
          resolve({ cpuMs: (cpu.user + cpu.system) / 1000, statements, loop }),
        );
        child.send('usage');
      }),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.disconnect();
      }),
  };
}
