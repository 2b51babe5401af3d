import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { callJson } from '../../test/json-api';
import { createTestDatabase, type TestDatabase } from '../../test/test-database';
import { ALL_PROJECTIONS } from '../../backend/src/all-projections';
import { createPool, freePort } from '../../backend/src/database';
import { Projector } from '../../backend/src/projections/projector';
import { drain } from '../../backend/src/projections/testing/drain';
import { verifyReadModels } from '../../backend/src/projections/verify/verify-read-models';
import type { StockMovedData, StockTransferredData } from '../../backend/src/inventory/domain/item-events';
import { startApp, untilServing, type AppRun } from '../restore-drill/app-process';
import { runCli } from './testing/run-cli';

/**
 * The built API (`node dist/backend/src/main.js`) killed with SIGKILL while 500 transfers are under
 * way: what it answered 201 is in the log, every transfer in the log is whole (one event, both legs),
 * the stock per location adds up, and a replay rebuilds the live read models exactly.
 */
const PASSWORD = 'transfer-kill-password-1';
const ITEMS = 10;
const TRANSFERS = 500;
const WORKERS = 64;

let database: TestDatabase;
let pool: Pool;
let dataDir: string;
const runs: AppRun[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  pool = createPool(database.url, { max: 5 });
  dataDir = await mkdtemp(join(tmpdir(), 'ims-transfer-kill-'));
});

afterAll(async () => {
  /* eslint-disable @typescript-eslint/no-unnecessary-condition -- unset when beforeAll failed early */
  await Promise.all(runs.map((run) => run.stop()));
  await pool?.end();
  await database?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  /* eslint-enable @typescript-eslint/no-unnecessary-condition */
});

async function startServer(): Promise<AppRun> {
  const run = startApp(dataDir, await freePort(), PASSWORD, {
    DATABASE_URL: database.url,
    JWT_SECRET: 'transfer-kill-secret-of-enough-length-0123',
  });
  runs.push(run);
  await untilServing(run);
  return run;
}

const post = <T>(run: AppRun, token: string | undefined, path: string, body: unknown) =>
  callJson<T>(`${run.baseUrl}${path}`, 'POST', { token, body });

async function created<T>(answer: Promise<{ status: number; body: T }>): Promise<T> {
  const { status, body } = await answer;
  if (status !== 201 && status !== 200) throw new Error(`answered ${status}: ${JSON.stringify(body)}`);
  return body;
}

/** Every row of the inventory's three read models, in a stable order: equal fingerprints, equal tables. */
const fingerprint = async () =>
  (
    await pool.query<{ items: string; history: string; stock: string }>(
      `SELECT (SELECT md5(string_agg(t::text, '|' ORDER BY id)) FROM read_items t) AS items,
              (SELECT md5(string_agg(t::text, '|' ORDER BY position)) FROM read_item_history t) AS history,
              (SELECT md5(string_agg(t::text, '|' ORDER BY item_id, location_id)) FROM read_item_stock t) AS stock`,
    )
  ).rows[0]!;

