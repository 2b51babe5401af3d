import type { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../../../test/test-database';
import { ALL_PROJECTIONS } from '../../../all-projections';
import { createPool } from '../../../database/pool';
import { Projector } from '../../../projections';
import { drain } from '../../../projections/testing/drain';
import { HistoryReadModel } from '../../read-models/history/history-read-model';
import { InventorySimulation, insertEvents, type SimulatedEvent } from '../../testing/inventory-simulation';
import { ExportStockMovementsQuery } from '../impl/export-stock-movements.query';
import type { StockMovementFilter } from '../impl/list-stock-movements.query';
import { ExportStockMovementsHandler } from './export-stock-movements.handler';

let database: TestDatabase;
let pool: Pool;
let handler: ExportStockMovementsHandler;
let events: SimulatedEvent[];
const START = Date.parse('2026-01-01T00:00:00.000Z');
/** Strictly increasing, so newest first is the reverse of the order written. */
const timeOf = (n: number) => new Date(START + n * 1000);

beforeAll(async () => {
  database = await createTestDatabase();
  pool = createPool(database.url, { max: 5 });
  events = new InventorySimulation(12, { seed: 8, archiveRate: 0.001, editRate: 0.05 }).take(2600);
  await insertEvents(pool, events, timeOf);
  await drain(
    pool,
    ALL_PROJECTIONS.map((projection) => new Projector(pool, projection, undefined)),
  );
  handler = new ExportStockMovementsHandler(new HistoryReadModel(pool));
});

afterAll(async () => {
  await pool.end();
  await database.drop();
});

/** The movement ids the written events say match, newest first. */
function expected(matches: (data: { itemId: string; type: string }, n: number) => boolean): string[] {
  return events.flatMap(({ event }, n) => (event.type === 'StockMoved' && matches(event.data, n) ? [event.data.movementId] : [])).reverse();
}

async function exported(filter: StockMovementFilter): Promise<string[]> {
  const ids: string[] = [];
  for await (const movement of await handler.execute(new ExportStockMovementsQuery(filter))) ids.push(movement.id);
  return ids;
}

describe('ExportStockMovementsHandler', () => {
  it('reads every matching movement, page after page, newest first and each once', async () => {
    const all = expected(() => true);
    expect(all.length).toBeGreaterThan(2000);
    expect(await exported({})).toEqual(all);
  });

  it('keeps the filters across pages', async () => {
    const itemId = events.find(({ event }) => event.type === 'StockMoved')!.event.data.itemId;
    const [from, to] = [timeOf(300), timeOf(2200)];
    expect(await exported({ type: 'OUT', from, to })).toEqual(expected((data, n) => data.type === 'OUT' && n >= 300 && n < 2200));
    expect(await exported({ itemId })).toEqual(expected((data) => data.itemId === itemId));
  });
});
