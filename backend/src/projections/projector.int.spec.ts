import { Client, type Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database';
import { createPool } from '../database/pool';
import { EventStore } from '../event-store/event-store';
import { EVENTS_CHANNEL, StoreNotifications } from '../event-store/store-notifications';
import { ALL_PROJECTIONS } from '../all-projections';
import { HistoryReadModel } from '../inventory/read-models/history/history-read-model';
import { ItemReadModel } from '../inventory/read-models/items/item-read-model';
import { HistoryProjected, ItemsProjected } from '../inventory/read-models/projected.events';
import { appendThroughStore, InventorySimulation, toRequest } from '../inventory/testing/inventory-simulation';
import { CHANGES_CHANNEL, parseChangesNotice, type ChangesNotice } from './changes-channel';
import { projectionConsumer, ProjectionFreshness } from './freshness/projection-freshness';
import { IN_RANGE, type Handles, type Projection } from './projection';
import { Projector } from './projector';
import { ProjectorGroup } from './projector-group';
import { drain } from './testing/drain';
import { verifyReadModels } from './verify/verify-read-models';

type Published = ItemsProjected | HistoryProjected;

let database: TestDatabase;
let pool: Pool;
let store: EventStore;
const simulation = new InventorySimulation(12, { seed: 7, archiveRate: 0.01, editRate: 0.1 });

beforeAll(async () => {
  database = await createTestDatabase();
  pool = createPool(database.url, { max: 30 });
  store = new EventStore(pool);
});

afterAll(async () => {
  await pool.end();
  await database.drop();
});

const projectorsOn = (on: Pool, notifications?: StoreNotifications, published: Published[] = []) =>
  ALL_PROJECTIONS.map(
    (projection) => new Projector(on, projection, notifications, { pollMs: 50, publish: (event) => published.push(event as Published) }),
  );

let writerSeed = 100;
/** Writers at once, each on items of its own (one item's versions must come in order). */
const concurrentWriters = (writers: number, events: number) =>
  Array.from({ length: writers }, () => appendThroughStore(store, new InventorySimulation(3, { seed: (writerSeed += 1) }).take(events)));

/** Every type of the log, applied: each projection names them all. */
const EVERY_TYPE: Handles = Object.fromEntries(Object.keys(ALL_PROJECTIONS[0].handles).map((type) => [type, 'apply']));

/** Records every position it applies in a table without a key, so a double application shows. */
async function recordingProjection(name: string): Promise<Projection> {
  await pool.query(`CREATE TABLE applied_${name} (position bigint NOT NULL)`);
  return {
    name,
    version: 1,
    handles: EVERY_TYPE,
    tables: [],
    async apply({ parameters }, transaction) {
      await transaction.query(`INSERT INTO applied_${name} SELECT e.position FROM events e WHERE ${IN_RANGE}`, parameters);
      return [];
    },
    verify: () => Promise.resolve(0),
    announcement: () => ({}),
  };
}

/** The projection, whose first `times` batches apply and then fail, as a bug would make them. */
function failingFirst(projection: Projection, times: number): Projection {
  let failures = times;
  return {
    ...projection,
    async apply(batch, transaction) {
      const changes = await projection.apply(batch, transaction);
      if (failures-- > 0) throw new Error('projection bug');
      return changes;
    },
  };
}

describe('live projectors', () => {
  it('keep the read models equal to a fold of the events', async () => {
    await Promise.all(concurrentWriters(4, 100));
    await appendThroughStore(store, simulation.take(200));
    await drain(pool, projectorsOn(pool));

    const verification = await verifyReadModels(pool, ALL_PROJECTIONS);
    expect(verification.differences).toEqual([]);
    expect(verification.checked.items).toBe(12 + 4 * 3);
    const { rows } = await pool.query<{ count: number }>(`SELECT count(*) AS count FROM events WHERE stream_id LIKE 'item-%'`);
    expect(verification.checked.history).toBe(rows[0]!.count);
  });

  it('apply each event exactly once when two instances share one database, each announcing only its own batches', async () => {
    const recorder = await recordingProjection('shared');
    const published: Published[] = [];
    const instances = [createPool(database.url, { max: 5 }), createPool(database.url, { max: 5 })];
    const notifications = instances.map(() => new StoreNotifications(database.url));
    await Promise.all(notifications.map((listener) => listener.start()));
    const projectors = instances.flatMap((instance, n) => [
      ...projectorsOn(instance, notifications[n], published),
      new Projector(instance, recorder, notifications[n], { pollMs: 50, batchSize: 7 }),
    ]);
    for (const projector of projectors) await projector.start();

    const appended = (await Promise.all(concurrentWriters(6, 40))).flat();
    await drain(pool, projectors);
    await Promise.all(projectors.map((projector) => projector.stop()));
    await Promise.all(notifications.map((listener) => listener.close()));
    await Promise.all(instances.map((instance) => instance.end()));

    const { rows } = await pool.query<{ applied: number; distinct: number; events: number }>(
      `SELECT count(*) AS applied, count(DISTINCT position) AS distinct, (SELECT count(*) FROM events) AS events FROM applied_shared`,
    );
    expect(rows[0]).toEqual({ applied: rows[0]!.events, distinct: rows[0]!.events, events: rows[0]!.events });
    const announced = published
      .filter((event) => event instanceof HistoryProjected)
      .flatMap((event) => event.changes.map((c) => c.position));
    expect(new Set(announced).size).toBe(announced.length);
    expect(announced).toEqual(expect.arrayContaining(appended));
    expect(projectors.filter((projector) => projector.stats.events > 0).length).toBeGreaterThan(ALL_PROJECTIONS.length);
    expect((await verifyReadModels(pool, ALL_PROJECTIONS)).differences).toEqual([]);
  });

  it('roll a failing batch back, count the error and retry it until it goes through', async () => {
    const flaky = failingFirst(await recordingProjection('flaky'), 2);
    const errors: unknown[] = [];
    const projector = new Projector(pool, flaky, undefined, { pollMs: 20, onError: (error) => errors.push(error) });
    await projector.start();
    await expect
      .poll(async () => (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM applied_flaky')).rows[0]!.n, { timeout: 15_000 })
      .toBeGreaterThan(0);
    await appendThroughStore(store, simulation.take(5));
    const { rows: events } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
    await expect
      .poll(async () => (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM applied_flaky')).rows[0]!.n, { timeout: 15_000 })
      .toBe(events[0]!.n);
    await projector.stop();

    expect(errors).toHaveLength(2);
    expect(projector.stats).toMatchObject({ errors: 2, lastError: 'projection bug' });
    const { rows } = await pool.query<{ n: number }>('SELECT count(DISTINCT position)::int AS n FROM applied_flaky');
    expect(rows[0]!.n).toBe(events[0]!.n);
  });

  it('announce a committed batch: a small NOTIFY on ims_changes and the changed rows on the EventBus', async () => {
    const listener = new Client({ connectionString: database.url });
    await listener.connect();
    const notices: ChangesNotice[] = [];
    const payloadSizes: number[] = [];
    listener.on('notification', (message) => {
      payloadSizes.push(Buffer.byteLength(message.payload ?? ''));
      const notice = parseChangesNotice(message.payload ?? '');
      if (notice) notices.push(notice);
    });
    await listener.query(`LISTEN ${CHANGES_CHANNEL}`);
    const published: Published[] = [];
    const projectors = projectorsOn(pool, undefined, published);
    await drain(pool, projectors);
    published.length = 0;

    const moves = simulation.take(30);
    await appendThroughStore(store, moves);
    await drain(pool, projectors);
    await expect.poll(() => new Set(notices.map((notice) => notice.projection)).size).toBe(ALL_PROJECTIONS.length);
    await listener.end();

    expect(Math.max(...payloadSizes)).toBeLessThan(8000);
    const itemChanges = published.filter((event) => event instanceof ItemsProjected).flatMap((event) => event.changes);
    expect(itemChanges).toHaveLength(30);
    const items = new ItemReadModel(pool);
    const lastChangeOf = new Map(itemChanges.map((change) => [change.itemId, change]));
    for (const [itemId, change] of lastChangeOf) expect(change.item).toEqual(await items.get(itemId));
    const last = moves.at(-1)!;
    const lastChange = itemChanges.at(-1)!;
    expect(lastChange.itemId).toBe(last.event.data.itemId);
    expect(lastChange.version).toBe(last.expectedVersion + 1);
  });

  it('re-apply events already applied without changing a row (the restore repair rewinds checkpoints)', async () => {
    await drain(pool, projectorsOn(pool));
    const snapshot = async () => ({
      items: (await pool.query('SELECT * FROM read_items ORDER BY id')).rows,
      history: (await pool.query('SELECT * FROM read_item_history ORDER BY position')).rows,
    });
    const before = await snapshot();
    await pool.query(`UPDATE checkpoints SET transaction_id = '0', position = 0 WHERE name LIKE 'projection.%'`);
    const published: Published[] = [];
    await drain(pool, projectorsOn(pool, undefined, published));
    expect(await snapshot()).toEqual(before);
    expect(published.flatMap((event): readonly unknown[] => event.changes)).toEqual([]);
  });
});

describe('a projector group', () => {
  const timing = { pollMs: 20, lingerAbove: 4, lingerMs: 5 };
  const applied = async (name: string) =>
    (await pool.query<{ n: number }>(`SELECT count(DISTINCT position)::int AS n FROM applied_${name}`)).rows[0]!.n;
  const eventCount = async () => (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows[0]!.n;

  it('applies every projection of a wake-up in one transaction', async () => {
    const [first, second] = [await recordingProjection('grouped_a'), await recordingProjection('grouped_b')];
    const transactions = (name: string) =>
      pool.query<{ n: number }>(`SELECT count(DISTINCT xmin::text)::int AS n FROM applied_${name}`).then(({ rows }) => rows[0]!.n);
    const group = new ProjectorGroup(
      pool,
      [new Projector(pool, first, undefined), new Projector(pool, second, undefined)],
      undefined,
      timing,
    );
    await group.prepare();
    group.start();
    await expect.poll(() => applied('grouped_b'), { timeout: 15_000 }).toBe(await eventCount());
    await group.stop();
    const { rows } = await pool.query<{ shared: boolean }>(
      'SELECT (SELECT array_agg(DISTINCT xmin::text ORDER BY xmin::text) FROM applied_grouped_a) = (SELECT array_agg(DISTINCT xmin::text ORDER BY xmin::text) FROM applied_grouped_b) AS shared',
    );
    expect(rows[0]!.shared).toBe(true);
    expect(await transactions('grouped_a')).toBeGreaterThan(0);
  });

  it("commits a movement's batch with the projections' last statements: two round trips, the projections of other events left alone", async () => {
    const own = createPool(database.url, { max: 2, applicationName: 'projector-group-under-test' });
    const group = new ProjectorGroup(
      own,
      ALL_PROJECTIONS.map((projection) => new Projector(own, projection, undefined)),
      undefined,
      timing,
    );
    try {
      await group.prepare();
      // A first movement on this connection prepares the projections' statements.
      for (const events of [simulation.take(3), simulation.take(1)]) {
        await appendThroughStore(store, events);
        while ((await group.step()).processed > 0);
      }
      await appendThroughStore(store, simulation.take(1));
      const query = vi.spyOn(Client.prototype, 'query');
      try {
        expect(await group.step()).toMatchObject({ processed: 1 });
        const sent = query.mock.contexts.flatMap((client, n) =>
          (client as { connectionParameters: { application_name: string } }).connectionParameters.application_name ===
          'projector-group-under-test'
            ? [query.mock.calls[n]![0]]
            : [],
        );
        // It opens (turns, ranges, types), then sends every statement of the projections that apply the event with the checkpoints' moves and COMMIT.
        expect(sent).toHaveLength(2);
        expect(sent[1]).toMatch(/EXECUTE ims_move_checkpoint.*COMMIT$/s);
        const executes = sent[1]!.match(/EXECUTE pims_/g) ?? [];
        // Items, history, stock and valuation: stock and valuation two statements each; locations and stocktakes none.
        expect(executes).toHaveLength(6);
      } finally {
        query.mockRestore();
      }
      expect((await verifyReadModels(pool, ALL_PROJECTIONS)).differences).toEqual([]);
    } finally {
      await own.end();
    }
  });

  it('lets the others go on while one projection fails, whose projector counts each retry until its batch goes through', async () => {
    const healthy = await recordingProjection('group_healthy');
    const flaky = failingFirst(await recordingProjection('group_flaky'), 3);
    const errors: unknown[] = [];
    const flakyProjector = new Projector(pool, flaky, undefined, { onError: (error) => errors.push(error) });
    const group = new ProjectorGroup(pool, [new Projector(pool, healthy, undefined), flakyProjector], undefined, timing);
    await group.prepare();
    group.start();
    await expect.poll(() => applied('group_healthy'), { timeout: 15_000 }).toBe(await eventCount());
    await appendThroughStore(store, simulation.take(3));
    await expect.poll(() => applied('group_flaky'), { timeout: 15_000 }).toBe(await eventCount());
    await expect.poll(() => applied('group_healthy'), { timeout: 15_000 }).toBe(await eventCount());
    await group.stop();
    // The group's batch fails first, then each retry runs the flaky batch alone, once: two of the three failures are its.
    expect(errors).toHaveLength(2);
    expect(flakyProjector.stats).toMatchObject({ lastError: 'projection bug' });
    expect(flakyProjector.stats.errors).toBe(errors.length);
  });
});

describe('read-your-writes', () => {
  it('waits until every projection has applied a position, and gives up after the bound when none runs', async () => {
    const notifications = new StoreNotifications(database.url);
    await notifications.start([EVENTS_CHANNEL, CHANGES_CHANNEL]);
    const freshness = new ProjectionFreshness(
      pool,
      ALL_PROJECTIONS.map((projection) => projectionConsumer(projection.name)),
    );
    notifications.on(CHANGES_CHANNEL, () => freshness.changed());
    const projectors = projectorsOn(pool, notifications);
    await drain(pool, projectors);

    const next = simulation.take(1)[0]!;
    const outcome = await store.append(toRequest(next));
    const position = outcome.status === 'appended' ? outcome.positions[0]! : 0;
    expect(await freshness.waitFor(position, 300)).toBe(false);

    for (const projector of projectors) await projector.start();
    expect(await freshness.waitFor(position, 2000)).toBe(true);
    expect((await new ItemReadModel(pool).get(next.event.data.itemId))?.version).toBe(next.expectedVersion + 1);
    const history = await new HistoryReadModel(pool).history(next.event.data.itemId, 1, undefined);
    expect(history.rows[0]?.position).toBe(position);
    await Promise.all(projectors.map((projector) => projector.stop()));
    await notifications.close();
  });
});