describe('the API killed with SIGKILL during 500 transfers', () => {
  it('leaves no half transfer, keeps every answered one, and replays to the same read models', async () => {
    const first = await startServer();
    const { accessToken: token } = await created(
      post<{ accessToken: string }>(first, undefined, '/api/auth/login', { username: 'manager', password: PASSWORD }),
    );
    const location = async (code: string) => (await created(post<{ id: string }>(first, token, '/api/locations', { code, name: code }))).id;
    const [a, b] = [await location('KILL-A'), await location('KILL-B')];
    const items: string[] = [];
    for (let n = 0; n < ITEMS; n += 1) {
      const item = await created(post<{ id: string }>(first, token, '/api/items', { sku: `KILL-${n}`, name: 'Crate' }));
      for (const locationId of [a, b])
        await created(post(first, token, '/api/stock-movements', { itemId: item.id, type: 'IN', quantity: 100, locationId }));
      items.push(item.id);
    }

    // Killed once a random share of the transfers has been answered, with up to 64 more in flight.
    const killAfter = 100 + Math.floor(Math.random() * 200);
    const answered: string[] = [];
    let sent = 0;
    let failed = 0;
    const worker = async () => {
      while (sent < TRANSFERS) {
        const n = sent++;
        // Each item goes A → B and B → A in turn, so that (almost) every transfer is accepted and the
        // answers reach killAfter: with one direction per item half are refused and the kill may never come.
        const forward = Math.floor(n / ITEMS) % 2 === 0;
        const body = { itemId: items[n % ITEMS], fromLocationId: forward ? a : b, toLocationId: forward ? b : a, quantity: 1 + (n % 7) };
        try {
          const answer = await post<{ transfer: { transferId: string } }>(first, token, '/api/transfers', body);
          if (answer.status === 201) answered.push(answer.body.transfer.transferId);
          if (answered.length === killAfter) void first.kill();
        } catch {
          failed += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));
    if (answered.length < killAfter) {
      await first.kill();
      throw new Error(`only ${answered.length} transfers were answered, short of the kill point ${killAfter}`);
    }
    await first.exited;
    expect(failed, `killed after ${killAfter} answers`).toBeGreaterThan(0);

    // The log: every answered transfer is there, each transfer is one event whose legs continue its stream's stock.
    const { rows } = await pool.query<{ stream_id: string; type: string; data: StockMovedData | StockTransferredData }>(
      `SELECT stream_id, type, data FROM events WHERE stream_id LIKE 'item-%' ORDER BY stream_id, stream_version`,
    );
    const transfers = rows.filter((row) => row.type === 'StockTransferred').map((row) => row.data as StockTransferredData);
    const logged = new Set(transfers.map((data) => data.transferId));
    expect(answered.filter((id) => !logged.has(id))).toEqual([]);
    expect(logged.size).toBe(transfers.length);
    const stock = new Map<string, number>();
    const key = (itemId: string, locationId: string) => `${itemId}/${locationId}`;
    for (const { type, data } of rows) {
      if (type === 'StockMoved') {
        const moved = data as StockMovedData;
        stock.set(
          key(moved.itemId, moved.locationId!),
          moved.quantityAfter - moved.quantityBefore + (stock.get(key(moved.itemId, moved.locationId!)) ?? 0),
        );
        continue;
      }
      if (type !== 'StockTransferred') continue;
      const transfer = data as StockTransferredData;
      const from = key(transfer.itemId, transfer.fromLocationId);
      const to = key(transfer.itemId, transfer.toLocationId);
      expect([transfer.fromBefore, transfer.toBefore]).toEqual([stock.get(from), stock.get(to)]);
      expect([transfer.fromAfter, transfer.toAfter]).toEqual([
        transfer.fromBefore - transfer.quantity,
        transfer.toBefore + transfer.quantity,
      ]);
      expect(Math.min(transfer.fromAfter, transfer.toAfter)).toBeGreaterThanOrEqual(0);
      stock.set(from, transfer.fromAfter);
      stock.set(to, transfer.toAfter);
    }
    for (const itemId of items) expect((stock.get(key(itemId, a)) ?? 0) + (stock.get(key(itemId, b)) ?? 0)).toBe(200);

    // The app starts again on what the crash left and carries on.
    const second = await startServer();
    const { accessToken } = await created(
      post<{ accessToken: string }>(second, undefined, '/api/auth/login', { username: 'manager', password: PASSWORD }),
    );
    // From where the first item has stock left: the killed run may have moved all of it to one side.
    const [fromLocationId, toLocationId] = (stock.get(key(items[0]!, a)) ?? 0) > 0 ? [a, b] : [b, a];
    const after = await post(second, accessToken, '/api/transfers', { itemId: items[0], fromLocationId, toLocationId, quantity: 1 });
    expect(after.status).toBe(201);
    await second.stop();

    await drain(
      pool,
      ALL_PROJECTIONS.map((projection) => new Projector(pool, projection, undefined)),
    );
    const live = await fingerprint();
    const perLocation = await pool.query<{ item_id: string; location_id: string; quantity: number }>(
      'SELECT item_id, location_id, quantity FROM read_item_stock WHERE location_id = ANY($1)',
      [[a, b]],
    );
    for (const itemId of items) {
      const at = (locationId: string) => perLocation.rows.find((row) => row.item_id === itemId && row.location_id === locationId)?.quantity;
      expect(at(a)! + at(b)!).toBe(200);
    }

    const replay = await runCli(['replay', 'items', 'history', 'stock', '--no-verify'], { DATABASE_URL: database.url });
    expect(replay.code, replay.stderr).toBe(0);
    expect(await fingerprint()).toEqual(live);
    expect((await verifyReadModels(pool, ALL_PROJECTIONS)).differenceCount).toBe(0);
  }, 300_000);
});
