import { TestBed } from '@angular/core/testing';
import type { Item, LowStockAlert } from '../api/models';
import { liveTestBed } from '../../../testing/live-test-bed';
import { anAlert, anItem } from '../../../testing/session';
import { LowStockNotices } from './low-stock-notices';

describe('LowStockNotices', () => {
  const setup = () => {
    const bed = liveTestBed('staff');
    const notices = TestBed.inject(LowStockNotices);
    const moved = (position: number, item: Item) =>
      bed.push({
        type: 'stock.moved',
        position,
        data: {
          movement: { id: `m${position}`, itemId: item.id, type: 'OUT', quantity: 1, quantityBefore: 0, quantityAfter: 0, at: '' },
          item,
        },
      });
    const alert = (position: number, data: LowStockAlert) => bed.push({ type: 'alert.low_stock', position, data });
    const skus = () => notices.notices().map((item) => item.sku);
    const answerLowItems = (pages: Item[][]) =>
      pages.forEach((items, page) =>
        bed.http
          .expectOne(
            (r) => r.url === '/api/items' && r.params.get('lowStock') === 'true' && r.params.get('cursor') === (page ? `c${page}` : null),
          )
          .flush({ items, nextCursor: page < pages.length - 1 ? `c${page + 1}` : null }),
      );
    return { notices, moved, skus, answerLowItems, alert };
  };

  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });

  it('starts with every item already low, from all pages of the read model', () => {
    const { notices, skus, answerLowItems } = setup();
    notices.load();
    answerLowItems([[anItem({ id: 'a', sku: 'A', lowStock: true })], [anItem({ id: 'b', sku: 'B', lowStock: true })]]);
    expect(skus()).toEqual(['A', 'B']);
  });

  it('puts an item crossing into low first, follows its quantity and drops it once restocked', () => {
    const { notices, moved, skus, answerLowItems } = setup();
    notices.load();
    answerLowItems([[anItem({ id: 'a', sku: 'A', lowStock: true })]]);
    moved(1, anItem({ id: 'b', sku: 'B', quantity: 3, lowStock: true, version: 2 }));
    moved(2, anItem({ id: 'b', sku: 'B', quantity: 1, lowStock: true, version: 3 }));
    expect(notices.notices().map((item) => [item.sku, item.quantity])).toEqual([
      ['B', 1],
      ['A', 20],
    ]);
    moved(3, anItem({ id: 'a', sku: 'A', quantity: 50, lowStock: false, version: 2 }));
    expect(skus()).toEqual(['B']);
  });

  it('keeps a dismissal through a reload while the item stays low, and shows its next crossing after a restock', () => {
    const first = setup();
    first.notices.load();
    first.answerLowItems([[anItem({ id: 'a', sku: 'A', lowStock: true }), anItem({ id: 'b', sku: 'B', lowStock: true })]]);
    first.notices.dismiss(anItem({ id: 'a', sku: 'A', lowStock: true }));
    expect(first.skus()).toEqual(['B']);

    TestBed.resetTestingModule();
    const reloaded = setup();
    reloaded.notices.load();
    reloaded.answerLowItems([[anItem({ id: 'a', sku: 'A', lowStock: true }), anItem({ id: 'b', sku: 'B', lowStock: true })]]);
    expect(reloaded.skus()).toEqual(['B']);

    reloaded.moved(1, anItem({ id: 'a', sku: 'A', quantity: 40, lowStock: false, version: 2 }));
    reloaded.moved(2, anItem({ id: 'a', sku: 'A', quantity: 2, lowStock: true, version: 3 }));
    expect(reloaded.skus()).toEqual(['A', 'B']);
  });

  it('shows a dismissed item again when the server raises a new alert for it, though every message of the burst says low', () => {
    const { notices, moved, skus, answerLowItems, alert } = setup();
    notices.load();
    answerLowItems([[anItem({ id: 'a', sku: 'A', quantity: 2, lowStock: true })]]);
    notices.dismiss(anItem({ id: 'a' }));
    alert(1, anAlert({ id: 'old', itemId: 'a', state: 'sent', attempts: 1 }));
    expect(skus()).toEqual([]);
    moved(2, anItem({ id: 'a', sku: 'A', quantity: 1, lowStock: true, version: 3 }));
    moved(3, anItem({ id: 'a', sku: 'A', quantity: 1, lowStock: true, version: 4 }));
    expect(skus()).toEqual([]);
    alert(4, anAlert({ id: 'new', itemId: 'a', state: 'pending', attempts: 0 }));
    expect(notices.notices().map((item) => [item.sku, item.quantity])).toEqual([['A', 1]]);
  });

  it('drops an archived item and ignores a message older than the item it has', () => {
    const { notices, moved, skus, answerLowItems } = setup();
    notices.load();
    answerLowItems([[anItem({ id: 'a', sku: 'A', lowStock: true, version: 5 })]]);
    moved(1, anItem({ id: 'a', sku: 'A', lowStock: false, version: 4 }));
    expect(skus()).toEqual(['A']);
    moved(2, anItem({ id: 'a', sku: 'A', lowStock: true, archived: true, version: 6 }));
    expect(skus()).toEqual([]);
  });
});
