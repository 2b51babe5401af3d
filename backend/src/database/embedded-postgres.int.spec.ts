import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from './embedded-postgres';
import { match } from '../../../test/matchers';

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ims-embedded-'));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Record<string, unknown>>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('the embedded PostgreSQL', () => {
  it('starts a real server and keeps its data across a restart on the port its clients know', async () => {
    const first = await startEmbeddedPostgres({ dataDir });
    await query(first.url, `CREATE TABLE kept (note text); INSERT INTO kept VALUES ('still here')`);
    await first.stop();

    const second = await startEmbeddedPostgres({ dataDir, port: first.port });
    try {
      expect(second.url).toBe(first.url);
      expect(await query(second.url, 'SELECT note FROM kept')).toEqual([{ note: 'still here' }]);
      expect(await query(second.url, 'SHOW server_version')).toEqual([{ server_version: match.stringMatching(/^15\./) }]);
    } finally {
      await second.stop();
    }
  });

  it('keeps its generated password in the data directory, not in the code', async () => {
    const server = await startEmbeddedPostgres({ dataDir });
    await server.stop();
    const secrets = JSON.parse(await readFile(join(dataDir, 'secrets.json'), 'utf8')) as Record<string, string>;
    expect(secrets.postgresPassword).toMatch(/^[\w-]{40,}$/);
    expect(server.url).toContain(encodeURIComponent(secrets.postgresPassword!));
  });

  it('takes over its directory from a server whose owning process was killed', async () => {
    const script = `
      const { startEmbeddedPostgres } = require(${JSON.stringify(resolve('dist/backend/src/database/embedded-postgres.js'))});
      startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)} }).then((db) => console.log(db.url));`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const url = await new Promise<string>((done) => child.stdout.once('data', (chunk: Buffer) => done(chunk.toString().trim())));
    await query(url, `CREATE TABLE survivor (n int); INSERT INTO survivor VALUES (7)`);
    child.kill('SIGKILL');

    const restarted = await startEmbeddedPostgres({ dataDir });
    try {
      expect(await query(restarted.url, 'SELECT n FROM survivor')).toEqual([{ n: 7 }]);
    } finally {
      await restarted.stop();
    }
  });
});
