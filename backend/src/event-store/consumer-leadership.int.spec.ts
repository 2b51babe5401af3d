import { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database';
import { ConsumerLeadership, type LedConsumer } from './consumer-leadership';

/** The leader's lock in pg_locks: a session advisory lock held in this test's database. */
const LEADER_LOCK =
  "locktype = 'advisory' AND granted AND mode = 'ExclusiveLock' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";

let database: TestDatabase;
let pool: Pool;
const leaderships: ConsumerLeadership[] = [];

beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
  pool = new Pool({ connectionString: database.url, max: 2 });
});

afterEach(async () => {
  await Promise.all(leaderships.splice(0).map((leadership) => leadership.close()));
});

afterAll(async () => {
  await pool.end();
  await database.drop();
});

/** A consumer that records whether it runs. */
function consumer(): LedConsumer & { running: boolean; starts: number; stops: number } {
  const state = {
    running: false,
    starts: 0,
    stops: 0,
    start() {
      state.running = true;
      state.starts += 1;
    },
    stop() {
      state.running = false;
      state.stops += 1;
      return Promise.resolve();
    },
  };
  return state;
}

async function replica(url = database.url): Promise<{ leadership: ConsumerLeadership; consumer: ReturnType<typeof consumer> }> {
  const leadership = new ConsumerLeadership(url, 50);
  leaderships.push(leadership);
  const led = consumer();
  await leadership.start();
  leadership.lead(led);
  return { leadership, consumer: led };
}

describe('consumer leadership', () => {
  it('runs the consumers in one replica of a database; the next takes over when that one stops', async () => {
    const first = await replica();
    const second = await replica();
    expect([first.consumer.running, second.consumer.running]).toEqual([true, false]);
    expect([first.leadership.isLeading, second.leadership.isLeading]).toEqual([true, false]);

    await first.leadership.close();
    expect(first.consumer.running).toBe(false);
    await expect.poll(() => second.consumer.running, { timeout: 10_000 }).toBe(true);
    expect(second.consumer.starts).toBe(1);
  });

  it('stops the consumers of a replica whose session is cut, and a replica leads again', async () => {
    const first = await replica();
    const second = await replica();
    await pool.query(`SELECT pg_terminate_backend(pid) FROM pg_locks WHERE ${LEADER_LOCK}`);

    // It may lead again at once (its next try can be the first): what counts is that it stopped.
    await expect.poll(() => first.consumer.stops, { timeout: 10_000 }).toBe(1);
    await expect.poll(() => [first, second].filter((each) => each.consumer.running).length, { timeout: 10_000 }).toBe(1);
    const leaders = await pool.query(`SELECT count(*)::int AS count FROM pg_locks WHERE ${LEADER_LOCK}`);
    expect(leaders.rows[0]).toEqual({ count: 1 });
  });

  it('gives each database a leader of its own', async () => {
    const other = await createTestDatabase({ migrate: false });
    try {
      const here = await replica();
      const there = await replica(other.url);
      expect([here.consumer.running, there.consumer.running]).toEqual([true, true]);
    } finally {
      await Promise.all(leaderships.splice(0).map((leadership) => leadership.close()));
      await other.drop();
    }
  });

  it('does not lead, and fails nothing, while the database refuses connections', async () => {
    const closedPort = new URL(database.url);
    closedPort.port = '1';
    const refused = new ConsumerLeadership(closedPort.toString(), 50);
    leaderships.push(refused);
    await refused.start();
    expect(refused.isLeading).toBe(false);
  });
});
