import type { Pool } from 'pg';
import { storeFixture } from '../../../../test/store-fixture';
import { finalStatements } from '../../database';
import { readCheckpoint, START } from '../../event-store';
import { inRangeOfAppliedTypes, LIVE_TABLES, rangeParameters, type Projection } from '../../projections/projection';
import { liveCheckpoint, Projector } from '../../projections/projector';
import { drain } from '../../projections/testing/drain';
import { itemStreamId, type InventoryEvent } from '../domain/item-events';
import { itemsProjection } from './items/items.projection';
import { stockProjection } from './stock/stock.projection';

const fixture = storeFixture();

const ITEMS = ['d0d0d0d0-0000-4000-8000-0000000000a1', 'd0d0d0d0-0000-4000-8000-0000000000a2'];
const fields = (n: number) => ({
  sku: `HOT-${n}`,
  name: `Hot ${n}`,
  description: 'kept in place',
  unit: 'pcs',
  lowStockThreshold: 5,
  price: 2.5,
  reorderPoint: 10,
  reorderQuantity: 20,
  leadTimeDays: 3,
});
const received = (itemId: string, quantityBefore: number): InventoryEvent => ({
  type: 'StockMoved',
  data: {
    itemId,
    movementId: `${itemId.slice(0, -2)}${String(quantityBefore).padStart(2, '0')}`,
    type: 'IN',
    quantity: 1,
    quantityBefore,
    quantityAfter: quantityBefore + 1,
    reason: null,
    note: null,
  },
});
const metadata = { userId: '00000000-0000-4000-8000-000000000001', username: 'ada', correlationId: '00000000-0000-4000-8000-00000000d001' };

async function append(itemId: string, expectedVersion: number, events: readonly InventoryEvent[]): Promise<void> {
  const outcome = await fixture.store.append({
    streamId: itemStreamId(itemId),
    expectedVersion,
    events: events.map((event) => ({ ...event, metadata })),
  });
  expect(outcome.status).toBe('appended');
}

/** Rows of `table` updated in the current transaction, and how many of them in place (no index entry written). */
async function updates(db: Pick<Pool, 'query'>, table: string): Promise<{ updated: number; inPlace: number }> {
  const { rows } = await db.query<{ updated: number; in_place: number }>(
    `SELECT pg_stat_get_xact_tuples_updated($1::regclass)::int AS updated, pg_stat_get_xact_tuples_hot_updated($1::regclass)::int AS in_place`,
    [table],
  );
  return { updated: rows[0]!.updated, inPlace: rows[0]!.in_place };
}

describe('a movement that crosses no line (empty, low stock, reorder point)', () => {
  it("updates the item's row and its location's row in place, writing no index entry", async () => {
    const projections: readonly Projection[] = [itemsProjection, stockProjection];
    for (const [n, itemId] of ITEMS.entries()) {
      await append(itemId, 0, [
        { type: 'ItemChanged', data: { itemId, kind: 'created', before: null, after: fields(n), quantity: 50, reason: null } },
      ]);
    }
    await drain(
      fixture.pool,
      projections.map((projection) => new Projector(fixture.pool, projection, undefined)),
    );
    const after = (await readCheckpoint(fixture.pool, liveCheckpoint(itemsProjection.name))) ?? START;
    for (const itemId of ITEMS) await append(itemId, 1, [received(itemId, 50), received(itemId, 51), received(itemId, 52)]);
    const { rows } = await fixture.pool.query<{ transaction_id: string; position: number }>(
      'SELECT transaction_id::text, position FROM events ORDER BY transaction_id DESC, position DESC LIMIT 1',
    );
    const range = { after, upTo: { transactionId: rows[0]!.transaction_id, position: rows[0]!.position } };

    const client = await fixture.pool.connect();
    try {
      await client.query('BEGIN');
      for (const projection of projections) {
        await projection.apply(
          {
            range,
            events: inRangeOfAppliedTypes(projection.handles),
            parameters: rangeParameters(range),
            tables: LIVE_TABLES,
            announce: false,
          },
          finalStatements(client),
        );
      }
      const { rows: quantities } = await client.query<{ quantity: number }>(
        'SELECT quantity FROM read_items WHERE id = ANY($1) ORDER BY id',
        [ITEMS],
      );
      expect(quantities).toEqual([{ quantity: 53 }, { quantity: 53 }]);
      expect(await updates(client, 'read_items')).toEqual({ updated: 2, inPlace: 2 });
      expect(await updates(client, 'read_item_stock')).toEqual({ updated: 2, inPlace: 2 });
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
