import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
/** `IMS_E2E_SERVER` points at another build of the server, e.g. a copy kept away from a rebuild in progress. */
export const SERVER = process.env['IMS_E2E_SERVER'] ?? join(REPO, 'dist/backend/src/main.js');

export const E2E_MANAGER = { username: 'e2e-boss', password: 'e2e-keeper-key-1' };

export interface RunningServer {
  /** e.g. http://127.0.0.1:41234 */
  readonly baseUrl: string;
  stop(): Promise<void>;
}

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

async function waitUntilReady(baseUrl: string, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the app exited with ${server.exitCode}:\n${log()}`);
    const ready = await fetch(`${baseUrl}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the app did not become ready in 90 s:\n${log()}`);
}

/**
 * The built server as `npm start` starts it, on a free port (or `env.PORT`, for a test that must
 * know its address first), configured by `env` alone: the test runner's own `DATABASE_URL` and
 * `JWT_SECRET` never leak in. Resolves once it is ready.
 */
export async function startServer(env: Record<string, string>): Promise<RunningServer> {
  const port = env['PORT'] ? Number(env['PORT']) : await freePort();
  const inherited: NodeJS.ProcessEnv = { ...process.env };
  delete inherited['DATABASE_URL'];
  delete inherited['JWT_SECRET'];
  const server = spawn(process.execPath, [SERVER], {
    cwd: REPO,
    env: { ...inherited, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  server.stdout.on('data', keep);
  server.stderr.on('data', keep);
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(baseUrl, server, () => output);
  } catch (error) {
    server.kill('SIGKILL');
    throw error;
  }
  return {
    baseUrl,
    stop: async () => {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
      if (server.exitCode === null) server.kill('SIGKILL');
    },
  };
}
