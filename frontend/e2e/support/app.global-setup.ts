import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { E2E_MANAGER, REPO, SERVER, startServer } from './server';
import { embeddedDatabaseUrl } from './embedded-database';

const APP = join(REPO, 'frontend/dist/ims/browser/index.html');
const NO_DOCKER_SOCKET = '/nonexistent/ims-e2e/docker.sock';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    manager: { username: string; password: string };
    /** The app's embedded database, to hold a read model back. */
    databaseUrl: string;
  }
}

/** The app as `npm start` starts it, on a free port and a throwaway embedded database. */
export default async function startApp(project: TestProject): Promise<() => Promise<void>> {
  for (const built of [SERVER, APP]) {
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` first`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'ims-e2e-'));
  const server = await startServer({
    IMS_DATA_DIR: dataDir,
    ADMIN_USERNAME: E2E_MANAGER.username,
    ADMIN_PASSWORD: E2E_MANAGER.password,
    // This tier has no Docker engine even where the machine has one (the deploy tier's): the app shows it as not available.
    DOCKER_HOST: NO_DOCKER_SOCKET,
    // Host samples every 2 s, so that the health page has a history to chart within the tests' patience.
    IMS_HEALTH_SAMPLE_SECONDS: '2',
    // The webhook tests' receiver listens on this machine's loopback address.
    WEBHOOK_ALLOW_PRIVATE: '127.0.0.1/32',
  });
  project.provide('baseUrl', server.baseUrl);
  project.provide('manager', E2E_MANAGER);
  project.provide('databaseUrl', embeddedDatabaseUrl(dataDir));

  return async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
