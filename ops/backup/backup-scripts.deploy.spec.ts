import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { Pool } from 'pg';
import { createPool } from '../../backend/src/database/pool';
import { EventStore } from '../../backend/src/event-store/event-store';
import { advanceAnchor, readAnchor } from '../../backend/src/event-store/chain-anchor';
import { verifyHashChain } from '../../backend/src/event-store/chain-verification';
import { createTestDatabase, type TestDatabase } from '../../test/test-database';
import { match } from '../../test/matchers';

const run = promisify(execFile);
const script = (name: string) => join(__dirname, name);

let source: TestDatabase;
let sourcePool: Pool;
let backups: string;
let anchorFile: string;
const restoredName = `ims_restored_${Date.now().toString(36)}`;

/** The backup scripts as ops run them, against the server DATABASE_URL names. */
const runScript = (name: string, args: string[], env: Record<string, string> = {}) =>
  run('bash', [script(name), ...args], { env: { ...process.env, DATABASE_URL: source.url, ...env } });

const eventRows = async (pool: Pool) =>
  (await pool.query<Record<string, unknown>>('SELECT position, stream_id, stream_version, hash FROM events ORDER BY position')).rows;

beforeAll(async () => {
  source = await createTestDatabase();
  sourcePool = createPool(source.url);
  const store = new EventStore(sourcePool);
  for (let n = 0; n < 12; n += 1) {
    await store.append({ streamId: `item-${n % 3}`, expectedVersion: Math.floor(n / 3), events: [{ type: 'Counted', data: { n } }] });
  }
  backups = await mkdtemp(join(tmpdir(), 'ims-backups-'));
  anchorFile = join(await mkdtemp(join(tmpdir(), 'ims-backup-anchor-')), 'chain-anchor.json');
});

afterAll(async () => {
  await sourcePool.query(`DROP DATABASE IF EXISTS ${restoredName} WITH (FORCE)`);
  await sourcePool.end();
  await source.drop();
  await rm(backups, { recursive: true, force: true });
  await rm(dirname(anchorFile), { recursive: true, force: true });
});

describe('ops/backup/pg-dump.sh and restore-dump.sh', () => {
  let dump = '';

  it('writes a custom-format dump holding the events, the chain anchor beside it, and keeps only the newest BACKUP_KEEP dumps', async () => {
    await writeFile(join(backups, 'ims-20200101T000000Z.dump'), 'old');
    await writeFile(join(backups, 'ims-20200101T000000Z.dump.anchor.json'), '{}');
    await writeFile(join(backups, 'ims-20210101T000000Z.dump'), 'older than the new one');
    const { anchor } = await advanceAnchor(sourcePool, anchorFile, 12);
    const { stdout } = await runScript('pg-dump.sh', [backups], { BACKUP_KEEP: '2', IMS_CHAIN_ANCHOR_PATH: anchorFile });
    dump = stdout.split(' ')[0] ?? '';
    expect(dump).toMatch(/ims-\d{8}T\d{6}Z\.dump$/);
    expect(stdout).toContain(`(chain anchor: ${dump}.anchor.json)`);
    const { stdout: contents } = await run('pg_restore', ['--list', dump]);
    expect(contents).toMatch(/TABLE DATA public events /);
    const name = dump.split('/').at(-1)!;
    expect((await readdir(backups)).sort()).toEqual(['ims-20210101T000000Z.dump', name, `${name}.anchor.json`]);
    expect(await readAnchor(`${dump}.anchor.json`)).toEqual(anchor);
  });

  it('restores the dump into a new database with every event and a hash chain that matches the anchor saved with it', async () => {
    const { stdout } = await runScript('restore-dump.sh', [dump, restoredName]);
    expect(stdout).toContain(`into database ${restoredName}: 12 events`);
    expect(stdout).toContain(`npm run ops -- verify-chain --anchor ${dump}.anchor.json --adopt`);
    const restoredPool = createPool(new URL(`/${restoredName}`, source.url).toString());
    try {
      expect(await eventRows(restoredPool)).toEqual(await eventRows(sourcePool));
      expect(await verifyHashChain(restoredPool, { anchorFile: `${dump}.anchor.json` })).toMatchObject({
        ok: true,
        checked: 12,
        anchor: { intact: true, missing: 0 },
      });
    } finally {
      await restoredPool.end();
    }
  });

  it('says so when there is no chain anchor to save, and still dumps', async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), 'ims-backups-no-anchor-'));
    try {
      const { stdout, stderr } = await runScript('pg-dump.sh', [elsewhere], { IMS_CHAIN_ANCHOR_PATH: join(elsewhere, 'none.json') });
      expect(stderr).toContain(`warning: no chain anchor at '${join(elsewhere, 'none.json')}': this dump is saved without one`);
      expect(await readdir(elsewhere)).toEqual([stdout.split(' ')[0]!.split('/').at(-1)]);
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it('refuses to restore over a database that exists, and leaves it as it was', async () => {
    const before = await eventRows(sourcePool);
    await expect(runScript('restore-dump.sh', [dump, source.name])).rejects.toMatchObject({
      stderr: match.stringContaining(`database ${source.name} exists already`),
    });
    expect(await eventRows(sourcePool)).toEqual(before);
  });
});
