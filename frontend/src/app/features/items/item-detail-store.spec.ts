import type { HistoryEntry } from '../../core/api/models';
import { anItem } from '../../../testing/session';
import { newerEntries, quantitySeries } from './item-detail-store';

const entry = (position: number, at: string, quantityAfter: number): HistoryEntry => ({
  position,
  type: 'IN',
  at,
  user: { id: 'u', username: 'sam' },
  before: null,
  after: null,
  quantityBefore: 0,
  quantityAfter,
  quantity: null,
  reason: null,
  note: null,
});

describe('item detail', () => {
  it('draws quantity over time oldest first and extends it to now', () => {
    const history = [entry(9, '2026-11-24T12:00:00Z', 7), entry(3, '2026-11-24T09:00:00Z', 10)];
    const now = Date.parse('2026-11-24T13:00:00Z');
    expect(quantitySeries(history, anItem({ quantity: 7 }), now)).toEqual([
      { x: Date.parse('2026-11-24T09:00:00Z'), y: 10 },
      { x: Date.parse('2026-11-24T12:00:00Z'), y: 7 },
      { x: now, y: 7 },
    ]);
    expect(quantitySeries([], anItem(), now)).toEqual([]);
  });

  it('adds only the entries newer than those shown', () => {
    const shown = [entry(5, 'x', 1), entry(4, 'x', 1)];
    const fresh = [entry(7, 'x', 1), entry(6, 'x', 1), entry(5, 'x', 1)];
    expect(newerEntries(fresh, shown).map((e) => e.position)).toEqual([7, 6]);
  });
});
