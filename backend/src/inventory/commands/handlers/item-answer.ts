import type { InventoryEvent } from '../../domain/item-events';
import type { ItemView } from '../../queries/impl/views';
import type { CommandContext } from '../impl/command-context';
import type { MovementResult } from '../impl/results';
import type { ItemSnapshot } from '../item-states';
import { toItemView, toRecordedMovement } from '../responses';

/** Item commands answer the item as it stands after them. */
export const itemAnswer = ({ item, updatedAt }: ItemSnapshot): ItemView => toItemView(item, updatedAt ?? new Date());

/** Stock commands answer the movement and the item after it. */
export const movementAnswer =
  (context: CommandContext) =>
  (after: ItemSnapshot, events: readonly InventoryEvent[]): MovementResult => {
    const moved = events.find((event) => event.type === 'StockMoved');
    if (!moved) throw new Error('a stock command produced no movement');
    return { movement: toRecordedMovement(moved.data, context.user, context.now), item: itemAnswer(after) };
  };
