import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { positioned, type Positioned } from '../../../event-store';
import { evolve, initialItem, metadataOf, stockAt } from '../../../inventory';
import { decide } from '../../domain/decide';
import { stocktakeStreamId } from '../../domain/stocktake-events';
import type { CountedLine } from '../../queries/impl/views';
import { CountLineCommand } from '../impl/count-line.command';
import { inventoryEvents, StocktakeStreams } from '../stocktake-streams';

@CommandHandler(CountLineCommand)
export class CountLineHandler implements ICommandHandler<CountLineCommand> {
  constructor(private readonly streams: StocktakeStreams) {}

  /**
   * The count is taken against the item's stream as it is read here: its last event's version and
   * global position, and the units at the location once that event was applied. A movement that
   * commits after this read has a later version, so it counts as made after the count.
   */
  execute({ stocktakeId, itemId, counted, context }: CountLineCommand): Promise<Positioned<CountedLine>> {
    return this.streams.retrying(stocktakeId, async () => {
      const { state } = await this.streams.stocktake(stocktakeId);
      const itemEvents = (await this.streams.items([itemId])).get(itemId) ?? [];
      const item = inventoryEvents(itemEvents).reduce(evolve, initialItem());
      const expected = state.status === 'absent' || item.status === 'absent' ? 0 : stockAt(item.stock, state.locationId);
      const countedAt = context.now.toISOString();
      const countedBy = { id: context.user.id, username: context.user.username };
      const position = itemEvents.at(-1)?.position ?? 0;
      const events = decide(
        { type: 'CountLine', data: { stocktakeId, itemId, counted, expected, itemVersion: item.version, position, countedAt, countedBy } },
        state,
      );
      const outcome = await this.streams.store.append({
        streamId: stocktakeStreamId(stocktakeId),
        expectedVersion: state.version,
        events: events.map((event) => ({ ...event, metadata: metadataOf(context) })),
      });
      if (outcome.status !== 'appended') throw new Error('an unkeyed append was answered as a replay');
      return positioned({ stocktakeId, itemId, counted, countedAt, countedPosition: position }, outcome.positions.at(-1) ?? 0);
    });
  }
}
