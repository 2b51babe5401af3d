import { Client } from 'pg';
import { consumeNextBatch, ensureCheckpoint } from './checkpointed-batch';
import { StoreNotifications } from './store-notifications';
import type { StoredEvent } from './stored-event';
import { Subscription } from './subscription';
import { storeFixture } from '../../../test/store-fixture';

const fixture = storeFixture();

const append = (streamId: string) => fixture.store.append({ streamId, expectedVersion: 0, events: [{ type: 'Happened', data: {} }] });

/** A consumer that records what it applies, in its own table, in the batch transaction. */
async function recordingConsumer(name: string) {
  await ensureCheckpoint(fixture.pool, name);
  await fixture.pool.query(`CREATE TABLE IF NOT EXISTS applied_${name} (position bigint PRIMARY KEY)`);
  const seen: StoredEvent[] = [];
  const step = () =>
    consumeNextBatch(fixture.pool, {
      name,
      limit: 100,
      streamPrefix: '',
      apply: async (events, tx) => {
        await tx.query(`INSERT INTO applied_${name} SELECT unnest($1::bigint[])`, [events.map((e) => e.position)]);
        seen.push(...events);
      },
    });
  return { step, seen };
}

describe('subscriptions', () => {
  it('wake on a notification rather than the poll', async () => {
    const notifications = new StoreNotifications(fixture.database.url);
    await notifications.start();
    const consumer = await recordingConsumer('notified');
    const subscription = new Subscription(consumer.step, notifications, { pollMs: 60_000 });
    subscription.start();
    await append('notified-1');
    await expect.poll(() => consumer.seen.map((e) => e.streamId), { timeout: 10_000 }).toContain('notified-1');
    await subscription.stop();
    await notifications.close();
  });

  it('look again soon for events held back by an older transaction that ends without a notification', async () => {
    const notifications = new StoreNotifications(fixture.database.url);
    await notifications.start();
    const consumer = await recordingConsumer('held');
    const subscription = new Subscription(consumer.step, notifications, { pollMs: 60_000 });
    subscription.start();
    const blocker = new Client({ connectionString: fixture.database.url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('SELECT pg_current_xact_id()');
    await append('held-1');
    // Woken by the append's notification, the consumer cannot read past the open transaction yet.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(consumer.seen.map((e) => e.streamId)).not.toContain('held-1');
    await blocker.query('COMMIT');
    await blocker.end();
    await expect.poll(() => consumer.seen.map((e) => e.streamId), { timeout: 10_000 }).toContain('held-1');
    await subscription.stop();
    await notifications.close();
  });

  it('catch up with what was appended while the listener connection was killed', async () => {
    const notifications = new StoreNotifications(`${fixture.database.url}?application_name=ims-listener-under-test`);
    await notifications.start();
    const consumer = await recordingConsumer('killed');
    const subscription = new Subscription(consumer.step, notifications, { pollMs: 60_000 });
    subscription.start();
    const mine = () => consumer.seen.filter((e) => /^(before-kill|while-down)/.test(e.streamId)).length;
    await append('before-kill');
    await expect.poll(mine, { timeout: 10_000 }).toBe(1);

    await fixture.pool.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'ims-listener-under-test'`);
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
      for (let idle = 0; idle < 20;) idle = (await consumer.step()).processed > 0 ? 0 : idle + 1;
    });
    await Promise.all(writes);
    await Promise.all(racing);
    for (let idle = 0; idle < 5;) idle = (await first.step()).processed > 0 ? 0 : idle + 1;
    const all = [...first.seen, ...second.seen].filter((e) => e.streamId.startsWith('shared-'));
    expect(all).toHaveLength(300);
    expect(new Set(all.map((e) => e.position)).size).toBe(300);
  });

  it('keep running after a step throws', async () => {
    let calls = 0;
    const errors: unknown[] = [];
    const subscription = new Subscription(
      () => {
        calls += 1;
        if (calls === 1) return Promise.reject(new Error('projection bug'));
        return Promise.resolve({ processed: 0, more: false, heldBack: false });
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
