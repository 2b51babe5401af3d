import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { loadConfig } from '../../../backend/src/config';
import { startEmbeddedPostgres, createPool } from '../../../backend/src/database';
import { OpsError } from './ops-error';
import { messageOf } from '../../../backend/src/common';

export interface Connection {
  readonly pool: Pool;
  readonly url: string;
  /** Where the CLI is connected, for the first line it prints (no password). */
  readonly description: string;
  close(): Promise<void>;
}

/** What `postmaster.pid` says about the server holding a data directory, when one is alive. */
interface RunningServer {
  readonly pid: number;
  readonly port: number;
  readonly host: string;
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's (the server runs as `postgres` when we are root).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

interface ServerState extends RunningServer {
  readonly status: string;
}

/** Lines: pid, data directory, start time, port, socket directory, listen address, shm key, status. */
async function serverState(directory: string): Promise<ServerState | undefined> {
  const text = await readFile(join(directory, 'postmaster.pid'), 'utf8').catch(() => undefined);
  if (!text) return undefined;
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || !isAlive(pid)) return undefined;
  const listen = lines[5]?.trim().split(/[\s,]+/)[0] ?? '';
  const host = listen === '' || listen === '*' || listen === '0.0.0.0' ? '127.0.0.1' : listen;
  return { pid, port, host, status: lines[7]?.trim() ?? '' };
}

/** How long a server that is starting or stopping (an app exiting, say) is waited for. */
const SETTLE_MS = 60_000;

/** The server running on the directory once it is ready; undefined when none runs (or it has stopped). */
async function runningServer(directory: string): Promise<RunningServer | undefined> {
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    const state = await serverState(directory);
    if (!state || state.status === 'ready') return state;
    if (Date.now() > deadline) throw new OpsError(`the PostgreSQL holding ${directory} (pid ${state.pid}) stays "${state.status}"`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function embeddedPassword(dataDir: string): Promise<string> {
  const secrets = await readFile(join(dataDir, 'secrets.json'), 'utf8').then(
    (text) => JSON.parse(text) as Record<string, string>,
    (): Record<string, string> => ({}),
  );
  const password = secrets.postgresPassword;
  if (!password) throw new OpsError(`${join(dataDir, 'secrets.json')} holds no postgresPassword: is ${dataDir} an IMS data directory?`);
  return password;
}

const redacted = (url: string): string => {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'DATABASE_URL';
  }
};

async function checked(connection: Connection): Promise<Connection> {
  try {
    const { rows } = await connection.pool.query<{ events: string | null }>(`SELECT to_regclass('events')::text AS events`);
    if (!rows[0]?.events) throw new OpsError(`${connection.description} has no event store (the app migrates it on its first start)`);
    return connection;
  } catch (error) {
    await connection.close().catch(() => undefined);
    if (error instanceof OpsError) throw error;
    throw new OpsError(`cannot reach ${connection.description}: ${messageOf(error)}`);
  }
}

/**
 * The database the app uses, found the way the app finds it: `DATABASE_URL` (or `_FILE`), else
 * the embedded PostgreSQL under `IMS_DATA_DIR`. When the app (or any server) runs on that
 * directory, the CLI connects to it on the port its `postmaster.pid` names: starting another
 * would take the directory from the running one. Only when none runs does it start the server
 * itself, and stops it again when done.
 */
export async function connect(env: Record<string, string | undefined> = process.env): Promise<Connection> {
  const config = loadConfig(env);
  if (config.databaseUrl) {
    const pool = createPool(config.databaseUrl, { max: 10, applicationName: 'ims-ops' });
    return checked({ pool, url: config.databaseUrl, description: redacted(config.databaseUrl), close: () => pool.end() });
  }
  const directory = join(config.dataDir, 'postgres');
  if (!existsSync(join(directory, 'PG_VERSION'))) {
    throw new OpsError(`no database: DATABASE_URL is not set and ${config.dataDir} holds no embedded PostgreSQL (set IMS_DATA_DIR)`);
  }
  const password = await embeddedPassword(config.dataDir);
  const running = await runningServer(directory);
  if (running) {
    const url = `postgres://postgres:${encodeURIComponent(password)}@${running.host}:${running.port}/postgres`;
    const pool = createPool(url, { max: 10, applicationName: 'ims-ops' });
    return checked({
      pool,
      url,
      description: `the embedded PostgreSQL running on port ${running.port} (pid ${running.pid}) with its data in ${config.dataDir}`,
      close: () => pool.end(),
    });
  }
  const lines: string[] = [];
  const server = await startEmbeddedPostgres({ dataDir: config.dataDir, log: (line) => lines.push(line) }).catch((error: unknown) => {
    const reason = error instanceof Error ? error.message : lines.slice(-5).join('\n');
    throw new OpsError(`the embedded PostgreSQL in ${config.dataDir} did not start: ${reason}`);
  });
  const pool = createPool(server.url, { max: 10, applicationName: 'ims-ops' });
  return checked({
    pool,
    url: server.url,
    description: `the embedded PostgreSQL in ${config.dataDir} (started for this command)`,
    close: async () => {
      await pool.end();
      await server.stop();
    },
  });
}
