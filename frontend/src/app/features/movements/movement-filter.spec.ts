import type { StockMovement } from '../../core/api/models';
import { aListedMovement } from '../../../testing/movements';
import { filterFromParams, filterToParams, matchesFilter, movementQuery } from './movement-filter';

const movement = (overrides: Partial<StockMovement> = {}) =>
  aListedMovement({ itemId: 'a', at: new Date(2026, 11, 3, 9, 30).toISOString(), ...overrides });

describe('movement filter', () => {
  it('reads the URL it writes, and drops what the page could not have written', () => {
    const filter = { itemId: 'a', locationId: 'van', type: 'OUT', userId: 'sam-id', from: '2026-12-01', to: '2026-12-03' } as const;
    expect(filterFromParams(filterToParams(filter))).toEqual(filter);
    expect(filterFromParams({ type: 'SELL', from: 'yesterday', to: '2026-13-45', itemId: '' })).toEqual({});
    expect(filterFromParams({ type: 'TRANSFER' })).toEqual({ type: 'TRANSFER' });
  });

  it('clears in the URL what the filter no longer holds', () => {
    expect(filterToParams({ type: 'IN' })).toEqual({ itemId: null, locationId: null, type: 'IN', userId: null, from: null, to: null });
  });

  it('asks the API from the local midnight of the first day to the midnight after the last', () => {
    expect(movementQuery({ from: '2026-12-01', to: '2026-12-03' })).toEqual({
      itemId: undefined,
      locationId: undefined,
      type: undefined,
      userId: undefined,
      from: new Date(2026, 11, 1).toISOString(),
      to: new Date(2026, 11, 4).toISOString(),
    });
  });

  it('tells which live movements belong in the list', () => {
    expect(matchesFilter(movement(), { itemId: 'a', type: 'IN', userId: 'sam-id', from: '2026-12-03', to: '2026-12-03' })).toBe(true);
    expect(matchesFilter(movement(), { itemId: 'b' })).toBe(false);
    expect(matchesFilter(movement({ locationId: 'van' }), { locationId: 'van' })).toBe(true);
    expect(matchesFilter(movement(), { locationId: 'van' })).toBe(false);
    expect(matchesFilter(movement({ type: 'TRANSFER', toLocationId: 'van' }), { locationId: 'van', type: 'TRANSFER' })).toBe(true);
    expect(matchesFilter(movement(), { type: 'OUT' })).toBe(false);
    expect(matchesFilter(movement(), { userId: 'maria-id' })).toBe(false);
    expect(matchesFilter(movement({ user: null }), { userId: 'sam-id' })).toBe(false);
    expect(matchesFilter(movement(), { from: '2026-12-04' })).toBe(false);
    expect(matchesFilter(movement(), { to: '2026-12-02' })).toBe(false);
  });
});
