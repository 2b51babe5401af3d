import { TestBed } from '@angular/core/testing';
import { liveTestBed } from '../../../testing/live-test-bed';
import { anAlert } from '../../../testing/session';
import { LowStockNotices } from './low-stock-notices';

describe('LowStockNotices', () => {
  const setup = () => {
    const bed = liveTestBed('staff');
    const notices = TestBed.inject(LowStockNotices);
    const alert = (position: number, overrides: Parameters<typeof anAlert>[0]) =>
      bed.push({ type: 'alert.low_stock', position, data: anAlert(overrides) });
    return { notices, alert };
  };

  beforeEach(() => localStorage.clear());

  it('raises a notice per item for a new alert, the newest first', () => {
    const { notices, alert } = setup();
    alert(1, { id: 'a1', itemId: 'x', sku: 'X' });
    alert(2, { id: 'a2', itemId: 'y', sku: 'Y' });
    alert(3, { id: 'a3', itemId: 'x', sku: 'X', quantity: 0 });
    expect(notices.notices().map((notice) => [notice.sku, notice.quantity])).toEqual([
      ['X', 0],
      ['Y', 2],
    ]);
  });

  it('follows the delivery of a shown alert but does not bring back a dismissed one', () => {
    const { notices, alert } = setup();
    alert(1, { id: 'a1' });
    alert(2, { id: 'a1', state: 'preview' });
    expect(notices.notices().map((notice) => notice.state)).toEqual(['preview']);
    notices.dismissAll();
    alert(3, { id: 'a1', state: 'sent' });
    expect(notices.notices()).toEqual([]);
  });
});
