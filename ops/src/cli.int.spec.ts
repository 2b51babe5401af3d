import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { migrateToLatest } from '../../db/src/migrate';
import { createTestDatabase, type TestDatabase } from '../../test/test-database';
import { startEmbeddedPostgres } from '../../backend/src/database/embedded-postgres';
import { createPool } from '../../backend/src/database/pool';
import { advanceAnchor, readAnchor } from '../../backend/src/event-store/chain-anchor';
import { readEpoch } from '../../backend/src/event-store/store-epoch';
import { ALL_PROJECTIONS } from '../../backend/src/all-projections';
import { Projector } from '../../backend/src/projections/projector';
import { drain } from '../../backend/src/projections/testing/drain';
import { InventorySimulation, insertEvents } from '../../backend/src/inventory/testing/inventory-simulation';
import type { StoreStatus } from './commands/status';
import { runCli } from './testing/run-cli';

let database: TestDatabase;
let pool: Pool;
let env: Record<string, string>;
const simulation = new InventorySimulation(30, { seed: 5, archiveRate: 0.01 });
const STACK_LINE = /^\s+at /m;

beforeAll(async () => {
  database = await createTestDatabase();
  pool = createPool(database.url, { max: 5 });
  env = { DATABASE_URL: database.url };
  await insertEvents(pool, simulation.take(2000), (n) => new Date(Date.now() - 86_400_000 + n * 1000));
});

afterAll(async () => {
  await pool.end();
  await database.drop();
});

