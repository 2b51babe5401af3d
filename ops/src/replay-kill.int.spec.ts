import type { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../test/test-database';
import { createPool } from '../../backend/src/database/pool';
import { ALL_PROJECTIONS } from '../../backend/src/all-projections';
import { Projector } from '../../backend/src/projections/projector';
import { drain } from '../../backend/src/projections/testing/drain';
import { InventorySimulation, insertEvents } from '../../backend/src/inventory/testing/inventory-simulation';
import { verifyReadModels } from '../../backend/src/projections/verify/verify-read-models';
import { runCli, type KillPlan } from './testing/run-cli';

let database: TestDatabase;
let pool: Pool;

beforeAll(async () => {
  database = await createTestDatabase();
  pool = createPool(database.url, { max: 10 });
  const start = Date.now() - 30 * 86_400_000;
  const simulation = new InventorySimulation(200, { seed: 11, archiveRate: 0.001, editRate: 0.05 });
  await insertEvents(pool, simulation.take(15_000), (n) => new Date(start + n * 60_000));
  await drain(
    pool,
    ALL_PROJECTIONS.map((projection) => new Projector(pool, projection, undefined)),
  );
});

afterAll(async () => {
  await pool.end();
  await database.drop();
});

/** Every row of both read models, in a stable order: equal fingerprints, equal tables. */
const fingerprint = async () => {
  const { rows } = await pool.query<{ items: string; history: string }>(
    `SELECT (SELECT md5(string_agg(t::text, '|' ORDER BY id)) FROM read_items t) AS items,
            (SELECT md5(string_agg(t::text, '|' ORDER BY position)) FROM read_item_history t) AS history`,
  );
  return rows[0]!;
};

const shadowState = async () => {
  const { rows } = await pool.query<{ checkpoints: number; tables: number }>(
    `SELECT (SELECT count(*)::int FROM checkpoints WHERE name LIKE '%.replay') AS checkpoints,
            (SELECT count(*)::int FROM pg_tables WHERE tablename LIKE '%__replay') AS tables`,
  );
  return rows[0]!;
};

const indexes = async () =>
  (await pool.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE tablename LIKE 'read_item%' ORDER BY 1`)).rows.map(
    (row) => row.indexname,
  );

/** mulberry32, so a failing run can be repeated with its seed. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

describe('ops replay killed with SIGKILL', () => {
  it('resumes after each kill and ends with read models identical to a clean run', async () => {
    const env = { DATABASE_URL: database.url };
    const live = await fingerprint();
    const indexesBefore = await indexes();

    // The two read models fingerprinted here: another projection's phases (the locations', with nothing to
    // rebuild, run through every phase at once) would set the kill plans off before these have begun.
    const rebuilt = ['items', 'history'];
    const clean = await runCli(['replay', ...rebuilt, '--batch-size', '400', '--no-verify'], env);
    expect(clean.code).toBe(0);
    const cleanRun = await fingerprint();
    expect(cleanRun).toEqual(live);

    // Kills in the copy land within its first half, however fast this machine rebuilds.
    const rebuildMs = Number(/rebuilt from \d+ events in ([\d.]+) s/.exec(clean.stdout)?.[1] ?? 1) * 1000;
    const seed = Date.now() % 100_000;
    const next = random(seed);
    const plans: KillPlan[] = [
      { when: 'copying', afterMs: rebuildMs * (0.1 + next() * 0.4) },
      { when: 'copying', afterMs: rebuildMs * next() * 0.4 },
      { when: 'indexing', afterMs: next() * 100 },
      { when: 'catching up', afterMs: next() * 50 },
      { when: 'swapping', afterMs: next() * 20 },
    ];
    const runs = [];
    const shadowPositions: (number | null)[] = [];
    for (const plan of plans) {
      runs.push(await runCli(['replay', ...rebuilt, '--batch-size', '400', '--no-verify'], env, plan));
      const { rows } = await pool.query<{ position: number }>(`SELECT position FROM checkpoints WHERE name = 'projection.history.replay'`);
      shadowPositions.push(rows[0]?.position ?? null);
    }
    // Each kill keeps what its committed batches built: the rebuild's checkpoint never goes back
    // while one rebuild is resumed. A run the kill came too late for swaps its rebuild in and leaves
    // no shadow (null): the next run starts a new rebuild from the beginning.
    const rebuilds = shadowPositions
      .reduce<number[][]>(
        (groups, position) => (position === null ? [...groups, []] : [...groups.slice(0, -1), [...groups.at(-1)!, position]]),
        [[]],
      )
      .filter((positions) => positions.length > 0);
    expect(Math.max(...rebuilds.flat()), `seed ${seed}`).toBeGreaterThan(0);
    for (const kept of rebuilds) expect(kept, `seed ${seed}`).toEqual([...kept].sort((a, b) => a - b));
    const killed = runs.filter((run) => run.signal === 'SIGKILL');
    expect(killed.length, `seed ${seed}`).toBeGreaterThanOrEqual(3);

    const final = await runCli(['replay', '--batch-size', '400'], env);
    expect(final.stderr).not.toMatch(/error/);
    expect(final.code, final.stdout).toBe(0);
    const resumedRuns = [...runs, final].filter((run) => run.stdout.includes('resumed and rebuilt'));
    expect(resumedRuns.length, `seed ${seed}`).toBeGreaterThan(0);

    expect(await fingerprint()).toEqual(cleanRun);
    expect(await shadowState()).toEqual({ checkpoints: 0, tables: 0 });
    expect(await indexes()).toEqual(indexesBefore);
    expect((await verifyReadModels(pool, ALL_PROJECTIONS)).differenceCount).toBe(0);
  });
});
