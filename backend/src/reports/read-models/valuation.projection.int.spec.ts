import type { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../../test/test-database';
import { ALL_PROJECTIONS } from '../../all-projections';
import { createPool } from '../../database/pool';
import { evolve, initialItem, MAIN_LOCATION_ID, type Item } from '../../inventory';
import { InventorySimulation, insertEvents, type SimulatedEvent } from '../../inventory/testing/inventory-simulation';
import { Projector } from '../../projections';
import { replayProjections } from '../../projections/rebuild/replay';
import { drain } from '../../projections/testing/drain';
import { verifyReadModels } from '../../projections/verify/verify-read-models';
import type { Valuation } from '../domain/valuation';
import { ValuationReadModel } from './valuation-read-model';
import { valuationProjection } from './valuation.projection';

let database: TestDatabase;
let pool: Pool;
let events: SimulatedEvent[];
let valuations: ValuationReadModel;

const START = Date.parse('2026-03-01T00:00:00.000Z');
/** An event every ~17 minutes, irregularly, so the probes fall on, just after and between events. */
const timeOf = (n: number) => new Date(START + n * 1_003_000 + (n % 7) * 113);
const LOCATIONS = ['c0ffee00-0000-4000-8000-0000000000aa', 'c0ffee00-0000-4000-8000-0000000000bb'];
const COUNT = 2400;
/** Three past times: exactly at an event, a millisecond after one, and between two. */
const PROBES = [timeOf(700), new Date(timeOf(1500).getTime() + 1), new Date(timeOf(2300).getTime() + 400_000)];

/**
 * The stock worth at `at` by the domain's own fold of the event log up to `at`, per location and item:
 * the units each item had at each location, and the item's price then, in whole cents.
 */
function foldedValuation(at: Date, locationId?: string) {
  const items = new Map<string, Item>();
  events.forEach((simulated, n) => {
    if (timeOf(n) > at) return;
    const { itemId } = simulated.event.data;
    items.set(itemId, evolve(items.get(itemId) ?? initialItem(), simulated.event));
  });
  const lines = new Map<string, { quantity: number; price: number | null }>();
  for (const item of items.values()) {
    if (item.status === 'absent') continue;
    for (const [location, quantity] of Object.entries(item.stock)) {
      if (quantity === 0 || (locationId !== undefined && location !== locationId)) continue;
      lines.set(`${location}/${item.id}`, { quantity, price: item.fields.price });
    }
  }
  const cents = [...lines.values()].reduce(
    (sum, { quantity, price }) => sum + (price === null ? 0 : Math.round(price * 100) * quantity),
    0,
  );
  return { lines, value: cents / 100, units: [...lines.values()].reduce((sum, line) => sum + line.quantity, 0) };
}

/** The report's lines keyed as the fold keys them. */
const reportedLines = (valuation: Valuation) =>
  new Map(
    valuation.locations.flatMap((location) =>
      location.items.map((line) => [`${location.locationId}/${line.itemId}`, { quantity: line.quantity, price: line.price }] as const),
    ),
  );

const timelines = async () => ({
  stock: (await pool.query('SELECT * FROM read_stock_timeline ORDER BY item_id, location_id, version')).rows,
  prices: (await pool.query('SELECT * FROM read_price_timeline ORDER BY item_id, version')).rows,
});

beforeAll(async () => {
  database = await createTestDatabase();
  pool = createPool(database.url, { max: 5 });
  events = new InventorySimulation(14, { seed: 23, archiveRate: 0.001, editRate: 0.08, locations: LOCATIONS, transferRate: 0.3 }).take(
    COUNT,
  );
  await insertEvents(pool, events, timeOf);
  await drain(
    pool,
    ALL_PROJECTIONS.map((projection) => new Projector(pool, projection, undefined)),
  );
  valuations = new ValuationReadModel(pool);
});

afterAll(async () => {
  await pool.end();
  await database.drop();
});

describe('the valuation at a past time', () => {
  it('has price changes and transfers before each probe to go through', () => {
    for (const at of PROBES.slice(1)) {
      const before = events.filter((_, n) => timeOf(n) <= at).map(({ event }) => event);
      const repriced = before.filter(
        (event) => event.type === 'ItemChanged' && event.data.kind === 'updated' && event.data.before?.price !== event.data.after.price,
      );
      expect(repriced.length).toBeGreaterThan(5);
      expect(before.filter((event) => event.type === 'StockTransferred').length).toBeGreaterThan(50);
    }
  });

  it.each(PROBES.map((at) => [at.toISOString(), at] as const))(
    'equals a fold of the events up to %s, per location and item',
    async (_, at) => {
      const expected = foldedValuation(at);
      const valuation = await valuations.at(at, undefined);
      expect(reportedLines(valuation)).toEqual(expected.lines);
      expect(valuation.value).toBe(expected.value);
      expect(valuation.units).toBe(expected.units);
      expect(valuation.at).toBe(at.toISOString());
      for (const location of valuation.locations) {
        const folded = foldedValuation(at, location.locationId);
        expect(location.value).toBe(folded.value);
        expect(location.units).toBe(folded.units);
      }
      expect(new Set(valuation.locations.map(({ locationId }) => locationId))).toEqual(new Set([MAIN_LOCATION_ID, ...LOCATIONS]));
    },
  );

  it('answers one location alone, as the fold of that location', async () => {
    const at = PROBES[1]!;
    const expected = foldedValuation(at, LOCATIONS[0]);
    const valuation = await valuations.at(at, LOCATIONS[0]);
    expect(valuation.locations.map(({ locationId }) => locationId)).toEqual([LOCATIONS[0]]);
    expect(reportedLines(valuation)).toEqual(expected.lines);
    expect(valuation.value).toBe(expected.value);
  });

  it('is empty before the first event', async () => {
    const valuation = await valuations.at(new Date(START - 1), undefined);
    expect(valuation).toMatchObject({ units: 0, value: 0, locations: [] });
  });

  it('verifies against a fold of the events, and finds a row changed behind its back', async () => {
    expect((await verifyReadModels(pool, [valuationProjection])).differences).toEqual([]);
    const { rows } = await pool.query<{ item_id: string; version: number }>(
      'UPDATE read_price_timeline SET price = price + 1 WHERE (item_id, version) = (SELECT item_id, max(version) FROM read_price_timeline GROUP BY item_id LIMIT 1) AND price IS NOT NULL RETURNING item_id, version',
    );
    const differences = (await verifyReadModels(pool, [valuationProjection])).differences;
    expect(differences.map(({ key, field }) => `${key}.${field}`)).toEqual(rows.map((row) => `price/${row.item_id}/${row.version}.price`));
    await pool.query('UPDATE read_price_timeline SET price = price - 1 WHERE (item_id, version) = ($1, $2)', [
      rows[0]?.item_id,
      rows[0]?.version,
    ]);
  });

  it('is rebuilt by a replay to the same rows and the same figures', async () => {
    const before = await timelines();
    const figures = await Promise.all(PROBES.map((at) => valuations.at(at, undefined)));
    await pool.query('DELETE FROM read_stock_timeline WHERE version % 5 = 0');
    await replayProjections(pool, [valuationProjection]);
    expect(await timelines()).toEqual(before);
    expect(await Promise.all(PROBES.map((at) => valuations.at(at, undefined)))).toEqual(figures);
    expect((await verifyReadModels(pool, [valuationProjection])).differences).toEqual([]);
  });
});