describe('npm run ops', () => {
  it('status: the store epoch, and each projection with its checkpoint and lag', async () => {
    const before = await runCli(['status', '--json'], env);
    expect(before.code).toBe(0);
    const report = JSON.parse(before.stdout) as StoreStatus;
    expect(report).toMatchObject({ events: 2000, headPosition: 2000, needingRepair: 0, epoch: { epoch: (await readEpoch(pool)).epoch } });
    expect(report.projections.map((p) => [p.projection, p.lag, p.version])).toEqual([
      ['items', 2000, 1],
      ['history', 2000, 1],
      ['stock', 2000, 1],
      ['locations', 2000, 1],
      ['valuation', 2000, 1],
      ['stocktakes', 2000, 1],
    ]);

    await drain(
      pool,
      ALL_PROJECTIONS.map((projection) => new Projector(pool, projection, undefined)),
    );
    const after = await runCli(['status'], env);
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/^items\s+2000\s+0\s/m);
    expect(after.stdout).toMatch(/^history\s+2000\s+0\s/m);
    expect(after.stdout).toMatch(/^stock\s+2000\s+0\s/m);
    expect(after.stdout).toMatch(/^locations\s+2000\s+0\s/m);
    expect(after.stdout).toMatch(/^valuation\s+2000\s+0\s/m);
    expect(after.stdout).toMatch(/^stocktakes\s+2000\s+0\s/m);
    expect(after.stdout).toContain('restore      nothing to repair');
  });

  it('verify: exit 0 when the models equal the events, exit 1 listing each difference after a row is corrupted; replay repairs it', async () => {
    await drain(
      pool,
      ALL_PROJECTIONS.map((projection) => new Projector(pool, projection, undefined)),
    );
    const clean = await runCli(['verify'], env);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('verified items: 30 rows');
    expect(clean.stdout).toContain('the read models equal a fold of the events');

    const { rows } = await pool.query<{ id: string; name: string }>(
      `UPDATE read_items SET name = 'forged' WHERE id = (SELECT id FROM read_items ORDER BY sku LIMIT 1) RETURNING id, (SELECT name FROM read_items ORDER BY sku LIMIT 1)`,
    );
    await pool.query(`UPDATE read_item_history SET quantity_after = quantity_after + 5 WHERE position = 1500`);
    const corrupted = await runCli(['verify'], env);
    expect(corrupted.code).toBe(1);
    expect(corrupted.stdout).toContain(`items ${rows[0]!.id}: name is forged in the model, ${rows[0]!.name} from the events`);
    expect(corrupted.stdout).toMatch(/history 1500: quantityAfter is \d+ in the model, \d+ from the events/);
    expect(corrupted.stdout).toContain('2 differences');
    const json = JSON.parse((await runCli(['verify', 'history', '--json'], env)).stdout) as { differenceCount: number };
    expect(json.differenceCount).toBe(1);

    const replayed = await runCli(['replay'], env);
    expect(replayed.code).toBe(0);
    expect(replayed.stdout).toMatch(/items: rebuilt from 2000 events/);
    expect(replayed.stdout).toContain('the read models equal a fold of the events');
    expect((await runCli(['verify'], env)).code).toBe(0);
  });

  it('replay: a rebuild left by an earlier run that cannot be resumed is named, with the way out; --restart starts it over', async () => {
    await pool.query(`CREATE TABLE read_item_history__replay (LIKE read_item_history INCLUDING ALL)`);
    await pool.query(`INSERT INTO checkpoints (name) VALUES ('projection.history.replay')`);
    const stuck = await runCli(['replay', 'history'], env);
    expect(stuck.code).toBe(2);
    expect(stuck.stderr).toMatch(/^error: .*\(resuming the rebuild of history left by an earlier run; --restart starts it over\)$/m);
    expect(stuck.stderr).not.toMatch(STACK_LINE);

    const restarted = await runCli(['replay', 'history', '--restart'], env);
    expect(restarted.code).toBe(0);
    expect(restarted.stdout).toContain('the read models equal a fold of the events');
  });

  it('verify-chain: every hash recomputed; without an anchor it says a cut-off tail goes unseen', async () => {
    const run = await runCli(['verify-chain'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('hash chain intact: 2000 events, every hash recomputed');
    expect(run.stdout).toMatch(/^log head: position 2000, digest [0-9a-f]{64}$/m);
    expect(run.stdout).toContain('no chain anchor configured (IMS_CHAIN_ANCHOR_PATH)');
  });

  it('repair-restore: nothing to repair on a volume snapshot, but a new store epoch so clients refetch', async () => {
    const before = await readEpoch(pool);
    const run = await runCli(['repair-restore'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('no transaction ids to repair');
    const after = await readEpoch(pool);
    expect(after.epoch).not.toBe(before.epoch);
    expect(run.stdout).toContain(`store epoch ${before.epoch} -> ${after.epoch}`);
  });

  it.each([
    [['replay', 'nope'], /^error: no projection "nope"; there are: items, history, stock, locations, valuation, stocktakes$/m],
    [['verify', '--max', '0'], /option '--max <differences>' argument '0' is invalid/],
    [['dance'], /unknown command 'dance'/],
  ])('refuses %j with a message and exit 2, without a stack trace', async (args, message) => {
    const run = await runCli(args, env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(STACK_LINE);
  });

  it('says which database it cannot reach, with exit 2 and no stack trace', async () => {
    const run = await runCli(['status'], { DATABASE_URL: 'postgres://ims:secret@127.0.0.1:1/ims' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: cannot reach postgres:\/\/ims:\*\*\*@127\.0\.0\.1:1\/ims/m);
    expect(run.stderr).not.toContain('secret');
    expect(run.stderr).not.toMatch(STACK_LINE);
  });

  it('says so when there is no database at all', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'ims-ops-empty-'));
    const run = await runCli(['status'], { IMS_DATA_DIR: empty });
    await rm(empty, { recursive: true, force: true });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`error: no database: DATABASE_URL is not set and ${empty} holds no embedded PostgreSQL`);
  });
});

describe('npm run ops -- verify-chain against the chain anchor', () => {
  let chained: TestDatabase;
  const chainedSimulation = new InventorySimulation(5, { seed: 9 });
  let chainedPool: Pool;
  let dir: string;
  const anchorEnv = () => ({ DATABASE_URL: chained.url, IMS_CHAIN_ANCHOR_PATH: join(dir, 'chain-anchor.json') });
  const head = async () => (await chainedPool.query<{ max: number }>('SELECT max(position) AS max FROM events')).rows[0]!.max;

  beforeAll(async () => {
    chained = await createTestDatabase();
    chainedPool = createPool(chained.url, { max: 2 });
    await insertEvents(chainedPool, chainedSimulation.take(40), (n) => new Date(Date.now() - 3_600_000 + n * 1000));
    dir = await mkdtemp(join(tmpdir(), 'ims-ops-anchor-'));
  });

  afterAll(async () => {
    await chainedPool.end();
    await chained.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it("matches the anchor, then fails naming what is missing once the tail is deleted; a backup's anchor is checked and adopted", async () => {
    const backupAnchor = join(dir, 'backup.anchor.json');
    const atBackup = await head();
    const { anchor } = await advanceAnchor(chainedPool, backupAnchor, atBackup);
    await insertEvents(chainedPool, chainedSimulation.take(3), () => new Date());
    const { anchor: live } = await advanceAnchor(chainedPool, anchorEnv().IMS_CHAIN_ANCHOR_PATH, await head());

    const matched = await runCli(['verify-chain'], anchorEnv());
    expect(matched.code).toBe(0);
    expect(matched.stdout).toContain(
      `the log holds every event anchored: the anchor records position ${live!.position} with digest ${live!.digest} (43 events`,
    );

    await chainedPool.query('SET session_replication_role = replica');
    await chainedPool.query('DELETE FROM events WHERE position > $1', [atBackup]);
    await chainedPool.query('SET session_replication_role = DEFAULT');
    const cut = await runCli(['verify-chain'], anchorEnv());
    expect(cut.code).toBe(1);
    expect(cut.stdout).toContain('hash chain intact: 40 events');
    expect(cut.stdout).toContain(
      `NOT MATCHED: the log ends at position ${atBackup} but the anchor records position ${live!.position} with digest ${live!.digest} ` +
        `(43 events, written ${live!.writtenAt}): 3 events are missing`,
    );

    const adopted = await runCli(['verify-chain', '--anchor', backupAnchor, '--adopt'], anchorEnv());
    expect(adopted.code).toBe(0);
    expect(adopted.stdout).toContain(`with digest ${anchor!.digest} (40 events`);
    expect(adopted.stdout).toContain(`adopted: ${anchorEnv().IMS_CHAIN_ANCHOR_PATH} now holds this anchor`);
    expect(await readAnchor(anchorEnv().IMS_CHAIN_ANCHOR_PATH)).toEqual(anchor);
    expect((await runCli(['verify-chain'], anchorEnv())).code).toBe(0);
  });

  it.each([
    [['verify-chain', '--adopt'], /^error: --adopt needs --anchor <file>/m],
    [['verify-chain', '--anchor', '/nowhere/anchor.json'], /^error: no anchor file at \/nowhere\/anchor\.json$/m],
  ])('refuses %j with exit 2', async (args, message) => {
    const run = await runCli(args, anchorEnv());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});

describe('npm run ops -- verify checks the read models and the hash chain', () => {
  let checked: TestDatabase;
  let checkedPool: Pool;
  let dir: string;
  const anchored = (file: string) => ({ DATABASE_URL: checked.url, IMS_CHAIN_ANCHOR_PATH: join(dir, file) });

  beforeAll(async () => {
    checked = await createTestDatabase();
    checkedPool = createPool(checked.url, { max: 2 });
    dir = await mkdtemp(join(tmpdir(), 'ims-ops-verify-'));
  });

  afterAll(async () => {
    await checkedPool.end();
    await checked.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('exit 1 naming the chain when the log was cut short of its anchor, naming the read models when a row is forged', async () => {
    const events = new InventorySimulation(5, { seed: 13 });
    await insertEvents(checkedPool, events.take(20), (n) => new Date(Date.now() - 3_600_000 + n * 1000));
    await advanceAnchor(checkedPool, join(dir, 'whole.json'), 20);
    // The tail goes before the projections see it: the read models stay a fold of the events left.
    await insertEvents(checkedPool, events.take(3), () => new Date());
    await advanceAnchor(checkedPool, join(dir, 'ahead.json'), 23);
    await checkedPool.query('SET session_replication_role = replica');
    await checkedPool.query('DELETE FROM events WHERE position > 20');
    await checkedPool.query('SET session_replication_role = DEFAULT');
    await drain(
      checkedPool,
      ALL_PROJECTIONS.map((projection) => new Projector(checkedPool, projection, undefined)),
    );

    const cut = await runCli(['verify'], anchored('ahead.json'));
    expect(cut.code).toBe(1);
    expect(cut.stdout).toContain('the read models equal a fold of the events');
    expect(cut.stdout).toContain(`anchor ${join(dir, 'ahead.json')} NOT MATCHED: the log ends at position 20`);
    expect(cut.stdout).toMatch(/^verification FAILED: the hash chain$/m);
    const json = JSON.parse((await runCli(['verify', '--json'], anchored('ahead.json'))).stdout) as {
      differenceCount: number;
      chain: { ok: boolean };
    };
    expect(json).toMatchObject({ differenceCount: 0, chain: { ok: false } });

    const whole = await runCli(['verify'], anchored('whole.json'));
    expect(whole.code).toBe(0);
    expect(whole.stdout).toContain('hash chain intact: 20 events, every hash recomputed');
    expect(whole.stdout).toMatch(/^verified: the read models and the hash chain$/m);

    await checkedPool.query(`UPDATE read_items SET name = 'forged' WHERE id = (SELECT id FROM read_items ORDER BY sku LIMIT 1)`);
    const forged = await runCli(['verify'], anchored('whole.json'));
    expect(forged.code).toBe(1);
    expect(forged.stdout).toContain('1 differences: the read models do not match the events');
    expect(forged.stdout).toMatch(/^verification FAILED: the read models$/m);
    const both = await runCli(['verify'], anchored('ahead.json'));
    expect(both.stdout).toMatch(/^verification FAILED: the read models and the hash chain$/m);
  });
});

describe('npm run ops on the embedded database (IMS_DATA_DIR)', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ims-ops-embedded-'));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const postmasterPid = async () =>
    existsSync(join(dataDir, 'postgres', 'postmaster.pid'))
      ? (await readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]
      : undefined;

  it('connects to the server the app runs on that directory instead of starting a second one, and leaves it running', async () => {
    const server = await startEmbeddedPostgres({ dataDir });
    try {
      await migrateToLatest(server.url);
      const pid = await postmasterPid();
      const run = await runCli(['status'], { IMS_DATA_DIR: dataDir });
      expect(run.code).toBe(0);
      expect(run.stderr).toContain(`connected to the embedded PostgreSQL running on port ${server.port} (pid ${pid})`);
      expect(await postmasterPid()).toBe(pid);
      const client = createPool(server.url, { max: 1 });
      await expect(client.query('SELECT 1')).resolves.toBeDefined();
      await client.end();
    } finally {
      await server.stop();
    }
  });

  it('starts the embedded server itself when none runs, and stops it when done', async () => {
    expect(await postmasterPid()).toBeUndefined();
    const run = await runCli(['status'], { IMS_DATA_DIR: dataDir });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('(started for this command)');
    expect(run.stdout).toContain('events       0, head position 0');
    expect(await postmasterPid()).toBeUndefined();
  });
});
