import { firstValueFrom, of, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ItemsProjected, type HistoryEntryType, type ItemChange } from '../../inventory';
import type { RaiseLowStockAlertCommand } from '../commands/raise-low-stock-alert.command';
import { LowStockSaga } from './low-stock.saga';
import type { SagaFailures } from './saga-failures';

let position = 0;

function change(
  itemId: string,
  type: HistoryEntryType,
  { lowStock = false, hasLocationThresholds = false, archived = false } = {},
): ItemChange {
  position += 1;
  return {
    itemId,
    position,
    version: position,
    type,
    hasLocationThresholds,
    item: {
      id: itemId,
      sku: `SKU-${itemId}`,
      name: itemId,
      description: '',
      unit: 'pcs',
      quantity: lowStock ? 1 : 50,
      lowStockThreshold: 5,
      price: null,
      barcode: null,
      reorderPoint: null,
      reorderQuantity: null,
      leadTimeDays: null,
      lowStock,
      archived,
      version: position,
      updatedAt: new Date().toISOString(),
    },
  };
}

/** The items the saga asks about for one live batch. */
async function askedAbout(...changes: ItemChange[]): Promise<string[]> {
  const saga = new LowStockSaga({ sagaFailed: () => undefined } as unknown as SagaFailures);
  const commands = await firstValueFrom(saga.lowStock(of(new ItemsProjected('items', changes))).pipe(toArray()));
  return commands.map((command) => (command as RaiseLowStockAlertCommand).itemId).sort();
}

describe('LowStockSaga', () => {
  it('asks about an item the batch left low in total, whatever moved it', async () => {
    expect(await askedAbout(change('a', 'IN', { lowStock: true }), change('b', 'IN'))).toEqual(['a']);
  });

  it('asks about an item taken out at a location only when the item has location thresholds', async () => {
    const batch = [
      change('with', 'OUT', { hasLocationThresholds: true }),
      change('without', 'OUT'),
      change('moved', 'TRANSFER', { hasLocationThresholds: true }),
      change('counted', 'ADJUST', { hasLocationThresholds: true }),
    ];
    expect(await askedAbout(...batch)).toEqual(['counted', 'moved', 'with']);
  });

  it('does not ask about stock coming in at a location, nor about archived items', async () => {
    expect(
      await askedAbout(
        change('in', 'IN', { hasLocationThresholds: true }),
        change('gone', 'OUT', { hasLocationThresholds: true, archived: true }),
      ),
    ).toEqual([]);
  });

  it('asks once per item however many of its changes the batch holds', async () => {
    expect(
      await askedAbout(
        change('a', 'OUT', { hasLocationThresholds: true }),
        change('a', 'OUT', { hasLocationThresholds: true, lowStock: true }),
      ),
    ).toEqual(['a']);
  });
});
