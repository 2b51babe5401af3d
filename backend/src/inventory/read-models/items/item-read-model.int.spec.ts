import { Client } from 'pg';
import { explaining } from '../../../../../test/explaining';
import { createTestDatabase, type TestDatabase } from '../../../../../test/test-database';
import { createPool } from '../../../database/pool';
import { Projector } from '../../../projections';
import { drain } from '../../../projections/testing/drain';
import { InventorySimulation, insertEvents } from '../../testing/inventory-simulation';
import { itemsProjection } from './items.projection';
import { ItemReadModel, type ItemSearch } from './item-read-model';

/**
 * Each page of the items list is a seek on an index a migration declares for it: at 100,000 items
 * a page that sorts every item is what the reads benchmark caught. With sequential scans priced out,
 * the plan of the query the read model issues must name that index, so a query that stops matching
 * its index (another spelling of the search text, another order) fails here, not in production.
 */

let database: TestDatabase;
let client: Client;
const simulation = new InventorySimulation(2000, { seed: 5 });

beforeAll(async () => {
  database = await createTestDatabase();
  const pool = createPool(database.url, { max: 2 });
  try {
    await insertEvents(pool, simulation.take(2000), (n) => new Date(Date.UTC(2026, 0, 1) + n * 1000));
    await drain(pool, [new Projector(pool, itemsProjection, undefined)]);
    await pool.query('ANALYZE read_items');
  } finally {
    await pool.end();
  }
  client = new Client({ connectionString: database.url });
  await client.connect();
  await client.query('SET enable_seqscan = off');
});

afterAll(async () => {
  await client.end();
  await database.drop();
});

/** The plan of the items query the read model issues for `search`, and the page it answered. */
async function planOf(search: Omit<ItemSearch, 'limit'>): Promise<{ plan: string; skus: string[] }> {
  const explained = explaining(client);
  const { items } = await new ItemReadModel(explained.pool).list({ ...search, limit: 50 });
  return { plan: explained.plan(), skus: items.map((item) => item.sku) };
}

describe('the items list at scale', () => {
  it.each([
    ['sku', 'read_items_sku'],
    ['-sku', 'read_items_sku'],
    ['name', 'read_items_name'],
    ['-name', 'read_items_name'],
  ] as const)('reads a first page sorted by %s in the order of %s', async (sort, index) => {
    expect((await planOf({ sort, lowStock: false, archived: false })).plan).toMatch(new RegExp(`Index Scan (Backward )?using ${index} `));
  });

  it('reads the archived items from their own index', async () => {
    expect((await planOf({ lowStock: false, archived: true })).plan).toMatch(/Index Scan using read_items_archived /);
  });

  it('reads the items low in total from their index, those low at a location from theirs', async () => {
    const { plan } = await planOf({ lowStock: true, archived: false });
    expect(plan).toMatch(/Index Scan using read_items_low_stock /);
    expect(plan).toMatch(/Index Only Scan using read_item_stock_low /);
  });

  it('reads whether an item has stock at a location from the index of stocked rows', async () => {
    const { plan } = await planOf({ locationId: '00000000-0000-4000-8000-00000000b001', lowStock: false, archived: false });
    expect(plan).toMatch(/(Scan using|Scan on) read_item_stock_location /);
  });

  // At 2,000 items walking the SKU order may cost less than the trigram index (at 100,000 it does
  // not): without plain index scans the plan shows whether the index can serve the search at all.
  it('searches through the trigram index, in any letter case, for a part of the SKU or of the name', async () => {
    await client.query('SET enable_indexscan = off');
    try {
      const bySku = await planOf({ search: 'ku-00123', lowStock: false, archived: false });
      expect(bySku.plan).toMatch(/Bitmap Index Scan on read_items_search/);
      expect(bySku.skus).toEqual(Array.from({ length: 10 }, (_, n) => `SKU-00123${n}`));
      const byName = await planOf({ search: 'TEM 1999', lowStock: false, archived: false });
      expect(byName.plan).toMatch(/Bitmap Index Scan on read_items_search/);
      expect(byName.skus).toEqual(['SKU-001999']);
    } finally {
      await client.query('RESET enable_indexscan');
    }
  });
});
