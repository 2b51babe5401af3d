import { TestBed } from '@angular/core/testing';
import type { Item } from '../api/models';
import { liveTestBed } from '../../../testing/live-test-bed';
import { anItem } from '../../../testing/session';
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
    const skus = () => notices.notices().map((item) => item.sku);
    const answerLowItems = (pages: Item[][]) =>
      pages.forEach((items, page) =>
        bed.http
          .expectOne(
            (r) => r.url === '/api/items' && r.params.get('lowStock') === 'true' && r.params.get('cursor') === (page ? `c${page}` : null),
          )
          .flush({ items, nextCursor: page < pages.length - 1 ? `c${page + 1}` : null }),
      );
    return { notices, moved, skus, answerLowItems };
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
