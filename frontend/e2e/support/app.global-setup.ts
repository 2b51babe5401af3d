import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
/** `IMS_E2E_SERVER` points at another build of the server, e.g. a copy kept away from a rebuild in progress. */
const SERVER = process.env['IMS_E2E_SERVER'] ?? join(REPO, 'dist/backend/src/main.js');
const APP = join(REPO, 'frontend/dist/ims/browser/index.html');
export const MANAGER = { username: 'e2e-boss', password: 'e2e-keeper-key-1' };

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    manager: { username: string; password: string };
  }
}

const freePort = () =>
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
    const ready = await fetch(`${baseUrl}/api/health`).then((response) => response.ok, () => false);
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the app did not become ready in 90 s:\n${log()}`);
}

export interface RunningServer {
  readonly baseUrl: string;
  stop(): Promise<void>;
}

/**
 * The app as `npm start` starts it, on a free port and a throwaway embedded database, with the
 * first manager `MANAGER`; `settings` add to its environment (e.g. a short ACCESS_TOKEN_SECONDS).
 */
export async function startServer(settings: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  for (const built of [SERVER, APP]) {
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` first`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'ims-e2e-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    IMS_DATA_DIR: dataDir,
    PORT: String(port),
    ADMIN_USERNAME: MANAGER.username,
    ADMIN_PASSWORD: MANAGER.password,
    ...settings,
  };
  delete env['DATABASE_URL'];
  delete env['JWT_SECRET'];
  const server = spawn(process.execPath, [SERVER], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  server.stdout?.on('data', keep);
  server.stderr?.on('data', keep);
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
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The app every test file shares. */
export default async function startApp(project: TestProject): Promise<() => Promise<void>> {
  const server = await startServer();
  project.provide('baseUrl', server.baseUrl);
  project.provide('manager', MANAGER);
  return () => server.stop();
}
