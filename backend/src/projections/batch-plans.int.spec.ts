import type { PoolClient, QueryResultRow } from 'pg';
import { storeFixture } from '../../../test/store-fixture';
import { ALL_PROJECTIONS } from '../all-projections';
import type { FinalStatements } from '../database';
import { inventoryFeedSource } from '../inventory/read-models/inventory-feed-source';
import { InventorySimulation, insertEvents } from '../inventory/testing/inventory-simulation';
import { inRangeOfAppliedTypes, LIVE_TABLES, rangeParameters, type EventRange } from './projection';

const fixture = storeFixture();
let range: EventRange;

/**
 * Statements that keep the plan PostgreSQL settles on for each statement they are given (the
 * generic plan a prepared statement reuses, for any range) and then run it, in `client`'s transaction.
 */
function planning(client: PoolClient): { statements: FinalStatements; plans: string[] } {
  const plans: string[] = [];
  let prepared = 0;
  const run = async <Row extends QueryResultRow>(text: string, values: unknown[] = []) => {
    // Named apart: a projection may send statements side by side.
    const name = `planned_${(prepared += 1)}`;
    await client.query(`PREPARE ${name} AS ${text}`);
    const literals = values.map((value) => client.escapeLiteral(String(value))).join(', ');
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE ${name}${literals ? `(${literals})` : ''}`);
    plans.push(rows.map((row) => row['QUERY PLAN']).join('\n'));
    return client.query<Row>(text, values);
  };
  return { statements: { query: run, last: run }, plans };
}

beforeAll(async () => {
  const pool = fixture.pool;
  // As on a new install, after a restore, or while the log grows faster than autovacuum analyses it.
  await pool.query('ALTER TABLE events SET (autovacuum_enabled = false)');
  const simulation = new InventorySimulation(200, {
    seed: 11,
    editRate: 0.1,
    locations: ['00000000-0000-4000-8000-00000000b001'],
    transferRate: 0.2,
  });
  const events = simulation.take(20_000);
  const at = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 1000);
  await insertEvents(pool, events.slice(0, -20), at);
  await insertEvents(pool, events.slice(-20), at, events.length - 20);
  const { rows } = await pool.query<{ transaction_id: string; position: number }>(
    `SELECT transaction_id::text, max(position) AS position FROM events GROUP BY transaction_id ORDER BY transaction_id DESC LIMIT 2`,
  );
  const [last, before] = rows;
  if (!last || !before) throw new Error('the log has two transactions');
  range = {
    after: { transactionId: before.transaction_id, position: before.position },
    upTo: { transactionId: last.transaction_id, position: last.position },
  };
}, 60_000);

/** The plans of what `work` runs through `statements`, in a transaction that is rolled back. */
async function plansOf(work: (statements: FinalStatements) => Promise<unknown>): Promise<string[]> {
  const client = await fixture.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL plan_cache_mode = force_generic_plan');
    const { statements, plans } = planning(client);
    await work(statements);
    return plans;
  } finally {
    await client.query('ROLLBACK');
    await client.query('DEALLOCATE ALL');
    client.release();
  }
}

describe('a batch in a long log the planner has no statistics of', () => {
  it.each(ALL_PROJECTIONS.map((projection) => [projection.name, projection] as const))(
    "finds the %s projection's events by their range, not among every event of their types",
    async (_name, projection) => {
      const plans = await plansOf((statements) =>
        projection.apply(
          {
            range,
            events: inRangeOfAppliedTypes(projection.handles),
            parameters: rangeParameters(range),
            tables: LIVE_TABLES,
            announce: true,
          },
          statements,
        ),
      );
      expect(plans.length).toBeGreaterThan(0);
      for (const plan of plans) {
        expect(plan).not.toMatch(/events_type_position/);
        expect(plan).not.toMatch(/Seq Scan on events/);
      }
      expect(plans.join('\n')).toMatch(/events_transaction_order/);
    },
  );

  it("finds the live feed's movements by their range", async () => {
    const plans = await plansOf((statements) => inventoryFeedSource.read(range, statements));
    expect(plans).toHaveLength(1);
    expect(plans[0]).not.toMatch(/events_type_position/);
    expect(plans[0]).toMatch(/events_transaction_order/);
  });
});
