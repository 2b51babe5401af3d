import type { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database';
import { createPool } from '../database/pool';
import { consumeNextBatch, ensureCheckpoint } from './checkpointed-batch';
import { EventStore } from './event-store';
import { StoreNotifications } from './store-notifications';
import type { StoredEvent } from './stored-event';
import { Subscription } from './subscription';

let database: TestDatabase;
let pool: Pool;
let store: EventStore;

beforeAll(async () => {
  database = await createTestDatabase();
  pool = createPool(database.url);
  store = new EventStore(pool);
});

afterAll(async () => {
  await pool.end();
  await database.drop();
});

const append = (streamId: string) => store.append({ streamId, expectedVersion: 0, events: [{ type: 'Happened', data: {} }] });

/** A consumer that records what it applies, in its own table, in the batch transaction. */
async function recordingConsumer(name: string) {
  await ensureCheckpoint(pool, name);
  await pool.query(`CREATE TABLE IF NOT EXISTS applied_${name} (position bigint PRIMARY KEY)`);
  const seen: StoredEvent[] = [];
  const step = async () => {
    const result = await consumeNextBatch(pool, store, name, 100, async (events, tx) => {
      await tx.query(`INSERT INTO applied_${name} SELECT unnest($1::bigint[])`, [events.map((e) => e.position)]);
      seen.push(...events);
    });
    return result.processed;
  };
  return { step, seen };
}

describe('subscriptions', () => {
  it('wake on a notification rather than the poll', async () => {
    const notifications = new StoreNotifications(database.url);
    await notifications.start();
    const consumer = await recordingConsumer('notified');
    const subscription = new Subscription(consumer.step, notifications, { pollMs: 60_000 });
    subscription.start();
    await append('notified-1');
    await expect.poll(() => consumer.seen.map((e) => e.streamId), { timeout: 10_000 }).toContain('notified-1');
    await subscription.stop();
    await notifications.close();
  });

  it('catch up with what was appended while the listener connection was killed', async () => {
    const notifications = new StoreNotifications(`${database.url}?application_name=ims-listener-under-test`);
    await notifications.start();
    const consumer = await recordingConsumer('killed');
    const subscription = new Subscription(consumer.step, notifications, { pollMs: 60_000 });
    subscription.start();
    const mine = () => consumer.seen.filter((e) => /^(before-kill|while-down)/.test(e.streamId)).length;
    await append('before-kill');
    await expect.poll(mine, { timeout: 10_000 }).toBe(1);

    await pool.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'ims-listener-under-test'`,
    );
    for (let n = 0; n < 5; n += 1) await append(`while-down-${n}`);

    await expect.poll(mine, { timeout: 20_000 }).toBe(6);
    expect(notifications.connectionCount).toBe(2);
    expect(notifications.isConnected).toBe(true);
    await subscription.stop();
    await notifications.close();
  });

  it('apply each event exactly once when two instances consume under one name', async () => {
    const first = await recordingConsumer('shared');
    const second = await recordingConsumer('shared');
    const writes = Array.from({ length: 300 }, (_, n) => append(`shared-${n}`));
    const racing = [first, second].map(async (consumer) => {
      for (let idle = 0; idle < 20; ) idle = (await consumer.step()) > 0 ? 0 : idle + 1;
    });
    await Promise.all(writes);
    await Promise.all(racing);
    for (let idle = 0; idle < 5; ) idle = (await first.step()) > 0 ? 0 : idle + 1;
    const all = [...first.seen, ...second.seen].filter((e) => e.streamId.startsWith('shared-'));
    expect(all).toHaveLength(300);
    expect(new Set(all.map((e) => e.position)).size).toBe(300);
  });

  it('keep running after a step throws', async () => {
    let calls = 0;
    const errors: unknown[] = [];
    const subscription = new Subscription(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('projection bug');
        return 0;
      },
      undefined,
      { pollMs: 10, onError: (error) => errors.push(error) },
    );
    subscription.start();
    await expect.poll(() => calls, { timeout: 5_000 }).toBeGreaterThan(3);
    await subscription.stop();
    expect(errors).toHaveLength(1);
  });
});
