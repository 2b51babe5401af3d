import {
  decideItem,
  evolve as evolveItem,
  initialItem,
  InsufficientStockError,
  ItemNotFoundError,
  stockAt,
  type InventoryEvent,
  type Item,
} from '../../inventory';
import type { Stocktake } from './stocktake';
import type { StocktakeCommand } from './stocktake-commands';
import {
  InvalidCountError,
  NotALineError,
  NothingCountedError,
  NothingToCountError,
  StocktakeAlreadyExistsError,
  StocktakeNotFoundError,
  StocktakePostedError,
  UncountableItemsError,
} from './stocktake-errors';
import type { PostedLine, StocktakeEvent } from './stocktake-events';

type OpenStocktake = Extract<Stocktake, { status: 'open' | 'posted' }>;

function existing(stocktake: Stocktake, stocktakeId: string): OpenStocktake {
  if (stocktake.status === 'absent') throw new StocktakeNotFoundError(stocktakeId);
  return stocktake;
}

function open(stocktake: Stocktake, stocktakeId: string): OpenStocktake {
  const found = existing(stocktake, stocktakeId);
  if (found.status === 'posted') throw new StocktakePostedError(stocktakeId);
  return found;
}

/** The stocktakes' rules for opening and counting: what a command on a stocktake's current state produces, or why it is refused. */
export function decide(command: StocktakeCommand, stocktake: Stocktake): StocktakeEvent[] {
  const { stocktakeId } = command.data;
  switch (command.type) {
    case 'OpenStocktake': {
      const { locationId, items } = command.data;
      if (stocktake.status !== 'absent') throw new StocktakeAlreadyExistsError(stocktakeId);
      if (items.length === 0) throw new NothingToCountError(locationId);
      const uncountable = items.filter(({ status }) => status !== 'active').map(({ itemId }) => itemId);
      if (uncountable.length > 0) throw new UncountableItemsError(uncountable);
      const itemIds = [...new Set(items.map(({ itemId }) => itemId))];
      return [{ type: 'StocktakeChanged', data: { stocktakeId, kind: 'opened', locationId, itemIds } }];
    }
    case 'CountLine': {
      const { itemId, ...count } = command.data;
      const found = open(stocktake, stocktakeId);
      if (!found.lines.has(itemId)) throw new NotALineError(stocktakeId, itemId);
      if (!Number.isSafeInteger(count.counted) || count.counted < 0) throw new InvalidCountError(count.counted);
      return [{ type: 'StocktakeChanged', data: { ...count, stocktakeId, kind: 'counted', itemId } }];
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown stocktake command ${JSON.stringify(unknown)}`);
    }
  }
}

/** A counted line as posting would settle it, with the item as it is now. */
export interface SettledLine extends PostedLine {
  readonly item: Extract<Item, { status: 'active' | 'archived' }>;
}

export interface Posting {
  readonly lines: readonly SettledLine[];
  /** The events to append: the stocktake's, and each adjusted item's. */
  readonly stocktake: StocktakeEvent;
  readonly items: ReadonlyMap<string, readonly InventoryEvent[]>;
}

/**
 * Posting a stocktake: each counted line is adjusted by `counted − expected`, where `expected` is
 * the item's stock at the location as it stood at the version the line was counted against (folded
 * again here from the item's own events), and the adjustment is applied to the stock as it is NOW,
 * so movements made after the count are kept. Lines without a difference append no movement.
 *
 * `itemEvents`: each counted item's whole stream; `movementIds`: a fresh id per item, from the edge.
 */
export function decidePosting(
  stocktake: Stocktake,
  stocktakeId: string,
  itemEvents: ReadonlyMap<string, readonly InventoryEvent[]>,
  movementIds: ReadonlyMap<string, string>,
): Posting {
  const found = open(stocktake, stocktakeId);
  const counted = [...found.lines].flatMap(([itemId, count]) => (count ? [{ itemId, count }] : []));
  if (counted.length === 0) throw new NothingCountedError(stocktakeId);
  const lines: SettledLine[] = [];
  const items = new Map<string, InventoryEvent[]>();
  for (const { itemId, count } of counted) {
    const events = itemEvents.get(itemId) ?? [];
    const expected = stockAt(stockOf(foldItem(events.slice(0, count.itemVersion))), found.locationId);
    const item = foldItem(events);
    if (item.status === 'absent') throw new ItemNotFoundError(itemId);
    const adjustment = count.counted - expected;
    const quantityBefore = stockAt(item.stock, found.locationId);
    const quantityAfter = quantityBefore + adjustment;
    if (quantityAfter < 0) throw new InsufficientStockError(quantityBefore, -adjustment);
    const movementId = adjustment === 0 ? null : (movementIds.get(itemId) ?? null);
    if (adjustment !== 0) {
      if (movementId === null) throw new Error(`no movement id was given for item ${itemId}`);
      const command = {
        type: 'AdjustStock',
        data: {
          itemId,
          movementId,
          locationId: found.locationId,
          countedQuantity: quantityAfter,
          reason: 'stocktake',
          note: `stocktake ${stocktakeId}`,
        },
      } as const;
      items.set(itemId, decideItem(command, item));
    }
    lines.push({
      itemId,
      counted: count.counted,
      expected,
      adjustment,
      countedAt: count.countedAt,
      movementId,
      quantityBefore,
      quantityAfter,
      item,
    });
  }
  const posted: PostedLine[] = lines.map(({ item: _item, ...line }) => line);
  return { lines, stocktake: { type: 'StocktakeChanged', data: { stocktakeId, kind: 'posted', lines: posted } }, items };
}

const foldItem = (events: readonly InventoryEvent[]): Item => events.reduce(evolveItem, initialItem());

const stockOf = (item: Item) => (item.status === 'absent' ? {} : item.stock);
